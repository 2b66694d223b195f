# merge-missing-column: a field missing from the CSV says so and lists its columns
"$GW" render tests/bad/files/missing-column.md --data 单位=tests/bad/files/one-row.csv --each 单位 -o "$OUT/{{单位}}.pdf" 2> "$OUT/err"; st=$?
sed "s/in [0-9.]* s ([0-9]* per second)/in N s/" "$OUT/err" >&2; rm "$OUT/err"; exit $st
