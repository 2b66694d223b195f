# table-sum-not-number
"$GW" render tests/bad/files/table-sum-not-number.md -o "$OUT/x.pdf"
