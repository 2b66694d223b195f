# calc-escape: a scheme file outside the template's directory
"$GW" render tests/bad/files/calc-escape.md --data 单位=tests/bad/files/calc-ok.csv -o "$OUT/x.pdf"
