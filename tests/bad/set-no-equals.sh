# set-no-equals
"$GW" render tests/bad/files/ok.md --set 单位 -o "$OUT/x.pdf"
