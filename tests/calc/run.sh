#!/bin/sh
# calc/run.sh — for each tests/calc/NAME.args (a gongwen command line), the
# --dump=calc output must equal NAME.calc (UPDATE=1 rewrites it; review).
set -u
gw=${GONGWEN:-./gongwen}
pass=0; fail=0
for a in tests/calc/*.args; do
	n=${a%.args}
	# shellcheck disable=SC2046
	if "$gw" render $(cat "$a") --dump=calc > "$n.out" 2>&1 && { [ "${UPDATE:-0}" = 1 ] && cp "$n.out" "$n.calc"; diff -u "$n.calc" "$n.out"; }; then
		pass=$((pass+1))
	else
		fail=$((fail+1)); echo "FAIL calc $(basename "$n")"
	fi
	rm -f "$n.out"
done
echo "calc: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
