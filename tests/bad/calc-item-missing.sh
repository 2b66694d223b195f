# calc-item-missing: the data has no column for an item
"$GW" render tests/bad/files/calc.md --data 单位=tests/bad/files/calc-items.csv -o "$OUT/x.pdf"
