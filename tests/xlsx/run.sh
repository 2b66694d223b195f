#!/bin/sh
# tests/xlsx/run.sh BUILD_DIR — workbooks read directly, end to end.  The
# workbooks are written here by BUILD_DIR/mkxlsx (libxlsxwriter):
#  1. examples/mail-merge from an .xlsx holding the same table as its CSV:
#     every PDF, and the combined one, byte-identical to the CSV's;
#  2. the feature workbook (merged range, dates, a formula's cached value,
#     percentages, leading-zero text, rich text, booleans, two sheets):
#     its --dump=rec equals tests/xlsx/features.rec, sheet by default, by
#     #name and by #number;
#  3. an attachment's `数据: 表.xlsx#分包` in front matter gives the same
#     PDF as the same table in a CSV;
#  4. examples/luoyang-2013-scores (issue 10's scoring) from an .xlsx of its
#     CSV (scores such as 19.5 as number cells, blank cells left empty): the
#     通报 with its 汇总表, every 评分表 and the --combine'd sheets,
#     byte-identical to the CSV's.
# UPDATE=1 rewrites features.rec (review before committing).
set -u
B=${1:-build}
GW=${GONGWEN:-./gongwen}
MK=$B/mkxlsx
mk() { ASAN_OPTIONS=detect_leaks=0 "$MK" "$@"; }
dir=tests/xlsx
pass=0 fail=0
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL xlsx: $*"; fail=$((fail + 1)); }

# 1. mail merge
iconv -f GB18030 -t UTF-8 examples/mail-merge/考核结果.csv > "$t/k.csv" || exit 2
mk csv "$t/k.csv" "$t/考核结果.xlsx" 考核结果 || exit 2
mkdir -p "$t/csv" "$t/xlsx"
"$GW" render examples/mail-merge/main.md --data 单位=examples/mail-merge/考核结果.csv \
    --each 单位 -o "$t/csv/{{单位}}.pdf" -j 2 2>/dev/null || bad "mail-merge from the CSV failed"
"$GW" render examples/mail-merge/main.md --data "单位=$t/考核结果.xlsx" \
    --each 单位 -o "$t/xlsx/{{单位}}.pdf" -j 2 2>/dev/null || bad "mail-merge from the .xlsx failed"
"$GW" render examples/mail-merge/main.md --data 单位=examples/mail-merge/考核结果.csv \
    --each 单位 --combine "$t/csv.pdf" 2>/dev/null
"$GW" render examples/mail-merge/main.md --data "单位=$t/考核结果.xlsx#考核结果" \
    --each 单位 --combine "$t/xlsx.pdf" 2>/dev/null
n=0
for f in "$t"/csv/*.pdf; do
	n=$((n + 1))
	cmp -s "$f" "$t/xlsx/$(basename "$f")" || bad "mail-merge $(basename "$f") differs"
done
[ "$n" -ge 8 ] || bad "mail-merge wrote $n PDFs from the CSV, want 8"
cmp -s "$t/csv.pdf" "$t/xlsx.pdf" && [ -s "$t/csv.pdf" ] && ok || bad "mail-merge --combine differs"
[ "$fail" = 0 ] && ok

# 2. the feature workbook
mk features "$t/f.xlsx" || exit 2
printf -- '---\n标题: 测试\n---\n正文\n' > "$t/t.md"
{
	echo "# default (the first sheet)"
	"$GW" render "$t/t.md" --data "评分=$t/f.xlsx" --dump=rec 2>&1
	echo "# #分包 (by name; 单位 merged over A2:A4)"
	"$GW" render "$t/t.md" --data "分包=$t/f.xlsx#分包" --dump=rec 2>&1
	echo "# #2"
	"$GW" render "$t/t.md" --data "分包=$t/f.xlsx#2" --dump=rec 2>&1
} > "$t/features.rec"
[ "${UPDATE:-0}" = 1 ] && cp "$t/features.rec" "$dir/features.rec"
if diff -u "$dir/features.rec" "$t/features.rec" > "$t/d"; then ok; else
	bad "features.rec:"; head -30 "$t/d"; fi

# 3. 数据: 表.xlsx#分包 in front matter
mkdir -p "$t/a"
cp "$dir"/attach/* "$t/a/"
mk features "$t/a/表.xlsx" || exit 2
"$GW" render "$t/a/main.md" -o "$t/a/xlsx.pdf" 2>/dev/null || bad "attachment from 表.xlsx#分包 failed"
sed 's/表.xlsx#分包/分包.csv/' "$t/a/main.md" > "$t/a/csv.md"
"$GW" render "$t/a/csv.md" -o "$t/a/csv.pdf" 2>/dev/null || bad "attachment from 分包.csv failed"
cmp -s "$t/a/xlsx.pdf" "$t/a/csv.pdf" && ok || bad "attachment: .xlsx and .csv PDFs differ"

# 4. the scoring example
S=examples/luoyang-2013-scores
mk csv "$S/考核得分.csv" "$t/考核得分.xlsx" 评分 || exit 2
mkdir -p "$t/s/csv" "$t/s/xlsx"
for src in csv xlsx; do
	if [ "$src" = csv ]; then d="$S/考核得分.csv"; else d="$t/考核得分.xlsx"; fi
	"$GW" render "$S/main.md" --data "单位=$d" -o "$t/s/$src.pdf" 2>/dev/null ||
	    bad "scores: the 通报 from the $src failed"
	"$GW" render "$S/评分表.md" --data "单位=$d" --each 单位 -j 2 \
	    -o "$t/s/$src/{{被考评单位}}.pdf" 2>/dev/null || bad "scores: the sheets from the $src failed"
	"$GW" render "$S/评分表.md" --data "单位=$d" --each 单位 \
	    --combine "$t/s/$src-all.pdf" 2>/dev/null || bad "scores: --combine from the $src failed"
done
cmp -s "$t/s/csv.pdf" "$t/s/xlsx.pdf" && [ -s "$t/s/csv.pdf" ] && ok || bad "scores: the 通报 differs"
cmp -s "$t/s/csv-all.pdf" "$t/s/xlsx-all.pdf" && [ -s "$t/s/csv-all.pdf" ] && ok ||
    bad "scores: the --combine'd sheets differ"
n=0 f0=$fail
for f in "$t"/s/csv/*.pdf; do
	n=$((n + 1))
	cmp -s "$f" "$t/s/xlsx/$(basename "$f")" || bad "scores: $(basename "$f") differs"
done
[ "$n" = 20 ] || bad "scores: $n sheets from the CSV, want 20"
[ "$fail" = "$f0" ] && ok

echo "xlsx: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
