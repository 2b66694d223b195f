# table-bad-size
"$GW" render tests/bad/files/table-bad-size.md -o "$OUT/x.pdf"
