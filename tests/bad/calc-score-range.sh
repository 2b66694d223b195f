# calc-score-range: above the maximum, below 0, not a number: each with its CSV line:column
"$GW" render tests/bad/files/calc.md --data 单位=tests/bad/files/calc-range.csv -o "$OUT/x.pdf"
