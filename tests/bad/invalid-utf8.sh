# invalid-utf8
"$GW" render tests/bad/files/invalid-utf8.md -o "$OUT/x.pdf"
