#!/bin/sh
# check_templates.sh — every built-in template renders with sample data,
# without a warning, and the PDF passes the GB/T 9704 checker.
set -u
gw=${GONGWEN:-./gongwen}
shared=${1:-../shared}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for t in templates/*.md; do
	name=$(basename "$t" .md)
	fmt=""; [ "$name" = "函" ] && fmt="--format letter"
	if "$gw" render "$t" --data tests/data/templates.yaml -o "$tmp/$name.pdf" 2> "$tmp/err" &&
	   ! grep -q "warning\|error" "$tmp/err" &&
	   /usr/bin/python3 "$shared/tools/gbt9704_check.py" $fmt "$tmp/$name.pdf" > "$tmp/check" 2>&1; then
		pass=$((pass+1))
	else
		fail=$((fail+1)); echo "FAIL template $t:"; grep -v "note:" "$tmp/err"; grep FAIL "$tmp/check"
	fi
done
echo "templates: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
