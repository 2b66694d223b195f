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
# the scoring templates (templates/考核/): the 通报 with its 汇总表, and one
# 评分表 per unit of the sample scores
k=templates/考核; kd="--data tests/data/templates.yaml --data 单位=$k/考核得分.csv"
mkdir -p "$tmp/k"
if "$gw" render $k/通报.md $kd -o "$tmp/k/通报.pdf" 2> "$tmp/err" &&
   "$gw" render $k/评分表.md $kd --each 单位 -o "$tmp/k/{{名次}}-{{被考评单位}}.pdf" 2>> "$tmp/err" &&
   ! grep -q "warning\|error" "$tmp/err" &&
   ( for f in "$tmp"/k/*.pdf; do /usr/bin/python3 "$shared/tools/gbt9704_check.py" "$f" > "$tmp/check" 2>&1 || { grep FAIL "$tmp/check"; exit 1; }; done ) &&
   [ "$(ls "$tmp"/k/*.pdf | wc -l)" = 5 ]; then
	pass=$((pass+1))
else
	fail=$((fail+1)); echo "FAIL templates $k:"; grep -v "note:" "$tmp/err"
fi
echo "templates: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
