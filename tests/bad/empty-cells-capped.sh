# empty-cells-capped: 25 empty cells in one document: the first 20 are named,
# then one line says how many more (not one warning per cell, unbounded);
# --strict makes them errors
"$GW" render --strict tests/bad/files/rows.md --data tests/bad/files/empty-cells-many.csv -o "$OUT/x.pdf"
