# merge-duplicate-names: two records give the same file name: nothing is written
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/dup-units.csv --each 单位 -o "$OUT/{{单位}}.pdf" --set 得分=1
