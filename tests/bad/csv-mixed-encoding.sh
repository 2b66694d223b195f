# csv-mixed-encoding: UTF-8 lines then a GBK line: blamed on the GBK line (4), not line 1
"$GW" render tests/bad/files/rows.md --data tests/bad/files/mixed-enc.csv -o "$OUT/x.pdf"
