# output-dir-missing
"$GW" render tests/bad/files/ok.md -o "$OUT/no/such/dir/x.pdf"
