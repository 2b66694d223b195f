# mark-joint-too-many: 60 organs in a joint 发文机关标志 do not fit even 3 a row at 16 pt: an error, never a separator under the page (issue 14)
"$GW" render tests/bad/files/mark-joint-60.md -o "$OUT/x.pdf"
