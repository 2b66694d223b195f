# table-pct-over
"$GW" render tests/bad/files/table-pct-over.md -o "$OUT/x.pdf"
