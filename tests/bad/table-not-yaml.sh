# table-not-yaml
"$GW" render tests/bad/files/table-not-yaml.md -o "$OUT/x.pdf"
