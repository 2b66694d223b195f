# xlsx-keep-going: a mail merge over a sheet names a failed record by its row, A3:C3
t=$(mktemp -d)
python3 tests/bad/files/mkbook.py "$t/考核.xlsx" not-a-number || exit 9
"$GW" render tests/bad/files/score.md --data "单位=$t/考核.xlsx#评分" --each 单位 -o "$t/{{单位}}.pdf" --keep-going 2> "$t/err"; st=$?
[ -f "$t/甲局.pdf" ] || echo "甲局.pdf missing" >&2
sed -e "s#$t#TMP#g" -e '/note: no 仿宋/d' -e 's/written in .* (.* per second)/written/' "$t/err" >&2; rm -rf "$t"; exit $st
