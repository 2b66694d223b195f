# md-image: an image is not placed yet: a clear error naming the file, not
# its caption alone (issue 11, item 17)
"$GW" render tests/bad/files/md-image.md -o "$OUT/x.pdf"
