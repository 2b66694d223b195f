# sign-too-wide: a 署名 wider than its line: an error at the key, not drawn off the page (issue 14)
"$GW" render tests/bad/files/sign-long.md -o "$OUT/x.pdf"
