# empty-cell-strict: an empty CSV cell used as a field is an error under
# --strict (a warning otherwise), naming the file, row and column
"$GW" render --strict tests/bad/files/rows.md --data tests/bad/files/empty-cell.csv -o "$OUT/x.pdf"
