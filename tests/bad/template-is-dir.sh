# template-is-dir
"$GW" render tests/bad/files -o "$OUT/x.pdf"
