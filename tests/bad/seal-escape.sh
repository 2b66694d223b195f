# seal-escape
"$GW" render tests/bad/files/seal-escape.md -o "$OUT/x.pdf"
