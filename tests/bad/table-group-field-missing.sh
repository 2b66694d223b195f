# table-group-field-missing
"$GW" render tests/bad/files/table-group-field-missing.md -o "$OUT/x.pdf"
