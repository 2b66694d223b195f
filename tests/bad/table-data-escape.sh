# table-data-escape
"$GW" render tests/bad/files/table-data-escape.md -o "$OUT/x.pdf"
