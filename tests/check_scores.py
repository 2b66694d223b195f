#!/usr/bin/python3
"""check_scores.py EXAMPLE_DIR NOTICE.pdf SHEETS_DIR — recompute every total,
grade and rank of a scoring example from its CSV and scheme, independently
of gongwen's C code (Python's decimal module), and check that the PDFs say
the same: each unit's sheet (总分, 等次, 名次), the 通报's counts per 等次 and
its 通报表彰 / 通报批评 lists, and the ranked order of its 汇总表; and that
each sheet's PDF Info (Subject, Keywords) and XMP (dc:description,
dc:subject, pdf:Keywords) carry the unit, its 总分 and its 等次 and agree."""
import csv, decimal, os, re, sys
import xml.etree.ElementTree as ET
import fitz, yaml

D = decimal.Decimal


def text(pdf, first=0):
    doc = fitz.open(pdf)
    return "".join(re.sub(r"\s+", "", p.get_text()) for p in list(doc)[first:])


NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/"}


def info_problems(pdf, unit, total, grade):
    """What is wrong with a sheet's Info and XMP (a list of messages)."""
    doc = fitz.open(pdf)
    subj, kw = doc.metadata.get("subject", ""), doc.metadata.get("keywords", "")
    probs = []
    for want in (unit, "总分%s分" % total, "等次" + grade):
        if want not in subj:
            probs.append("Info /Subject %r does not say %s" % (subj, want))
    words = kw.split("; ")
    for want in (unit, grade):
        if want not in words:
            probs.append("Info /Keywords %r has no %s" % (kw, want))
    root = ET.fromstring(doc.get_xml_metadata().encode("utf-8"))
    desc = [li.text or "" for e in root.iter("{%s}description" % NS["dc"])
            for li in e.iter("{%s}li" % NS["rdf"])]
    bag = [li.text or "" for e in root.iter("{%s}subject" % NS["dc"])
           for li in e.iter("{%s}li" % NS["rdf"])]
    pk = [e.text or "" for e in root.iter("{%s}Keywords" % NS["pdf"])]
    if desc != [subj]:
        probs.append("XMP dc:description %r is not Info /Subject %r" % (desc, subj))
    if bag != words:
        probs.append("XMP dc:subject %r is not Info /Keywords %r" % (bag, kw))
    if pk != [kw]:
        probs.append("XMP pdf:Keywords %r is not Info /Keywords %r" % (pk, kw))
    return probs


def band_ok(cond, v):
    for op, num in re.findall(r"(≥|>=|>|≤|<=|<)\s*([0-9.]+)", cond):
        n = D(num)
        if not {"≥": v >= n, ">=": v >= n, ">": v > n, "≤": v <= n, "<=": v <= n, "<": v < n}[op]:
            return False
    return True


def main():
    ex, notice, sheets = sys.argv[1:4]
    scheme = yaml.safe_load(open(os.path.join(ex, "考核方案.yaml"), encoding="utf-8"))
    key = scheme.get("单位", "单位")
    items = scheme["项目"]
    bands = scheme.get("等次") or {"优秀": "≥90", "良好": "≥80 且 <90", "合格": "≥60 且 <80", "不合格": "<60"}
    override = {}
    for adj in scheme.get("调整", []):
        units = adj["单位"] if isinstance(adj["单位"], list) else [adj["单位"]]
        for u in units:
            override.setdefault(u, {}).update(adj["分值"])
    rows = list(csv.DictReader(open(os.path.join(ex, "考核得分.csv"), encoding="utf-8-sig")))
    total = {}
    for r in rows:
        u, t = r[key], D(0)
        for it in items:
            col = it.get("列", it["考核内容"])
            mx = D(str(override.get(u, {}).get(col, it["分值"])))
            cell = r[col].strip()
            s = D(cell) if cell else D(0)
            assert cell or mx == 0, (u, col)
            assert D(0) <= s <= mx, (u, col, s, mx)
            t += s
        total[u] = t
    grade = {u: [b for b, c in bands.items() if band_ok(str(c), t)] for u, t in total.items()}
    for u, g in grade.items():
        assert len(g) == 1, (u, g)
        grade[u] = g[0]
    rank = {u: 1 + sum(1 for v in total.values() if v > t) for u, t in total.items()}
    fails = 0

    def fail(msg):
        nonlocal fails
        fails += 1
        print("FAIL scores: " + msg)

    for u, t in total.items():
        pdf = os.path.join(sheets, u + ".pdf")
        if not os.path.exists(pdf):
            fail("no sheet %s" % pdf)
            continue
        s = text(pdf)
        tt = format(t.normalize(), "f")
        for want in ("被考评单位：" + u, "总分：%s分" % tt, "等次：" + grade[u],
                     "名次：第%d名" % rank[u]):
            if want not in s:
                fail("%s: sheet does not say %s" % (u, want))
        for p in info_problems(pdf, u, tt, grade[u]):
            fail("%s: %s" % (u, p))
    s = text(notice)
    order = sorted(total, key=lambda u: (rank[u], [r[key] for r in rows].index(u)))
    counts = "".join("%s%d个" % (b, sum(1 for g in grade.values() if g == b)) for b in bands)
    if counts not in s.replace("，", ""):
        fail("the notice does not say %s" % counts)
    for b, what in (("优秀", "对考评达到优秀等次的"), ("不合格", "对考评不合格的")):
        names = "、".join(u for u in order if grade[u] == b)
        if names and what + names + "等" not in s:
            fail("the notice does not name the %s units in rank order: %s" % (b, names))
    # the 汇总表: every unit, in rank order, with its total and grade after it
    doc = fitz.open(notice)
    att = "".join(re.sub(r"\s+", "", p.get_text()) for p in doc if "汇总表" in p.get_text()
                  or "名次" in p.get_text())
    pos = 0
    for u in order:
        tt = format(total[u].normalize(), "f")
        m = re.compile(re.escape(u) + ".*?" + re.escape(tt) + re.escape(grade[u])).search(att, pos)
        if not m:
            fail("汇总表: %s (%s, %s) is not where rank %d should be" % (u, tt, grade[u], rank[u]))
            continue
        pos = m.start() + len(u)
    print("scores: %d units recomputed (totals, 等次, 名次, Info/XMP), %d failed" % (len(total), fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
