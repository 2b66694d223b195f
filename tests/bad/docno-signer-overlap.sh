# docno-signer-overlap: a 发文字号 that runs into the 签发人: an error (issue 14)
"$GW" render tests/bad/files/docno-signer-long.md -o "$OUT/x.pdf"
