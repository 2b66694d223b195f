# calc-merge: the calculation runs before the merge splits the data: nothing is written
"$GW" render tests/bad/files/calc.md --data 单位=tests/bad/files/calc-range.csv --each 单位 -o "$OUT/{{单位}}.pdf" -j 1
