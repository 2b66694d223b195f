# verify-deep-nesting: a catalog with /AF nested 2,000,000 [ deep (stack
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
# exhaustion in a recursive reader): verify and extract say so, no crash
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
/usr/bin/python3 - "$d/deep.pdf" <<'PY'
import sys
deep = b"[" * 2000000 + b"]" * 2000000
objs = [b"<< /Type /Catalog /Pages 2 0 R /AF " + deep + b" >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>"]
out = bytearray(b"%PDF-1.7\n")
offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 3\n0000000000 65535 f \n"
for o in offs:
    out += b"%010d 00000 n \n" % o
out += b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
open(sys.argv[1], "wb").write(out)
PY
cd "$d" && mkdir x
"$GW" verify deep.pdf; a=$?
"$GW" extract deep.pdf x; b=$?
echo "verify $a, extract $b" >&2
[ $a = 2 ] && [ $b = 2 ] && exit 2
exit 1
