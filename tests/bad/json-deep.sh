# json-deep
"$GW" render tests/bad/files/unit.md --data tests/bad/files/deep.json -o "$OUT/x.pdf"
