# csv-ragged
"$GW" render tests/bad/files/rows.md --data tests/bad/files/ragged.csv -o "$OUT/x.pdf"
