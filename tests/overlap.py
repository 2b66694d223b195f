#!/usr/bin/python3
"""overlap.py PDF... — fail when two glyph runs' boxes overlap on a page.

Each run (a PyMuPDF span: one font, one size, one direction) gets the box of
its characters' em boxes: along the writing direction from the first glyph's
start to the last one's end, across it from 0.88 em above the baseline to
0.12 em below (the em box layout.c places text by).  Turned text (a 横排
table, R8) is measured in its own direction, so a paragraph or a 版记 drawn
over a turned table is caught — the GB/T checker does not look for that.
Two boxes overlap when they share more than TOL pt in both directions;
a rule (a table's line, the 版记's) must not run through a run's box either.
Prints the overlaps and a summary line; exit 1 when any PDF has an overlap."""
import sys

import fitz

TOL = 0.5   # pt: touching neighbours (a line's runs, cells' margins) are fine


def run_box(chars, dx, dy, size):
    # across the writing direction: (dy, −dx) points from the baseline
    # towards the tops of the glyphs (y grows downwards)
    nx, ny = dy, -dx
    xs, ys = [], []
    for c in chars:
        ox, oy = c["origin"]
        x0, y0, x1, y1 = c["bbox"]
        ends = [(x0, oy), (x1, oy)] if abs(dx) >= abs(dy) else [(ox, y0), (ox, y1)]
        for px, py in ends:
            for k in (0.88, -0.12):
                xs.append(px + nx * k * size)
                ys.append(py + ny * k * size)
    text = "".join(c["c"] for c in chars)
    base = chars[0]["origin"][1] if abs(dx) >= abs(dy) else chars[0]["origin"][0]
    return (min(xs), min(ys), max(xs), max(ys), text, (round(dx), round(dy), base, size))


def run_boxes(page):
    boxes = []
    raw = page.get_text("rawdict", flags=0)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            dx, dy = line["dir"]
            for span in line["spans"]:
                # PyMuPDF joins the cells of a table row into one span with
                # spaces between: a space ends a run
                run = []
                for c in span["chars"] + [{"c": " "}]:
                    if not c["c"].isspace():
                        run.append(c)
                    elif run:
                        boxes.append(run_box(run, dx, dy, span["size"]))
                        run = []
    return boxes


def rule_boxes(page):
    """Straight lines and thin filled rectangles (table rules, the 版记's
    lines, the 版头's separator) as boxes."""
    boxes = []
    for d in page.get_drawings():
        for item in d["items"]:
            if item[0] == "l":
                p, q = item[1], item[2]
                boxes.append((min(p.x, q.x), min(p.y, q.y), max(p.x, q.x), max(p.y, q.y),
                              "rule", None))
            elif item[0] == "re":
                r = item[1]
                if min(r.width, r.height) < 3:
                    boxes.append((r.x0, r.y0, r.x1, r.y1, "rule", None))
    return boxes


def same_line(a, b):
    da, db = a[5], b[5]
    return da[:2] == db[:2] and abs(da[2] - db[2]) < 0.5 and abs(da[3] - db[3]) < 0.1


def crosses(r, t):
    """A rule r (a line, or a thin rectangle) runs through run t's box."""
    if r[3] - r[1] <= r[2] - r[0]:          # horizontal
        y = (r[1] + r[3]) / 2
        return t[1] + TOL < y < t[3] - TOL and min(r[2], t[2]) - max(r[0], t[0]) > TOL
    x = (r[0] + r[2]) / 2
    return t[0] + TOL < x < t[2] - TOL and min(r[3], t[3]) - max(r[1], t[1]) > TOL


def overlaps(boxes):
    found = []
    boxes = sorted(boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b[0] >= a[2] - TOL:
                break
            w = min(a[2], b[2]) - max(a[0], b[0])
            h = min(a[3], b[3]) - max(a[1], b[1])
            if a[5] is None and b[5] is None:
                continue                    # two rules: a table's grid
            if a[5] is None or b[5] is None:
                if crosses(a if a[5] is None else b, b if a[5] is None else a):
                    found.append((a, b))
                continue
            if w > TOL and h > TOL:
                # runs of one line touch by up to a cell where marks share
                # their space (）》（): that is no overlap
                if same_line(a, b) and w <= a[5][3] + TOL:
                    continue
                found.append((a, b))
    return found


def main(paths):
    bad = pages = 0
    for path in paths:
        doc = fitz.open(path)
        pages += len(doc)
        n = 0
        for pno, page in enumerate(doc, 1):
            for a, b in overlaps(run_boxes(page) + rule_boxes(page)):
                n += 1
                if n <= 10:
                    print("%s: page %d: \"%s\" overlaps \"%s\"" % (path, pno, a[4][:20], b[4][:20]))
        if n:
            print("overlap: %s: %d overlapping run(s)" % (path, n))
            bad += 1
    print("overlap: %d PDF(s), %d page(s), %d with runs drawn over each other" % (len(paths), pages, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: overlap.py PDF...")
    sys.exit(main(sys.argv[1:]))
