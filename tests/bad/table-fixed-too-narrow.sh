# table-fixed-too-narrow
"$GW" render tests/bad/files/table-fixed-too-narrow.md -o "$OUT/x.pdf"
