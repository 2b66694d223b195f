# json-syntax
"$GW" render tests/bad/files/unit.md --data tests/bad/files/bad.json -o "$OUT/x.pdf"
