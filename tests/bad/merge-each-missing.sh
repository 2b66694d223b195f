# merge-each-missing: --each names a list the data does not have
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单元 -o "$OUT/{{单位}}.pdf"
