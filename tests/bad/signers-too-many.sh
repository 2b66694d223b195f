# signers-too-many: 40 签发人 push the separator off page 1: an error (issue 14)
"$GW" render tests/bad/files/signers-40.md -o "$OUT/x.pdf"
