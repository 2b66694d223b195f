# docno-too-long: a 发文字号 longer than a line: an error, never run off the page (issue 14)
"$GW" render tests/bad/files/docno-long.md -o "$OUT/x.pdf"
