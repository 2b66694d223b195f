# list-too-deep
"$GW" render tests/bad/files/deep-list.md -o "$OUT/x.pdf"
