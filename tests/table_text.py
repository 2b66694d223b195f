#!/usr/bin/python3
"""table_text.py PDF TEMPLATE [gongwen args...] — every cell of every table in
TEMPLATE (as `gongwen render --dump=doc` lists them, row by row) is found in
the PDF's text, exactly, in row order: pdftotext reads the table row by row,
each cell's text whole (a merged cell repeated after a page break may appear
again; text outside the tables is skipped); and `pdftotext -layout` reads the
table row by row: the lines of each row (rows joined by merged cells count as
one) hold exactly that row's characters, each cell's text in order."""
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

# ---- pdftotext -layout: the table read row by row ----------------------------
# Rows joined by merged cells form one unit.  Walking down the -layout text, the
# lines of each unit (and no others, except on a page break: the repeated header,
# a repeated merged text, a page number) hold exactly its characters, and each
# cell's text is there in order (pdftotext interleaves the lines of wrapped
# neighbouring cells: a cell's text is a subsequence, not a substring).
from collections import Counter
table_rows = []
for line in dump.splitlines():
    m = re.match(r'    (head|row|group|total) (.*)$', line)
    if not m:
        if table_rows and not line.startswith("    "):
            table_rows.append(None)          # the end of a table
        continue
    cells = []
    for mm in re.finditer(r'"((?:[^"\\]|\\.)*)"(?:/(\d+))?(?:\*\d+)?', m.group(2)):
        t = squash(mm.group(1).replace('\\n', '\n').replace('\\"', '"').replace('\\\\', '\\'))
        cells.append((t, int(mm.group(2) or 1)))
    table_rows.append(cells)
units, cur, end = [], [], -1
for i, r in enumerate(table_rows + [None]):
    if r is None:
        if cur:
            units.append(cur)
        cur, end = [], -1
        continue
    if cur and i > end:
        units.append(cur)
        cur = []
    cur += [c for c, _ in r if c]
    end = max([end, i] + [i + k - 1 for _, k in r])
lay = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                     text=True, check=True).stdout
lines = []
for pageno, page in enumerate(lay.split("\f")):
    for l in page.split("\n"):
        s = squash(l)
        if s and not re.fullmatch(r"—\d+—", s):
            lines.append((pageno, s))
def subseq(c, s):
    it = iter(s)
    return all(ch in it for ch in c)
# the table starts at its first header cell
p = next((i for i, (_, s) in enumerate(lines) if units and units[0] and s.startswith(units[0][0][:2])), None)
checked = 0
for u in units:
    if p is None or not u:
        break
    want = Counter("".join(u))
    q, have = p, Counter()
    while q < len(lines) and not all(have[ch] >= n for ch, n in want.items()):
        have.update(lines[q][1])
        q += 1
    window = "".join(s for _, s in lines[p:q])
    # a page break before or inside the unit brings the repeated header
    broken = q > p and p > 0 and lines[p - 1][0] != lines[q - 1][0]
    bad = [c for c in u if not subseq(c, window)]
    if bad or not all(have[ch] >= n for ch, n in want.items()) or (not broken and have != want):
        print("FAIL %s (-layout): row(s) %r not read as a row: %s" % (pdf, u[:3], bad[:2] or
              "extra %r" % "".join((have - want).elements())[:40]))
        sys.exit(1)
    checked += 1
    p = q
if checked != len(units) or not units:
    print("FAIL %s (-layout): %d of %d row groups of %s found" % (pdf, checked, len(units), tmpl))
    sys.exit(1)
print("ok   %s: pdftotext -layout reads %d row groups of %s row by row" % (pdf, checked, tmpl))
