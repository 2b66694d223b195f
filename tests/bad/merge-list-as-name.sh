# merge-list-as-name: a list in the -o pattern says to use a field of the record
"$GW" render tests/bad/files/score.md --data tests/bad/files/list-name.yaml --each 行 -o "{{a}}.pdf"
