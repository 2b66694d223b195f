# table-too-wide
"$GW" render tests/bad/files/table-too-wide.md -o "$OUT/x.pdf"
