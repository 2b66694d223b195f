# output-is-partial: the output is a partial the template includes: refused
# when the partial is known (after the template was read), nothing written
mkdir "$OUT/t" && printf -- '---\n标题: 通知\n---\n{{> p.md}}\n' > "$OUT/t/m.md" && printf '正文。\n' > "$OUT/t/p.md"
"$GW" render "$OUT/t/m.md" -o "$OUT/t/p.md"; st=$?
grep -q '正文' "$OUT/t/p.md" || echo "the partial was overwritten" >&2
rm -rf "$OUT/t"; exit $st
