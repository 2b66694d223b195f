# calc-bands: a band table with a gap (89..90) and an overlap (80)
"$GW" render tests/bad/files/calc-bands.md --data 单位=tests/bad/files/calc-ok.csv -o "$OUT/x.pdf"
