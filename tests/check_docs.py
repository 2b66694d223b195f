#!/usr/bin/python3
"""check_docs.py README.md gongwen.1 — the man page names every option,
front-matter key and exit status the README has (issue 11, item 18), and
the README says how to make a seal image and what --each writes without -o."""
import re
import sys

readme = open(sys.argv[1], encoding="utf-8").read()
man = open(sys.argv[2], encoding="utf-8").read()
# groff to text: \- is -, font escapes go
plain = re.sub(r"\\f[BIRP]", "", man.replace("\\-", "-")).replace("\\(em", "—")


def section(text, title):
    m = re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return m.group(1) if m else ""


missing = []
cmdline = section(readme, "The command line")
opts = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", cmdline))
for o in sorted(opts):
    if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", plain):
        missing.append("option " + o)
for st in re.findall(r"\*\*(\d+)\*\*", cmdline):
    ex = re.search(r"^\.SH EXIT STATUS\n(.*?)(?=^\.SH )", plain, re.S | re.M)
    if not ex or not re.search(r"(?<!\d)" + st + r"(?!\d)", ex.group(1)):
        missing.append("exit status " + st)
keys = section(readme, "Front-matter keys")
for row in re.findall(r"^\| ([^|]*)\|", keys, re.M):
    for k in re.findall(r"`([^`]+)`", row):
        if k not in plain:
            missing.append("front-matter key " + k)
for what, pat in (("how to make a seal image (tools/make_seal.py)", r"tools/make_seal\.py \S+\.png"),
                  ("what --each writes without -o", r"Without `-o`, `--each` writes")):
    if not re.search(pat, readme):
        missing.append("README: " + what)
for m in missing:
    print("FAIL docs: gongwen.1 lacks " + m if not m.startswith("README") else "FAIL docs: " + m)
print("docs: %d options, %d front-matter keys checked, %d missing" % (
    len(opts), len(re.findall(r"^\| `", keys, re.M)), len(missing)))
sys.exit(1 if missing else 0)
