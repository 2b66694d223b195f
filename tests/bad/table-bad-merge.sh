# table-bad-merge
"$GW" render tests/bad/files/table-bad-merge.md -o "$OUT/x.pdf"
