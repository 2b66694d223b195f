# figure-not-image: a figure in the body that cannot be placed is an error at its line:column (issue 11 item 17)
"$GW" render tests/bad/files/figure-not-image.md -o "$OUT/x.pdf"
