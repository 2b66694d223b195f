#!/bin/sh
# check_examples.sh SHARED PDF... — every rendered example must pass the
# GB/T 9704 checker with no FAIL, extract without warnings, embed and subset
# every font, and render byte-identically twice.
set -u
shared=$1; shift
checker="$shared/tools/gbt9704_check.py"
py=${PYTHON:-/usr/bin/python3}
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for pdf in "$@"; do
	name=$(basename "$pdf" .pdf)
	ok=1
	fmt=""; case "$name" in *letter*) fmt="--format letter";; esac
	if ! "$py" "$checker" $fmt "$pdf" > "$tmp/$name.check" 2>&1; then
		echo "FAIL $name: GB/T 9704 checker:"; grep -E "FAIL" "$tmp/$name.check" | head -20; ok=0
	fi
	if ! pdftotext -enc UTF-8 "$pdf" "$tmp/$name.txt" 2> "$tmp/$name.err" || [ -s "$tmp/$name.err" ]; then
		echo "FAIL $name: pdftotext warned:"; head -5 "$tmp/$name.err"; ok=0
	fi
	if pdffonts "$pdf" 2>/dev/null | awk 'NR>2 && ($(NF-4) != "yes" || $(NF-3) != "yes") {bad=1} END {exit bad}'; then :; else
		echo "FAIL $name: a font is not embedded and subset:"; pdffonts "$pdf"; ok=0
	fi
	args=$(cat "examples/$name/ARGS" 2>/dev/null || true)
	if ./gongwen render $args "examples/$name/main.md" -o "$tmp/$name.again.pdf" 2>/dev/null &&
	   cmp -s "$pdf" "$tmp/$name.again.pdf"; then :; else
		echo "FAIL $name: a second render is not byte-identical"; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass+1)); echo "ok   $name: $(tail -n 1 "$tmp/$name.check")"; else fail=$((fail+1)); fi
done
echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
