# corner-too-wide: a 份号 wider than the 版心: an error at the key, not drawn off the page (issue 14)
"$GW" render tests/bad/files/corner-long.md -o "$OUT/x.pdf"
