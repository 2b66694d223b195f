# table-merge-bad-key
"$GW" render tests/bad/files/table-merge-bad-key.md -o "$OUT/x.pdf"
