# template-cr-only: CR-only line ends turned the front matter into a heading
"$GW" render tests/bad/files/cr-only.md -o "$OUT/x.pdf"
