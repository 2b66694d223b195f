# table-col-not-map
"$GW" render tests/bad/files/table-col-not-map.md -o "$OUT/x.pdf"
