# xlsx-sheet-on-csv: a #sheet after a CSV's name is not a sheet choice
"$GW" render tests/bad/files/score-rows.md --data 'tests/bad/files/scores.csv#2' -o "$OUT/x.pdf"
