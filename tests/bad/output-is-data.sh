# output-is-data
cp tests/bad/files/bad.yaml "$OUT/d.yaml" && printf '单位: 甲\n' > "$OUT/d.yaml" && "$GW" render tests/bad/files/unit.md --data "$OUT/d.yaml" -o "$OUT/d.yaml"; st=$?; rm -f "$OUT/d.yaml"; exit $st
