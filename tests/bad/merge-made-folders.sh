# merge-made-folders: the folders an -o pattern names are made; a bad record
# is the only one blamed
d=$(mktemp -d)
"$GW" render tests/bad/files/score.md --data 单位=tests/bad/files/scores.csv --each 单位 \
    -o "$d/考核/{{单位}}/得分.pdf" -j 2 --keep-going 2> "$d/err"; st=$?
sed -e "s#$d#TMP#g" -e 's/in [0-9.]* s ([0-9]* per second)/in N s/' "$d/err" >&2
(cd "$d" && find 考核 -type f | sort) >&2
rm -rf "$d"; exit $st
