#!/usr/bin/python3
"""table_text.py PDF TEMPLATE [gongwen args...] — every cell of every table in
TEMPLATE (as `gongwen render --dump=doc` lists them, row by row) is found in
the PDF's text, exactly, in row order: pdftotext reads the table row by row,
each cell's text whole (a merged cell repeated after a page break may appear
again; text outside the tables is skipped)."""
import re, subprocess, sys

pdf, tmpl, args = sys.argv[1], sys.argv[2], sys.argv[3:]
dump = subprocess.run(["./gongwen", "render", "--dump=doc", tmpl] + args,
                      capture_output=True, text=True, check=True).stdout
squash = lambda s: re.sub(r"\s+", "", s)
cells = []
rows = 0
for line in dump.splitlines():
    m = re.match(r'    (head|row|group|total) (.*)$', line)
    if not m:
        continue
    rows += 1
    for c in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(2)):
        c = squash(c.replace('\\n', '\n').replace('\\"', '"').replace('\\\\', '\\'))
        if c:
            cells.append(c)
if not cells:
    print("FAIL %s: no table in %s" % (pdf, tmpl))
    sys.exit(1)
got = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                     text=True, check=True).stdout
got = squash(re.sub(r"—\s*\d+\s*—", "", got))
at = 0
flowed = 0
for i, c in enumerate(cells):
    k = got.find(c, at)
    nxt = got.find(cells[i + 1], at) if i + 1 < len(cells) else len(got)
    if len(c) > 40 and (k < 0 or (0 <= nxt < k)):
        # a long merged text taller than its part flows on (shown whole
        # again after the break): its beginning must be in its place
        k2 = got.find(c[:20], at)
        if 0 <= k2 and (nxt < 0 or k2 < nxt):
            flowed += 1
            at = k2 + 20
            continue
    if k < 0:
        print("FAIL %s: cell %d %r of %s not found in order after …%s…" % (pdf, i, c, tmpl, got[max(0, at - 30):at]))
        sys.exit(1)
    at = k + len(c)
print("ok   %s: %d rows, %d cells of %s read in order, each exact%s" % (pdf, rows, len(cells), tmpl,
      " (%d long merged text flowing over a page break)" % flowed if flowed else ""))
