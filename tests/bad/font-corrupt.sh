# font-corrupt
"$GW" render tests/bad/files/ok.md --font 仿宋=tests/bad/files/corrupt.ttf -o "$OUT/x.pdf"
