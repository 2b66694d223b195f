# data-missing
"$GW" render tests/bad/files/rows.md --data tests/bad/files/nope.csv -o "$OUT/x.pdf"
