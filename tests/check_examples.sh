#!/bin/sh
# check_examples.sh SHARED PDF|DIR... — every rendered example must pass the
# GB/T 9704 checker with no FAIL (or exactly the documented checker
# limitations in examples/NAME/CHECKER), extract without warnings, embed and
# subset every font, and render byte-identically twice.  A DIR is a
# mail-merge example: every record's PDF is checked, and the combined
# 合订.pdf (many documents in one file) for all but the checker.
set -u
shared=$1; shift
checker="$shared/tools/gbt9704_check.py"
py=${PYTHON:-/usr/bin/python3}
pass=0; fail=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

check_pdf() {  # PDF NAME RUN_CHECKER -> 0 ok
	pdf=$1; name=$2; cok=0
	fmt=""; case "$name" in *letter*) fmt="--format letter";; esac
	if [ "$3" = 1 ]; then
		"$py" "$checker" $fmt "$pdf" > "$tmp/check" 2>&1
		"$py" "$checker" --json $fmt "$pdf" > "$tmp/json" 2>/dev/null
		if ! "$py" - "$tmp/json" "examples/$name/CHECKER" <<'PY'
import json, sys, os
r = json.load(open(sys.argv[1]))
fails = sorted({x["rule"] for x in r["results"] if x["status"] == "FAIL"})
allowed = set()
if os.path.exists(sys.argv[2]):
    allowed = {l.split()[0] for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
bad = [f for f in fails if f not in allowed]
stale = sorted(allowed - set(fails))
for x in r["results"]:
    if x["status"] == "FAIL" and x["rule"] in bad:
        print("  FAIL %s %s" % (x["rule"], x["message"]))
for s in stale:
    print("  %s is listed in CHECKER but no longer fails: remove it" % s)
sys.exit(1 if bad or stale else 0)
PY
		then
			echo "FAIL $pdf: GB/T 9704 checker (above)"; cok=1
		fi
	fi
	if ! pdftotext -enc UTF-8 "$pdf" "$tmp/txt" 2> "$tmp/err" || [ -s "$tmp/err" ]; then
		echo "FAIL $pdf: pdftotext warned:"; head -5 "$tmp/err"; cok=1
	fi
	if ! pdffonts "$pdf" 2>/dev/null | awk 'NR>2 && ($(NF-4) != "yes" || $(NF-3) != "yes") {bad=1} END {exit bad || NR < 3}'; then
		echo "FAIL $pdf: a font is not embedded and subset:"; pdffonts "$pdf"; cok=1
	fi
	return $cok
}

for arg in "$@"; do
	name=$(basename "$arg" .pdf)
	args=$(cat "examples/$name/ARGS" 2>/dev/null || true)
	ok=1
	if [ -d "$arg" ]; then
		n=0
		for pdf in "$arg"/*.pdf; do
			n=$((n+1))
			run=1; [ "$(basename "$pdf")" = "合订.pdf" ] && run=0
			check_pdf "$pdf" "$name" $run || ok=0
		done
		[ $n -gt 1 ] || { echo "FAIL $arg: no PDFs"; ok=0; }
		mkdir -p "$tmp/again/$name"
		each="examples/$name/main.md"   # or another template: examples/NAME/EACH
		[ -f "examples/$name/EACH" ] && each="examples/$name/$(cat "examples/$name/EACH")"
		./gongwen render $args $each -o "$tmp/again/$name/$(cat "examples/$name/OUTPUT")" 2>/dev/null
		./gongwen render $args $each --combine "$tmp/again/$name/合订.pdf" 2>/dev/null
		for pdf in "$arg"/*.pdf; do
			cmp -s "$pdf" "$tmp/again/$name/$(basename "$pdf")" || { echo "FAIL $pdf: a second render differs"; ok=0; }
		done
		summary="$n PDFs"
	else
		check_pdf "$arg" "$name" 1 || ok=0
		if ./gongwen render $args "examples/$name/main.md" -o "$tmp/again.pdf" 2>/dev/null &&
		   cmp -s "$arg" "$tmp/again.pdf"; then :; else
			echo "FAIL $name: a second render is not byte-identical"; ok=0
		fi
		summary=$(tail -n 1 "$tmp/check")
	fi
	if [ $ok = 1 ]; then pass=$((pass+1)); echo "ok   $name: $summary"; else fail=$((fail+1)); fi
done
echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
