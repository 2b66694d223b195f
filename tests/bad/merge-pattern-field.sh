# merge-pattern-field: the output pattern names a field no record has
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 -o "$OUT/{{名称}}.pdf"
