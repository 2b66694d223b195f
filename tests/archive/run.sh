#!/bin/sh
# tests/archive/run.sh — PDF/A, embedded sources and signatures, end to end:
#   - a throw-away CA and two signers (mkcerts.sh), nothing secret committed;
#   - render → sign (考评人) → sign again (负责人): pdfsig and `gongwen verify`
#     both say every signature is valid, the last covers the whole file, the
#     first still covers its revision;
#   - one byte flipped in a signed range (several places): both say invalid;
#   - signing is reproducible under SOURCE_DATE_EPOCH (same bytes twice);
#   - the XMP parses and agrees with the Info dictionary (read back by PyMuPDF);
#   - --embed-source + `gongwen extract` give the files back byte for byte;
#     exactly the files the render read are embedded (tests/archive/embed:
#     partials, a table's data file, an attachment's data per record);
#   - pdfa_check.py and qpdf --check pass on every PDF made here.
# Needs openssl, pdfsig, qpdf and /usr/bin/python3 with PyMuPDF.
set -u
GW=${GONGWEN:-./gongwen}
case $GW in /*) ;; *) GW=$(pwd)/$GW ;; esac
SHARED=${1:-../shared}
PY=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL archive: $*"; fail=$((fail + 1)); }

sh tests/archive/mkcerts.sh "$tmp/ca" || { echo "FAIL archive: cannot make test certificates"; exit 1; }
# one fixed time for the whole run (signing time, within the certificates)
SOURCE_DATE_EPOCH=$(date +%s); export SOURCE_DATE_EPOCH

x=examples/xuchang-2018
"$GW" render --data $x/data.yaml $x/main.md -o "$tmp/doc.pdf" 2>/dev/null || bad "render"
"$GW" sign "$tmp/doc.pdf" -o "$tmp/s1.pdf" --cert "$tmp/ca/a.p12" --password-file "$tmp/ca/a.pw" \
	|| bad "sign 1"
"$GW" sign "$tmp/s1.pdf" -o "$tmp/s2.pdf" --cert "$tmp/ca/b.p12" --password-file "$tmp/ca/b.pw" \
	|| bad "sign 2"

# pdfsig: every signature valid; the last one covers the whole document
for f in s1 s2; do
	pdfsig -nocert "$tmp/$f.pdf" > "$tmp/$f.sig" 2>&1
	n=$(grep -c "Signature #" "$tmp/$f.sig")
	v=$(grep -c "Signature Validation: Signature is Valid" "$tmp/$f.sig")
	want=1; [ $f = s2 ] && want=2
	if [ "$n" = $want ] && [ "$v" = $want ]; then ok; else bad "pdfsig $f: $n signatures, $v valid"; cat "$tmp/$f.sig"; fi
	if [ "$(grep -c 'Total document signed' "$tmp/$f.sig")" = 1 ]; then ok; else bad "pdfsig $f: the last signature does not cover the whole document"; fi
	if "$GW" verify "$tmp/$f.pdf" --ca "$tmp/ca/ca.pem" > "$tmp/$f.ver"; then ok; else bad "gongwen verify $f"; cat "$tmp/$f.ver"; fi
	if [ "$(grep -c 'trusted (issued under --ca)' "$tmp/$f.ver")" = $want ]; then ok; else bad "verify $f: certificate chain"; fi
done
grep -q "signer:   考评人 甲" "$tmp/s2.ver" && grep -q "signer:   被考评单位负责人 乙" "$tmp/s2.ver" && ok \
	|| bad "verify s2: signer names"
grep -q "added by later signatures" "$tmp/s2.ver" && ok || bad "verify s2: the first signature's later revision"
grep -q "Signature Field Name: Signature2" "$tmp/s2.sig" && ok || bad "pdfsig s2: second field"

# the widget lies over the seal gongwen drew
seal=$(grep -a -o 'GW_Seals \[[^]]*\]' "$tmp/doc.pdf" | head -1 | tr -s ' ' | cut -d' ' -f3-6)
grep -a -q "/Rect \[$(echo "$seal" | awk '{printf "%.2f %.2f %.2f %.2f", $1, $2, $3, $4}')\]" "$tmp/s1.pdf" \
	&& ok || bad "the signature widget is not over the seal ($seal)"

# reproducible: same input, same time, same bytes
"$GW" sign "$tmp/doc.pdf" -o "$tmp/s1b.pdf" --cert "$tmp/ca/a.p12" --password-file "$tmp/ca/a.pw"
cmp -s "$tmp/s1.pdf" "$tmp/s1b.pdf" && ok || bad "signing twice gave different bytes"

# one byte flipped in a signed range: invalid for both verifiers.  gongwen
# verify must give its verdict (exit 1, "INVALID"), not merely fail: a byte
# of the content or of a signature dictionary (:1).  A byte of the last
# trailer (its /Prev, 30 bytes from the end) is signed too, but the file
# then cannot be read at all: exit 2 and "cannot verify" (:2).
size=$(wc -c < "$tmp/s2.pdf")
br=$(grep -a -o '/ByteRange \[0 [0-9]* *[0-9]* *[0-9]* *\]' "$tmp/s2.pdf" | tail -1 | tr -s ' ')
b=$(echo "$br" | awk '{print $3}')    # "/ByteRange [0 B C D ]"
c=$(echo "$br" | awk '{print $4}')
for pw in 20:1 1000:1 $((b / 2)):1 $((b - 2)):1 $((c + 3)):1 $((size - 30)):2; do
	pos=${pw%:*} want=${pw#*:}
	$PY - "$tmp/s2.pdf" "$tmp/flip.pdf" "$pos" <<'EOF'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
p = int(sys.argv[3])
b[p] ^= 0x01 if chr(b[p]).isdigit() else 0x20
open(sys.argv[2], 'wb').write(bytes(b))
EOF
	pdfsig -nocert "$tmp/flip.pdf" > "$tmp/flip.sig" 2>&1
	if grep -q "Signature Validation: Signature is Valid" "$tmp/flip.sig" &&
	   [ "$(grep -c 'Signature Validation: Signature is Valid' "$tmp/flip.sig")" = 2 ]; then
		bad "pdfsig still says valid after flipping byte $pos"
	else ok; fi
	"$GW" verify "$tmp/flip.pdf" > "$tmp/flip.ver" 2>&1; rc=$?
	if [ $want = 1 ]; then verdict="^signature [0-9]: INVALID"; else verdict="cannot verify"; fi
	if [ $rc = $want ] && grep -q "$verdict" "$tmp/flip.ver"; then ok; else
		bad "gongwen verify after flipping byte $pos: exit $rc, want $want and \"$verdict\""
		cat "$tmp/flip.ver"
	fi
done

# --ca naming another CA: the signatures are intact but not issued under it:
# exit 1, each certificate NOT trusted
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.key" -out "$tmp/other.pem" \
	-days 30 -subj "/CN=another CA" 2>/dev/null || bad "cannot make another CA"
"$GW" verify "$tmp/s2.pdf" --ca "$tmp/other.pem" > "$tmp/other.ver" 2>&1; rc=$?
if [ $rc = 1 ] && [ "$(grep -c 'certificate: .*(NOT trusted)' "$tmp/other.ver")" = 2 ] &&
   grep -q "2 of 2 signatures are not issued under" "$tmp/other.ver"; then ok; else
	bad "verify --ca with a foreign CA: exit $rc"; cat "$tmp/other.ver"
fi

# XMP agrees with Info (PyMuPDF reads both)
$PY - "$tmp/s2.pdf" <<'EOF' && ok || bad "XMP does not agree with Info"
import sys, fitz, xml.etree.ElementTree as ET
d = fitz.open(sys.argv[1])
m = d.metadata
x = ET.fromstring(d.get_xml_metadata().split('?>', 1)[1].rsplit('<?xpacket', 1)[0])
ns = {'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'dc': 'http://purl.org/dc/elements/1.1/',
      'xmp': 'http://ns.adobe.com/xap/1.0/', 'pdf': 'http://ns.adobe.com/pdf/1.3/',
      'pdfaid': 'http://www.aiim.org/pdfa/ns/id/'}
def one(path):
    e = x.find('.//' + path, ns)
    return e.text if e is not None else ''
checks = [
    (m['title'], one('dc:title/rdf:Alt/rdf:li')),
    (m['author'], one('dc:creator/rdf:Seq/rdf:li')),
    (m['subject'], one('dc:description/rdf:Alt/rdf:li')),
    (m['creator'], one('xmp:CreatorTool')),
    (m['producer'], one('pdf:Producer')),
    ('2', one('pdfaid:part')), ('B', one('pdfaid:conformance')),
]
def d2x(s):   # D:20180606000000Z00'00' -> 2018-06-06T00:00:00Z
    s = s[2:]
    return '%s-%s-%sT%s:%s:%sZ' % (s[0:4], s[4:6], s[6:8], s[8:10], s[10:12], s[12:14])
checks.append((d2x(m['creationDate']), one('xmp:CreateDate')))
checks.append((d2x(m['modDate']), one('xmp:ModifyDate')))
bad = [(a, b) for a, b in checks if a != b]
assert m['title'], 'no title'
if bad:
    print(bad)
    sys.exit(1)
EOF

# --embed-source + extract: byte for byte; a mail-merge record as JSON
"$GW" render --data $x/data.yaml $x/main.md -o "$tmp/emb.pdf" --embed-source 2>/dev/null || bad "render --embed-source"
mkdir "$tmp/x"
"$GW" extract "$tmp/emb.pdf" "$tmp/x" > /dev/null || bad "extract"
for f in main.md 方案.md 分工表.md 分工.csv data.yaml; do
	cmp -s "$tmp/x/$f" "$x/$f" && ok || bad "extract: $f differs or is missing"
done
m=examples/mail-merge
mkdir "$tmp/mm" "$tmp/mx"
"$GW" render --data 单位=$m/考核结果.csv --each 单位 $m/main.md -o "$tmp/mm/{{记录号}}.pdf" \
	--embed-source --sign "$tmp/ca/a.p12" --password-file "$tmp/ca/a.pw" \
	--manifest "$tmp/mm/manifest.csv" -j 2 2>/dev/null || bad "merge --embed-source --sign"
"$GW" extract "$tmp/mm/3.pdf" "$tmp/mx" > /dev/null || bad "extract record 3"
# record JSON: numbers the YAML data wrote as JSON does not (001, +88.0,
# .5) are strings, others stay numbers; every record-N.json parses
mkdir "$tmp/nj" "$tmp/njx"
printf -- '- 序号: 001\n  单位: 甲单位\n  产业集聚区: 甲区\n  得分: +88.0\n  等次: 良好\n  排名: 1\n  联系人: 张三\n  系数: .5\n  满分: 100\n' > "$tmp/nj/d.yaml"
"$GW" render --data 单位="$tmp/nj/d.yaml" --each 单位 $m/main.md -o "$tmp/nj/{{记录号}}.pdf" \
	--embed-source 2>/dev/null || bad "render records with 001 and +88.0"
"$GW" extract "$tmp/nj/1.pdf" "$tmp/njx" > "$tmp/nj.out" || bad "extract the 001 record"
$PY -m json.tool "$tmp/njx/record-1.json" > "$tmp/nj.json" && ok || { bad "record-1.json is not JSON"; cat "$tmp/njx/record-1.json"; }
for v in '"001"' '"+88.0"' '".5"' '100'; do
	grep -q ": $v" "$tmp/nj.json" && ok || { bad "record-1.json: $v not there"; cat "$tmp/nj.json"; }
done
for f in "$tmp"/mx/record-*.json; do
	$PY -m json.tool "$f" > "$tmp/j" && ok || bad "$(basename "$f") is not JSON"
done
grep -q '"line": 4' "$tmp/mx/record-3.json" && grep -q '"source": "examples/mail-merge/考核结果.csv"' "$tmp/mx/record-3.json" \
	&& ok || bad "record-3.json lacks its source row"
(cd "$tmp/mm" && tail -n +2 manifest.csv | awk -F, '{print $4 "  " $3}' | sed "s#$tmp/mm/##" | sha256sum -c --quiet) \
	&& ok || bad "manifest SHA-256 does not match the files"
[ "$(wc -l < "$tmp/mm/manifest.csv")" = 9 ] && ok || bad "manifest: not 8 records"
pdfsig -nocert "$tmp/mm/5.pdf" | grep -q "Signature is Valid" && ok || bad "merge: record 5 not validly signed"

# --embed-source embeds what the render read, as file.c recorded it: the
# template, its partials (a second 开头.md in 部分/ as 2-开头.md; 未用.md
# too, in a false section: partials are read when the template is parsed),
# the attachment's template and its data (named by a field), a table's data
# file, the --data file; not the seal, not 多余.csv (named in a comment
# only).  In a merge (-j 1: one process renders both records) each record
# carries its own attachment data and not the other's, and no --data file.
e=tests/archive/embed
mkdir "$tmp/e" "$tmp/ex" "$tmp/em"
cp -R $e/. "$tmp/e/" && cp examples/letter/seal.png "$tmp/e/"
embedded() {   # PDF: "name rel mime" per embedded file, sorted
	$PY - "$1" <<'PYEOF' | sort
import re, sys, fitz
d = fitz.open(sys.argv[1])
t, v = d.xref_get_key(d.pdf_catalog(), "AF")
for x in map(int, re.findall(r"(\d+) 0 R", v if t == "array" else "")):
    s = int(d.xref_get_key(x, "EF/F")[1].split()[0])
    print(d.xref_get_key(x, "UF")[1], d.xref_get_key(x, "AFRelationship")[1],
          d.xref_get_key(s, "Subtype")[1].replace("#2F", "/"))
PYEOF
}
src="main.md /Source /text/markdown
开头.md /Source /text/markdown
2-开头.md /Source /text/markdown
共用.md /Source /text/markdown
未用.md /Source /text/markdown
附件.md /Source /text/markdown
表.csv /Data /text/csv"
"$GW" render --data "$tmp/e/data.yaml" "$tmp/e/main.md" -o "$tmp/e1.pdf" --embed-source 2>/dev/null \
	|| bad "embed: render"
want=$(printf '%s\n%s\n%s\n' "$src" "全体单位明细.csv /Data /text/csv" \
	"data.yaml /Data /application/yaml" | sort)
got=$(embedded "$tmp/e1.pdf")
[ "$got" = "$want" ] && ok || { bad "embed: the files embedded differ:"; echo "$got"; }
"$GW" extract "$tmp/e1.pdf" "$tmp/ex" > /dev/null || bad "embed: extract"
for f in main.md 开头.md 共用.md 未用.md 附件.md 表.csv 全体单位明细.csv data.yaml; do
	cmp -s "$tmp/ex/$f" "$e/$f" && ok || bad "embed: extracted $f differs or is missing"
done
cmp -s "$tmp/ex/2-开头.md" "$e/部分/开头.md" && ok || bad "embed: 2-开头.md is not 部分/开头.md"
"$GW" render --data "$tmp/e/data.yaml" --each 单位 "$tmp/e/main.md" -o "$tmp/em/{{名称}}.pdf" \
	-j 1 --embed-source 2>/dev/null || bad "embed: merge"
for r in 1:甲单位 2:乙单位; do
	n=${r%%:*} u=${r#*:}
	want=$(printf '%s\n%s\n%s\n' "$src" "${u}明细.csv /Data /text/csv" \
		"record-$n.json /Data /application/json" | sort)
	got=$(embedded "$tmp/em/$u.pdf")
	[ "$got" = "$want" ] && ok || { bad "embed: record $n embeds other files:"; echo "$got"; }
done

# a seal without transparency (JPEG on white): multiplied into the page, the
# black text under it stays legible (dark pixels inside the seal's box)
mkdir "$tmp/jpg"
sed 's/^印章: seal.png/印章: seal.jpg/' examples/letter/main.md > "$tmp/jpg/main.md"
$PY - examples/letter/seal.png "$tmp/jpg/seal.ppm" <<'EOF'
import sys, fitz
pix = fitz.Pixmap(sys.argv[1])
s, out = pix.samples, bytearray()
for i in range(pix.width * pix.height):
    r, g, b, a = s[4 * i:4 * i + 4]
    out += bytes((c * a + 255 * (255 - a)) // 255 for c in (r, g, b))
open(sys.argv[2], 'wb').write(b'P6 %d %d 255\n' % (pix.width, pix.height) + bytes(out))
EOF
cjpeg -quality 90 "$tmp/jpg/seal.ppm" > "$tmp/jpg/seal.jpg" || bad "cjpeg"
"$GW" render "$tmp/jpg/main.md" -o "$tmp/jpeg-seal.pdf" 2>/dev/null || bad "render with a JPEG seal"
$PY - "$tmp/jpeg-seal.pdf" <<'EOF' && ok || bad "the text under an opaque seal is hidden"
import sys, fitz
d = fitz.open(sys.argv[1])
for page in d:
    for img in page.get_images():
        r = page.get_image_bbox(img[7])
        pm = page.get_pixmap(dpi=100, clip=r)
        s = pm.samples
        dark = sum(1 for i in range(0, len(s), pm.n) if max(s[i:i + 3]) < 90)
        sys.exit(0 if dark > 200 else 1)
sys.exit(1)
EOF

# every PDF made here: PDF/A checker and qpdf
for f in "$tmp"/*.pdf "$tmp"/mm/*.pdf; do
	case $f in */flip.pdf) continue ;; esac
	$PY "$SHARED/tools/pdfa_check.py" "$f" > "$tmp/chk" 2>&1 && ok || { bad "pdfa_check $(basename "$f")"; grep FAIL "$tmp/chk"; }
	qpdf --check "$f" > "$tmp/chk" 2>&1 && ok || { bad "qpdf --check $(basename "$f")"; tail -3 "$tmp/chk"; }
done

echo "archive: $pass passed, $fail failed"
[ "$fail" = 0 ]
