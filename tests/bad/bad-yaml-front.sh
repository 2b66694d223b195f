# bad-yaml-front
"$GW" render tests/bad/files/bad-yaml-front.md -o "$OUT/x.pdf"
