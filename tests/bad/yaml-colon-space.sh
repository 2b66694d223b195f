# yaml-colon-space: "署名:某局" (no space after the colon): a note at that line with the fix
"$GW" render tests/bad/files/yaml-colon-space.md -o "$OUT/x.pdf"
