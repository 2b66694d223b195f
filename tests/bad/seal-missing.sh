# seal-missing
"$GW" render tests/bad/files/seal-missing.md -o "$OUT/x.pdf"
