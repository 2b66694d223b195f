# csv-duplicate-header
"$GW" render tests/bad/files/rows.md --data tests/bad/files/dup-header.csv -o "$OUT/x.pdf"
