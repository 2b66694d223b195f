# table-col-no-title
"$GW" render tests/bad/files/table-col-no-title.md -o "$OUT/x.pdf"
