# output-dir-unwritable
"$GW" render tests/bad/files/ok.md -o /proc/gongwen-test.pdf
