# seal-damaged-data: sound chunk lengths, damaged pixel data: libpng's complaint
# with the template line that names the seal
"$GW" render tests/bad/files/seal-damaged-data.md -o "$OUT/x.pdf"
