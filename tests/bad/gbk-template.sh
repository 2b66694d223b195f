# gbk-template
"$GW" render tests/bad/files/gbk-template.md -o "$OUT/x.pdf"
