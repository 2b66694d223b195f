#!/bin/sh
# tests/fuzz/replay.sh BUILD_DIR — replay every fuzz target's seed corpus
# and saved crashers (tests/fuzz/corpus/<t>, tests/fuzz/regress/<t>) with
# plain cc, no clang or libFuzzer needed.  Each target is linked with
# tests/fuzz/replay.c against BUILD_DIR/libgongwen.a (built by the
# Makefile), with $CC and $CFLAGS (so BUILD_DIR=build-asan with the ASan
# flags replays under the sanitizers, leaks included).  Every input runs in
# a child process of its own; prints the inputs that failed and
# "fuzz-replay: N passed, M failed"; exits non-zero on any failure.
set -u
B=${1:-build}
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2 -g}
PKGS="libcmark-gfm harfbuzz harfbuzz-subset fontconfig jansson yaml-0.1 libpng zlib icu-uc libzip expat"
LIBS="-lcmark-gfm-extensions $(pkg-config --libs $PKGS) -lhpdf -lm"
TARGETS="csv json yaml front tmpl md linebreak escape table xlsx decimal calc"

if [ ! -f "$B/libgongwen.a" ]; then
	echo "fuzz-replay: $B/libgongwen.a missing (make $B/libgongwen.a)" >&2
	exit 2
fi
mkdir -p "$B/fuzz-replay/tmp" || exit 2
# the targets' template roots (gw-fuzz-*), removed by each input that passes
TMPDIR=$(cd "$B/fuzz-replay/tmp" && pwd)
export TMPDIR
pass=0 fail=0
for t in $TARGETS; do
	bin=$B/fuzz-replay/replay_$t
	# shellcheck disable=SC2086
	if ! $CC -std=c11 -D_GNU_SOURCE $CFLAGS -DFUZZ_REPLAY -Isrc -o "$bin" \
	    tests/fuzz/replay.c "tests/fuzz/fuzz_$t.c" "$B/libgongwen.a" $LIBS; then
		echo "FAILED: cannot build $bin"
		fail=$((fail + 1))
		continue
	fi
	out=$("$bin" "tests/fuzz/corpus/$t" "tests/fuzz/regress/$t")
	rc=$?
	p=$(echo "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" != 0 ] && [ "${f:-0}" = 0 ]; then
		echo "FAILED: $bin (exit $rc)"
		fail=$((fail + 1))
	fi
done
echo "fuzz-replay: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
