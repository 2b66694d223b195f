# strict-each: under --strict a record with a warning (an empty cell) is
# refused: no PDF, named in the summary, not counted as written, exit 1
# (was "2 documents written" with no files)
"$GW" render --strict -j 1 tests/bad/files/strict-unit.md --data tests/bad/files/empty-cell.csv \
    --each 行 -o "$OUT/{{序号}}.pdf" 2> "$OUT/err"; st=$?
sed -e 's/in [0-9.]* s ([0-9]* per second)/in N s/' "$OUT/err" >&2
ls "$OUT" | grep -v "^err$" >&2
rm -f "$OUT/err" "$OUT/1.pdf"; exit $st
