# cc-too-long: a 1,300-character 抄送 is more than a page of 版记: an error, never drawn above the page (issue 14)
"$GW" render tests/bad/files/cc-1300.md -o "$OUT/x.pdf"
