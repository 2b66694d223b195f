# dump-with-each: --dump was silently ignored with --each (the merge ran)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 --dump=doc -o "$OUT/{{单位}}.pdf"
