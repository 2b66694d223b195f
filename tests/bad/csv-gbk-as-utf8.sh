# csv-gbk-as-utf8
"$GW" render tests/bad/files/rows.md --encoding utf-8 --data tests/bad/files/gbk.csv -o "$OUT/x.pdf"
