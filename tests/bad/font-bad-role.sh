# font-bad-role
"$GW" render tests/bad/files/ok.md --font 隶书=/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf -o "$OUT/x.pdf"
