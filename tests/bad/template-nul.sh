# template-nul: a NUL in a template is refused at its line:column
"$GW" render tests/bad/files/nul.md -o "$OUT/x.pdf"
