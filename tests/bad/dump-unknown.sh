# dump-unknown
"$GW" render --dump=pdf tests/bad/files/ok.md
