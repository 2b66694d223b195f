# table-unknown-key
"$GW" render tests/bad/files/table-unknown-key.md -o "$OUT/x.pdf"
