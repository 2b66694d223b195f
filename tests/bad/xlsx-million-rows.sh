# xlsx-million-rows: a sheet with all 1,048,576 rows: bounded, a clear message, quickly
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" million-rows || exit 9
"$GW" render tests/bad/files/score-rows.md --data "$t/考核.xlsx" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
