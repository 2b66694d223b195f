# strict-combine: under --strict a warning in any record means no bundle
# (README: exit status 1 and no PDF); it was written anyway
"$GW" render --strict tests/bad/files/strict-unit.md --data tests/bad/files/empty-cell.csv \
    --each 行 --combine "$OUT/all.pdf" 2> "$OUT/err"; st=$?
sed -e 's/in [0-9.]* s/in N s/' "$OUT/err" >&2
ls "$OUT" | grep -v '^err$' >&2
rm -f "$OUT/err"; exit $st
