# merge-combine-keep-going: the good records after a bad one are in the
# bundle (they were all dropped, "0 of 3"), the output folder is made
d=$(mktemp -d)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 \
    --keep-going --combine "$d/新建/合订.pdf" 2> "$d/err"; st=$?
sed -e "s#$d#TMP#g" -e 's/in [0-9.]* s/in N s/' "$d/err" >&2
pdfinfo "$d/新建/合订.pdf" | grep Pages >&2
rm -rf "$d"; exit $st
