# attach-escape
"$GW" render tests/bad/files/attach-escape.md -o "$OUT/x.pdf"
