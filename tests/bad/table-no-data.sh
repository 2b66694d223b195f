# table-no-data
"$GW" render tests/bad/files/table-no-data.md -o "$OUT/x.pdf"
