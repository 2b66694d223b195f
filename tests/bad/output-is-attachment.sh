# output-is-attachment: the output is an attachment's 数据 file: refused
mkdir "$OUT/t" && printf -- '---\n标题: 通知\n附件: [{标题: 方案, 模板: a.md, 数据: a.yaml}]\n---\n正文。\n' > "$OUT/t/m.md" &&
printf '附件正文{{x}}。\n' > "$OUT/t/a.md" && printf 'x: 1\n' > "$OUT/t/a.yaml"
"$GW" render "$OUT/t/m.md" -o "$OUT/t/a.yaml"; st=$?
grep -q 'x: 1' "$OUT/t/a.yaml" || echo "the data was overwritten" >&2
rm -rf "$OUT/t"; exit $st
