#!/usr/bin/python3
"""text_fidelity.py PDF TEMPLATE [gongwen args...] — what pdftotext extracts
from the PDF is, character for character, the template's text (title, the
automatic heading numbers, every block) followed by the 署名 and 成文日期;
white space and page numbers aside.  The expected text comes from
`gongwen render --dump=doc`."""
import re, subprocess, sys

pdf, tmpl, args = sys.argv[1], sys.argv[2], sys.argv[3:]
dump = subprocess.run(["./gongwen", "render", "--dump=doc", tmpl] + args,
                      capture_output=True, text=True, check=True).stdout
want, front = [], {}
for line in dump.splitlines():
    m = re.match(r'  (\S+) = (.*?)(?: @\d+:\d+)?$', line)   # a typed field
    if m:
        v = m.group(2)
        if v.startswith("["):                             # a list: its items
            v = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', v))
        front[m.group(1)] = v.strip('"')
        continue
    m = re.search(r' number="([^"]*)"', line)
    if m:
        want.append(m.group(1))
    m = re.match(r'    (?:head |strong |break )*"(.*)"$', line)
    if m:
        want.append(m.group(1).replace('\\"', '"').replace("\\\\", "\\"))
if "标题" in front:
    want.insert(0, front["标题"])
tail = ""
if "署名" in front:
    tail += front["署名"]
if "成文日期" in front:
    y, mo, d = front["成文日期"].split("-")
    tail += "%d年%d月%d日" % (int(y), int(mo), int(d))
got = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                     text=True, check=True).stdout
got = re.sub(r"—\s*\d+\s*—", "", got)
squash = lambda s: re.sub(r"\s+", "", s)
w, g = squash("".join(want)) + squash(tail), squash(got)
if w != g:
    i = next((k for k in range(min(len(w), len(g))) if w[k] != g[k]), min(len(w), len(g)))
    print("FAIL text of %s differs at character %d:\n  want …%s…\n  got  …%s…" % (pdf, i, w[max(0, i - 20):i + 20], g[max(0, i - 20):i + 20]))
    sys.exit(1)
print("ok   %s: %d characters extracted exactly" % (pdf, len(g)))
