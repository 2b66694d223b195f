# unclosed-section
"$GW" render tests/bad/files/unclosed-section.md --set 名单=是 -o "$OUT/x.pdf"
