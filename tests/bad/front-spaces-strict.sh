# front-spaces-strict: spaces and U+00A0 inside Chinese text in front-matter values are removed, each with a lint at its place (issue 11 item 9); --strict makes them errors
"$GW" render --strict tests/bad/files/front-spaces.md -o "$OUT/x.pdf"
