# xlsx-entities: billion laughs: a DTD is refused, entities are never expanded
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" entities || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
