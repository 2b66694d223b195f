# output-is-font: the output is a --font file: refused before any work
printf 'not a font' > "$OUT/f.ttf"
"$GW" render tests/bad/files/ok.md --font 仿宋="$OUT/f.ttf":0 -o "$OUT/f.ttf"; st=$?
rm -f "$OUT/f.ttf"; exit $st
