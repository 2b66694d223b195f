# too-many-pages: a loop in the data that would make 6,000 pages is refused
d=$(mktemp -d)
python3 -c "import json; json.dump({'行': [{'a': i} for i in range(6000)]}, open('$d/rows.json', 'w'))"
"$GW" render tests/bad/files/pages.md --data "$d/rows.json" -o "$OUT/x.pdf"; st=$?
rm -rf "$d"; exit $st
