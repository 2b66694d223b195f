# seal-fewer-than-signatures: 3 署名 and 2 印章 — one seal per 署名 (the third
# name was drawn over the second, exit 0)
mkdir "$OUT/t" && cp tests/golden/seal.png "$OUT/t/s.png" &&
printf -- '---\n标题: 通知\n署名: [甲市人民政府, 乙市人民政府, 丙市人民政府]\n成文日期: 2024-01-02\n印章: [s.png, s.png]\n---\n正文。\n' > "$OUT/t/m.md"
"$GW" render "$OUT/t/m.md" -o "$OUT/t/m.pdf"; st=$?
rm -rf "$OUT/t"; exit $st
