# table-unknown-col-key
"$GW" render tests/bad/files/table-unknown-col-key.md -o "$OUT/x.pdf"
