# yaml-alias-bomb
"$GW" render tests/bad/files/unit.md --data tests/bad/files/alias-bomb.yaml -o "$OUT/x.pdf"
