# attach-no-title
"$GW" render tests/bad/files/attach-no-title.md -o "$OUT/x.pdf"
