# mismatched-close
"$GW" render tests/bad/files/mismatched-close.md --set 甲=1 -o "$OUT/x.pdf"
