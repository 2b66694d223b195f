# merge-long-name: a 300-byte file name is refused in the name check, before
# the first record is written (it failed mid-batch with exit 3)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/long-name.csv --each 单位 \
    -o "$OUT/{{单位}}.pdf" --set 得分=1 -j 1
