# font-cff
"$GW" render tests/bad/files/ok.md --font 仿宋=tests/bad/files/cff-only.otf -o "$OUT/x.pdf"
