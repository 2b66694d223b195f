# table-bad-align
"$GW" render tests/bad/files/table-bad-align.md -o "$OUT/x.pdf"
