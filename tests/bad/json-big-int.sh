# json-big-int: an integer past 2^63 says to quote it
"$GW" render tests/bad/files/ok.md --data tests/bad/files/big-int.json -o "$OUT/x.pdf"
