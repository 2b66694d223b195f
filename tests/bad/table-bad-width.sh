# table-bad-width
"$GW" render tests/bad/files/table-bad-width.md -o "$OUT/x.pdf"
