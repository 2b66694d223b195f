# printer-too-wide: a 印发机关 that does not fit beside the 印发日期 in the 版记: an error at the key (issue 14)
"$GW" render tests/bad/files/printer-long.md -o "$OUT/x.pdf"
