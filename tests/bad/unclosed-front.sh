# unclosed-front
"$GW" render tests/bad/files/unclosed-front.md -o "$OUT/x.pdf"
