# font-bad-index
"$GW" render tests/bad/files/ok.md --font 黑体=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc:7 -o "$OUT/x.pdf"
