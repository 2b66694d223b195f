# table-bad-bool
"$GW" render tests/bad/files/table-bad-bool.md -o "$OUT/x.pdf"
