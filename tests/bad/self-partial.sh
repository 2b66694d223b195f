# self-partial
"$GW" render tests/bad/files/self-partial.md -o "$OUT/x.pdf"
