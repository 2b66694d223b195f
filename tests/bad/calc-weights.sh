# calc-weights: weights that do not add up to 100 %
"$GW" render tests/bad/files/calc-weights.md --data 单位=tests/bad/files/calc-ok.csv -o "$OUT/x.pdf"
