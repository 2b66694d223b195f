# csv-10mb-cell: a 10 MB cell is refused with its row, not swallowed
t=$(mktemp -d)
python3 -c "import sys; sys.stdout.write('序号,内容\n1,' + 'x'*(10*1024*1024) + '\n')" > "$t/big.csv"
"$GW" render tests/bad/files/rows.md --data "$t/big.csv" -o "$OUT/x.pdf" 2> "$t/err"; st=$?
sed "s#$t#TMP#g" "$t/err" >&2; rm -rf "$t"; exit $st
