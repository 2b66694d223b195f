# xlsx-sheet-number: a sheet number past the last sheet
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" not-a-number || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx#3" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
