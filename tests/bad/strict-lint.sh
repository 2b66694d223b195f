# strict-lint
"$GW" render --strict tests/bad/files/strict-lint.md -o "$OUT/x.pdf"
