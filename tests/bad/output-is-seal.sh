# output-is-seal: the output is the seal image (through a symbolic link): refused
mkdir "$OUT/t" && cp tests/golden/seal.png "$OUT/t/s.png" && ln -s s.png "$OUT/t/link.pdf" &&
printf -- '---\n标题: 通知\n署名: 某局\n成文日期: 2024-01-02\n印章: s.png\n---\n正文。\n' > "$OUT/t/m.md"
"$GW" render "$OUT/t/m.md" -o "$OUT/t/link.pdf"; st=$?
cmp -s tests/golden/seal.png "$OUT/t/s.png" || echo "the seal was overwritten" >&2
rm -rf "$OUT/t"; exit $st
