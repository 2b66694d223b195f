#!/bin/sh
# golden/run.sh — render each tests/golden/NAME.md; compare the layout dump
# with NAME.layout and the text pdftotext extracts with NAME.txt; no run may
# overlap another or a rule (tests/overlap.py).
# UPDATE=1 rewrites the expected files (review the diff before committing).
set -u
gw=${GONGWEN:-./gongwen}
dir=tests/golden
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for md in "$dir"/*.md; do
	name=$(basename "$md" .md)
	args=$(cat "$dir/$name.args" 2>/dev/null || true)
	ok=1
	"$gw" render $args --dump=layout "$md" > "$tmp/$name.layout" 2> "$tmp/$name.stderr"
	"$gw" render $args "$md" -o "$tmp/$name.pdf" 2>> "$tmp/$name.stderr"; st=$?
	if [ $st -ge 2 ] || [ ! -s "$tmp/$name.pdf" ]; then
		echo "FAIL golden $name: render exited $st:"; head -5 "$tmp/$name.stderr"; ok=0
	fi
	pdftotext -enc UTF-8 -layout "$tmp/$name.pdf" "$tmp/$name.txt" 2>> "$tmp/$name.stderr" || true
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/$name.layout" "$dir/$name.layout"; cp "$tmp/$name.txt" "$dir/$name.txt"
	fi
	# nothing drawn over anything else (the GB/T checker does not look)
	if ! /usr/bin/python3 tests/overlap.py "$tmp/$name.pdf" > "$tmp/$name.overlap" 2>&1; then
		echo "FAIL golden $name: runs drawn over each other:"; head -10 "$tmp/$name.overlap"; ok=0
	fi
	for k in layout txt; do
		if ! diff -u "$dir/$name.$k" "$tmp/$name.$k" > "$tmp/$name.$k.diff" 2>&1; then
			echo "FAIL golden $name.$k:"; head -30 "$tmp/$name.$k.diff"; ok=0
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass+1)); else fail=$((fail+1)); fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
