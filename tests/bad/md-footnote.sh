# md-footnote: a 公文 has no footnotes — an error at the footnote saying what
# to write instead (issue 11, item 17), not a note dropped silently
"$GW" render tests/bad/files/md-footnote.md -o "$OUT/x.pdf"
