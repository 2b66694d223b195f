# merge-output-is-input: a record's file name is the data file; --combine
# onto the template: both refused before any document is written
cp tests/bad/files/scores.csv "$OUT/甲局.csv" && cp tests/bad/files/score.md "$OUT/m.md"
"$GW" render "$OUT/m.md" --data 单位="$OUT/甲局.csv" --each 单位 -o "$OUT/{{单位}}.csv"; st1=$?
"$GW" render "$OUT/m.md" --data 单位="$OUT/甲局.csv" --each 单位 --combine="$OUT/m.md"; st2=$?
cmp -s tests/bad/files/scores.csv "$OUT/甲局.csv" && cmp -s tests/bad/files/score.md "$OUT/m.md" || echo "an input changed" >&2
rm -f "$OUT/甲局.csv" "$OUT/m.md" "$OUT"/*.pdf; [ $st1 = $st2 ] || echo "statuses $st1 $st2" >&2; exit $st1
