# template-fifo: a FIFO as the template is refused at once (opening it
# would wait for a writer for ever)
t=$(mktemp -d); mkfifo "$t/t.md"
timeout 10 "$GW" render "$t/t.md" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
