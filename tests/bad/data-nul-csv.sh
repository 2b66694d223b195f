# data-nul-csv: a NUL in a CSV header cut the name short ("单") and printed U+FFFD
"$GW" render tests/bad/files/rows.md --data tests/bad/files/nul.csv -o "$OUT/x.pdf"
