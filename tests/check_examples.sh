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
	"$py" "$checker" $fmt "$pdf" > "$tmp/$name.check" 2>&1
	"$py" "$checker" --json $fmt "$pdf" > "$tmp/$name.json" 2>/dev/null
	# FAILs must be none, or exactly the documented checker limitations in
	# examples/NAME/CHECKER (a listed rule that no longer fails is an error too)
	if ! "$py" - "$tmp/$name.json" "examples/$name/CHECKER" <<'PY'
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
		echo "FAIL $name: GB/T 9704 checker (see above)"; ok=0
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
