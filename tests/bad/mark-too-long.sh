# mark-too-long: a 5,000-character mark: an error, not squeezed to 0.12 pt (issue 14)
"$GW" render tests/bad/files/mark-5000.md -o "$OUT/x.pdf"
