# csv-million-rows: a million rows is beyond the row limit: a clear error, quickly
t=$(mktemp -d)
python3 -c "import sys; sys.stdout.write('序号,单位\n' + ''.join('%d,甲\n' % i for i in range(1000000)))" > "$t/m.csv"
"$GW" render tests/bad/files/rows.md --data "$t/m.csv" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
