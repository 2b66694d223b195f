# xlsx-error-cell: #N/A and #DIV/0! cells are errors naming the cells
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" error-cell || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
