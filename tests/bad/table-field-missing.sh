# table-field-missing
"$GW" render tests/bad/files/table-field-missing.md -o "$OUT/x.pdf"
