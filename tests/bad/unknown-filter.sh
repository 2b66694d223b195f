# unknown-filter
"$GW" render tests/bad/files/unknown-filter.md --set 日期=2024-01-02 -o "$OUT/x.pdf"
