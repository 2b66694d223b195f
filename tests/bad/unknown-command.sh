# unknown-command
"$GW" draw tests/bad/files/ok.md
