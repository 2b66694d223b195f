# yaml-syntax
"$GW" render tests/bad/files/unit.md --data tests/bad/files/bad.yaml -o "$OUT/x.pdf"
