# calc-units: a unit twice, a row without a unit, a blank score
"$GW" render tests/bad/files/calc.md --data 单位=tests/bad/files/calc-units.csv -o "$OUT/x.pdf"
