# table-data-missing
"$GW" render tests/bad/files/table-data-missing.md -o "$OUT/x.pdf"
