# template-missing
"$GW" render tests/bad/files/nope.md -o "$OUT/x.pdf"
