# data-nul-yaml: "\0" in a YAML value is refused where it is
"$GW" render tests/bad/files/ok.md --data tests/bad/files/nul.yaml -o "$OUT/x.pdf"
