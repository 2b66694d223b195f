# partial-escape
"$GW" render tests/bad/files/partial-escape.md -o "$OUT/x.pdf"
