# table-no-columns
"$GW" render tests/bad/files/table-no-columns.md -o "$OUT/x.pdf"
