# csv-unterminated-quote
"$GW" render tests/bad/files/rows.md --data tests/bad/files/unterminated.csv -o "$OUT/x.pdf"
