# xlsx-bad-xml: a sheet whose XML is not well-formed names the part, line and column
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" bad-xml || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
