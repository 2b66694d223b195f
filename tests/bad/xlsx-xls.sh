# xlsx-xls: an Excel 97-2003 .xls (and a WPS .et): a message saying to save as .xlsx
"$GW" render tests/bad/files/score-rows.md --data tests/bad/files/scores.csv --data 表=tests/bad/files/旧表.xls --data 表2=tests/bad/files/旧表.et -o "$OUT/x.pdf"
