# xlsx-not-a-number: a text where a number is wanted names the cell as Excel does
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" not-a-number || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx#评分" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
