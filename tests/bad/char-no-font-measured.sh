# char-no-font-measured: a character no font has in a 发文字号 (measured, then
# drawn) is one error at its line:column (it was also said once without a place)
mkdir "$OUT/t" &&
printf -- '---\n发文机关标志: 某某市人民政府文件\n发文字号: 某政〔2024〕𝄞号\n标题: 通知\n---\n正文。\n' > "$OUT/t/m.md"
"$GW" render "$OUT/t/m.md" -o "$OUT/t/m.pdf"; st=$?
rm -rf "$OUT/t"; exit $st
