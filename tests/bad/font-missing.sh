# font-missing
"$GW" render tests/bad/files/ok.md --font 仿宋=/nonexistent/simfang.ttf -o "$OUT/x.pdf"
