#!/bin/sh
# tests/fuzz/run.sh [SECONDS] — build every libFuzzer target into
# build-fuzz/ and run each for SECONDS (default 60), two at a time.
#
#   make fuzz FUZZ_SECONDS=600          the same, from the top Makefile
#   FUZZ_TARGETS="csv md" sh tests/fuzz/run.sh 30    only some targets
#   FUZZ_JOBS=4                         run four at a time
#
# Sources are built with clang -fsanitize=fuzzer-no-link,address,undefined
# and the Makefile's pkg-config flags.  Each target starts from its seed
# corpus tests/fuzz/corpus/<t>/ and its own growing corpus in
# build-fuzz/corpus/<t>/ (not committed; delete it to start afresh).
# A crash, leak, timeout (-timeout=10) or out-of-memory (> 2 GB) is
# written to tests/fuzz/regress/<t>/, where `make check` replays it, and
# makes this script exit non-zero.  Slow inputs (> FUZZ_SLOW seconds,
# default 5 under ASan, about 0.5-1 s without it) are moved to
# build-fuzz/slow/<t>/ and listed: look at them, they are usually a
# quadratic loop.  Logs: build-fuzz/log/<t>.log;
# build-fuzz/log/history.txt keeps one line per target run (seconds, runs).
set -u

ALL_TARGETS="csv json yaml front tmpl md linebreak escape table xlsx decimal calc"

# ---- one target (run by xargs below) -------------------------------------
if [ "${1:-}" = "--one" ]; then
	secs=$2 t=$3 B=build-fuzz
	reg=tests/fuzz/regress/$t
	rm -rf "$B/slow/$t"   # this run's slow inputs only
	mkdir -p "$B/corpus/$t" "$reg" "$B/log" "$B/slow/$t" "$B/tmp"
	# the targets' template roots (gw-fuzz-*): a crash leaves its own
	TMPDIR=$(pwd)/$B/tmp
	export TMPDIR
	set -- -max_total_time="$secs" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -report_slow_units="${FUZZ_SLOW:-5}" \
	    -print_final_stats=1 -artifact_prefix="$reg/"
	[ -f "tests/fuzz/dict/$t.dict" ] && set -- "$@" -dict="tests/fuzz/dict/$t.dict"
	echo "fuzz: $t: running for ${secs}s"
	t0=$(date +%s)
	"$B/fuzz_$t" "$@" "$B/corpus/$t" "tests/fuzz/corpus/$t" \
	    >"$B/log/$t.log" 2>&1
	rc=$?
	t1=$(date +%s)
	for f in "$reg"/slow-unit-*; do
		[ -e "$f" ] && mv "$f" "$B/slow/$t/"
	done
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/log/$t.log" | tail -1)
	cov=$(grep -o 'cov: [0-9]*' "$B/log/$t.log" | tail -1)
	# one line per run, for the fuzzing hours stated in the README
	echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $t seconds=$((t1 - t0))" \
	    "runs=${execs:-0} ${cov:-cov: ?} exit=$rc" >>"$B/log/history.txt"
	if [ "$rc" = 0 ]; then
		echo "fuzz: $t: ok, ${execs:-?} runs, $cov"
	else
		echo "fuzz: $t: FAILED (exit $rc) after ${execs:-?} runs; see $B/log/$t.log"
		grep -m3 -E '^==[0-9]+==ERROR|^SUMMARY|fuzz invariant|Test unit written' \
		    "$B/log/$t.log" | sed 's/^/    /'
	fi
	exit "$rc"
fi

# ---- build ---------------------------------------------------------------
secs=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
cd "$top" || exit 2
B=build-fuzz
CC=${FUZZ_CC:-clang}
PKGS="libcmark-gfm harfbuzz harfbuzz-subset fontconfig jansson yaml-0.1 libpng zlib icu-uc libzip expat"
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: $CC not found (apt-get install clang)" >&2
	exit 2
fi
PKG_CFLAGS=$(pkg-config --cflags $PKGS) || exit 2
PKG_LIBS=$(pkg-config --libs $PKGS) || exit 2
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer $SAN $PKG_CFLAGS"
LIBS="-lcmark-gfm-extensions $PKG_LIBS -lhpdf -lm"
mkdir -p "$B/obj" || exit 2

newest_h=$(ls -t src/*.h | head -1)
objs=
for c in src/*.c; do
	[ "$c" = src/main.c ] && continue
	o=$B/obj/$(basename "$c" .c).o
	objs="$objs $o"
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
		echo "fuzz: cc $c"
		$CC $CFLAGS -fsanitize=fuzzer-no-link \
		    -DGONGWEN_VERSION='"fuzz"' \
		    -DGONGWEN_DATADIR='"/usr/local/share/gongwen"' \
		    -c -o "$o" "$c" || exit 2
	fi
done
rm -f "$B/libgongwen.a"
rm -rf "$B/tmp"
ar rcs "$B/libgongwen.a" $objs || exit 2

targets=${FUZZ_TARGETS:-$ALL_TARGETS}
for t in $targets; do
	$CC $CFLAGS -fsanitize=fuzzer -Isrc -o "$B/fuzz_$t" \
	    "tests/fuzz/fuzz_$t.c" "$B/libgongwen.a" $LIBS || exit 2
done
[ "$secs" = 0 ] && { echo "fuzz: built $targets"; exit 0; }

# ---- run, FUZZ_JOBS (2) at a time -----------------------------------------
echo "fuzz: $targets, ${secs}s each, ${FUZZ_JOBS:-2} at a time"
printf '%s\n' $targets | xargs -n 1 -P "${FUZZ_JOBS:-2}" \
    sh tests/fuzz/run.sh --one "$secs"
rc=$?
slow=$(find "$B/slow" -type f 2>/dev/null | wc -l)
[ "$slow" -gt 0 ] && echo "fuzz: $slow slow input(s) in $B/slow/ (look at them)"
if [ "$rc" != 0 ]; then
	echo "fuzz: FAILED: new inputs in tests/fuzz/regress/ (minimise with" \
	    "$B/fuzz_T -minimize_crash=1 -runs=100000 FILE, fix, commit the input)"
	exit 1
fi
echo "fuzz: all targets ok"
