#!/bin/sh
# bad/run.sh — every tests/bad/NAME.sh is a command line (run from the
# repository root, $GW = the gongwen binary, $OUT = a fresh output dir);
# its stderr must equal NAME.err and its exit status NAME.status, and no
# file may be left in $OUT unless NAME.keep lists it.
# UPDATE=1 rewrites the .err/.status files (review before committing).
set -u
GW=${GONGWEN:-./gongwen}; export GW
dir=tests/bad
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for t in "$dir"/*.sh; do
	[ "$(basename "$t")" = run.sh ] && continue
	name=$(basename "$t" .sh)
	OUT="$tmp/out-$name"; mkdir -p "$OUT"; export OUT
	sh "$t" > /dev/null 2> "$tmp/$name.err"; st=$?
	sed -e "s#$OUT#\$OUT#g" "$tmp/$name.err" > "$tmp/$name.err2"
	if [ "${UPDATE:-0}" = 1 ]; then cp "$tmp/$name.err2" "$dir/$name.err"; echo $st > "$dir/$name.status"; fi
	ok=1
	if ! diff -u "$dir/$name.err" "$tmp/$name.err2" > "$tmp/d" 2>&1; then echo "FAIL bad/$name: message:"; cat "$tmp/d" | head -20; ok=0; fi
	if [ "$st" != "$(cat "$dir/$name.status")" ]; then echo "FAIL bad/$name: exit $st, want $(cat "$dir/$name.status")"; ok=0; fi
	if [ "$st" = 0 ]; then echo "FAIL bad/$name: a bad input must not exit 0"; ok=0; fi
	left=$(ls -A "$OUT")
	if [ -n "$left" ]; then echo "FAIL bad/$name: left files behind: $left"; ok=0; fi
	if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
echo "bad: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
