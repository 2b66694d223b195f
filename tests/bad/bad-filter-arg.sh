# bad-filter-arg
"$GW" render tests/bad/files/bad-filter-arg.md --set 金额=12.5 -o "$OUT/x.pdf"
