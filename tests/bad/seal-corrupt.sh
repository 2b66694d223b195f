# seal-corrupt
"$GW" render tests/bad/files/seal-corrupt.md -o "$OUT/x.pdf"
