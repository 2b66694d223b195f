# figure-huge: a figure of 5000x5000 pixels is refused from its header, before decoding (issue 11 item 17, issue 14 item 8)
"$GW" render tests/bad/files/figure-huge.md -o "$OUT/x.pdf"
