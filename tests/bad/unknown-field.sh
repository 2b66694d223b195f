# unknown-field
"$GW" render tests/bad/files/unknown-field.md --set 单位=某局 -o "$OUT/x.pdf"
