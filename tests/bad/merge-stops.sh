# merge-stops: without --keep-going the batch stops at the first bad record
d=$(mktemp -d)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 \
    -o "$d/{{单位}}.pdf" -j 1 2> "$d/err"; st=$?
sed -e "s#$d#TMP#g" -e 's/in [0-9.]* s ([0-9]* per second)/in N s/' "$d/err" >&2
ls "$d" | grep -v '^err$' >&2
rm -rf "$d"; exit $st
