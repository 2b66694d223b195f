# table-bad-group-row
"$GW" render tests/bad/files/table-bad-group-row.md -o "$OUT/x.pdf"
