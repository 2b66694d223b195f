# output-is-input
cp tests/bad/files/ok.md "$OUT/ok.md" && "$GW" render "$OUT/ok.md" -o "$OUT/ok.md"; st=$?; cmp -s tests/bad/files/ok.md "$OUT/ok.md" || echo "input changed" >&2; rm -f "$OUT/ok.md"; exit $st
