# unknown-format
"$GW" render tests/bad/files/unknown-format.md -o "$OUT/x.pdf"
