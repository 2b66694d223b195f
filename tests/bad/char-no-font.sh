# char-no-font
"$GW" render tests/bad/files/char-no-font.md -o "$OUT/x.pdf"
