#!/bin/sh
# faults.sh — gongwen under faults: a full disk, SIGINT/SIGTERM in a batch,
# an output that is a device.  Each case checks the exit status, the
# message, and that no partial or temporary file is left behind.
set -u
GW=${GONGWEN:-./gongwen}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL faults: $*"; }
leftovers() { ls -A "$1" | grep '^\.' ; }

# 1. the disk fills up while the PDF is written (RLIMIT_FSIZE: EFBIG)
mkdir "$tmp/full"
( trap '' XFSZ; ulimit -f 8; exec "$GW" render examples/luoyang-2013/main.md -o "$tmp/full/x.pdf" ) 2> "$tmp/err"
st=$?
if [ $st = 3 ] && grep -q "cannot write .*x.pdf" "$tmp/err" && [ -z "$(ls -A "$tmp/full")" ]; then ok
else bad "full disk: exit $st, left: $(ls -A "$tmp/full"), said: $(grep -v note: "$tmp/err")"; fi

# 2. an output that exists and is a device is refused, and left alone
"$GW" render tests/bad/files/ok.md -o /dev/full 2> "$tmp/err"; st=$?
if [ $st = 2 ] && grep -q "not a regular file" "$tmp/err" && [ -c /dev/full ]; then ok
else bad "/dev/full: exit $st: $(cat "$tmp/err")"; fi

# 3, 4. SIGINT and SIGTERM in the middle of a 300-record batch
python3 - "$tmp/rows.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("序号,单位,产业集聚区,得分,等次,排名,联系人\n")
    for i in range(1, 301):
        f.write("%d,第%d县人民政府,第%d产业集聚区,80.5,良好,%d,联系人%d\n" % (i, i, i, i, i))
PY
for sig in INT TERM; do
	d="$tmp/batch-$sig"; mkdir "$d"
	"$GW" render examples/mail-merge/main.md --data "单位=$tmp/rows.csv" --each 单位 \
	    -o "$d/{{单位}}.pdf" -j 2 2> "$tmp/err" &
	pid=$!
	# wait for the first finished documents, then interrupt
	i=0; while [ "$(ls "$d" | wc -l)" -lt 5 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done
	kill -$sig $pid; wait $pid; st=$?
	n=$(ls "$d" | wc -l)
	broken=0
	for f in "$d"/*.pdf; do pdfinfo "$f" > /dev/null 2>&1 || broken=$((broken+1)); done
	if [ $st = 130 ] && [ "$n" -ge 5 ] && [ "$n" -lt 300 ] && [ $broken = 0 ] &&
	   [ -z "$(leftovers "$d")" ] && grep -q "interrupted" "$tmp/err"; then ok
	else bad "SIG$sig: exit $st, $n PDFs, $broken broken, temp: $(leftovers "$d"), said: $(tail -2 "$tmp/err")"; fi
done
# 5. text from the template that looks like PDF syntax stays text in the Info
printf -- '---\n标题: "关于)测试(的\\\\通知x /Author (x) >> endobj"\n署名: 某局\n---\n正文。\n' > "$tmp/meta.md"
"$GW" render "$tmp/meta.md" -o "$tmp/meta.pdf" 2> /dev/null
if pdfinfo "$tmp/meta.pdf" 2>/dev/null | grep -qx 'Title: *关于)测试(的\\通知x /Author (x) >> endobj' &&
   pdfinfo "$tmp/meta.pdf" | grep -qx 'Author: *某局'; then ok
else bad "PDF Info not escaped: $(pdfinfo "$tmp/meta.pdf" 2>&1 | head -3)"; fi

# 6. 100,000-character 标题, 发文字号, 抄送 and 发文机关标志 are laid out in
# linear time (the title splitter was cubic: 1,000 characters took 21 s);
# 10 s is a bound no quadratic splitter meets, a linear one needs < 0.1 s
python3 - "$tmp" <<'PY'
import sys
part = "关于印发2018年许昌市加快产业集聚区（提质转型）专项工作方案的通知《条例》"
v = (part * (100000 // len(part) + 1))[:100000]
for i, key in enumerate(["标题", "发文字号", "抄送", "发文机关标志"]):
    with open("%s/long%d.md" % (sys.argv[1], i), "w", encoding="utf-8") as f:
        f.write("---\n发文机关标志: 某局\n" if key != "发文机关标志" else "---\n")
        f.write('%s: "%s"\n署名: 某局\n成文日期: 2018-06-06\n---\n正文。\n' % (key, v))
PY
# (the title wraps; the others do not fit their line or page: an error at
# the key, quickly, never drawn off the page — issue 14 item 10)
for i in 0 1 2 3; do
	timeout 10 "$GW" render --dump=layout "$tmp/long$i.md" > "$tmp/long.layout" 2> "$tmp/long.err"; st=$?
	if [ $i = 0 ] && [ $st = 0 ] && grep -q '^page 1 ' "$tmp/long.layout"; then ok
	elif [ $i != 0 ] && [ $st = 2 ] && grep -q "long$i.md:[0-9]*:[0-9]*: error: " "$tmp/long.err"; then ok
	else bad "100,000-character value $i: exit $st (124: more than 10 s)"; fi
done

echo "faults: $pass passed, $fail failed"
[ "$fail" = 0 ]
