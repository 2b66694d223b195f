# truncated-utf8
"$GW" render tests/bad/files/truncated-utf8.md -o "$OUT/x.pdf"
