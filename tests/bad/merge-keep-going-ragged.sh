# merge-keep-going-ragged: --keep-going skips a ragged CSV row and renders the
# rest (the whole file was refused); exit 2 says a row was bad
d=$(mktemp -d)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/ragged-row.csv --each 单位 \
    -o "$d/{{单位}}.pdf" --keep-going 2> "$d/err"; st=$?
sed -e "s#$d#TMP#g" -e 's/in [0-9.]* s ([0-9]* per second)/in N s/' "$d/err" >&2
ls "$d" | grep -v '^err$' >&2
rm -rf "$d"; exit $st
