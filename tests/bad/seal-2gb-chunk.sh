# seal-2gb-chunk: a PNG chunk that claims 2 GB is refused from its length, with the template line
"$GW" render tests/bad/files/seal-2gb-chunk.md -o "$OUT/x.pdf"
