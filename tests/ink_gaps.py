#!/usr/bin/python3
"""ink_gaps.py PDF... — for every compressed punctuation mark (a mark whose
cell is narrower than the line's character pitch), measure the ink gap to
the characters on both sides, from the glyph outlines embedded in the PDF
(glyf bounding boxes), and fail when a gap is below MIN_GAP_MM (or below
the gap the font itself gives the two in full cells, if less), or when a
mark inside a line gives up more than a quarter of its cell without a
neighbouring mark to share with (it would read as a half-width ",").
Issue 11, items 1 and 3.  Prints one summary line per PDF."""
import struct
import sys

import fitz

MIN_GAP_MM = 0.40          # two Han characters of the stand-in 仿宋 sit 0.3-1.3 mm apart
MM = 72 / 25.4
CELL = 442.205 / 28        # 3号 body grid
MARKS = set("、。，：；“”‘’《》（）〔〕「」『』【】〈〉")


def glyph_boxes(font_bytes):
    """gid -> (xMin, xMax) in em, from head/loca/glyf; None when no ink."""
    if font_bytes[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return None
    num = struct.unpack(">H", font_bytes[4:6])[0]
    tables = {}
    for i in range(num):
        tag, _, off, ln = struct.unpack(">4sIII", font_bytes[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    head = tables[b"head"][0]
    upem = struct.unpack(">H", font_bytes[head + 18:head + 20])[0]
    locfmt = struct.unpack(">h", font_bytes[head + 50:head + 52])[0]
    maxp = tables[b"maxp"][0]
    ng = struct.unpack(">H", font_bytes[maxp + 4:maxp + 6])[0]
    loca, glyf = tables[b"loca"][0], tables[b"glyf"][0]
    box = {}
    for g in range(ng):
        if locfmt == 0:
            a, b = struct.unpack(">HH", font_bytes[loca + 2 * g:loca + 2 * g + 4])
            a, b = 2 * a, 2 * b
        else:
            a, b = struct.unpack(">II", font_bytes[loca + 4 * g:loca + 4 * g + 8])
        if b > a:
            x0, _, x1, _ = struct.unpack(">hhhh", font_bytes[glyf + a + 2:glyf + a + 10])
            box[g] = (x0 / upem, x1 / upem)
    return box


def check(path):
    doc = fitz.open(path)
    fonts = {}
    for pno in range(len(doc)):
        for f in doc[pno].get_fonts():
            name = f[3].split("+", 1)[-1]
            if name not in fonts:
                fonts[name] = glyph_boxes(doc.extract_font(f[0])[3])
    marks, bad, gaps = 0, [], []
    for pno, page in enumerate(doc):
        chars = []
        for span in page.get_texttrace():
            boxes = fonts.get(span["font"])
            if not boxes or abs(span["size"] - 16) > 0.5 or span["color"] != (0.0, 0.0, 0.0):
                continue
            for (u, gid, origin, _bbox) in span["chars"]:
                ink = boxes.get(gid)
                if ink is None:
                    continue
                chars.append((round(origin[1], 1), origin[0], chr(u),
                              origin[0] + ink[0] * span["size"], origin[0] + ink[1] * span["size"]))
        lines, seen = {}, set()
        for c in chars:
            # fake bold draws a glyph twice, a hair apart: count it once
            key = (c[0], c[2], round(c[1]))
            if key in seen or (c[0], c[2], round(c[1]) - 1) in seen or (c[0], c[2], round(c[1]) + 1) in seen:
                continue
            seen.add(key)
            lines.setdefault(c[0], []).append(c)
        for y, l in lines.items():
            l.sort(key=lambda c: c[1])
            for i, (_, x, ch, i0, i1) in enumerate(l):
                if ch not in MARKS:
                    continue
                prev = l[i - 1] if i > 0 else None
                nxt = l[i + 1] if i + 1 < len(l) else None
                # the mark's cell: from its own origin (or the previous
                # character's end) to the next character's origin
                step_in = x - prev[1] if prev else CELL
                step_out = nxt[1] - x if nxt else CELL
                if min(step_in, step_out) > 0.9 * CELL:
                    continue
                marks += 1
                where = "p%d '%s'" % (pno + 1, "".join(c[2] for c in l[max(0, i - 3):i + 4]))
                for side, nb in (("before", prev), ("after", nxt)):
                    if nb is None:
                        continue
                    g = (i0 - nb[4]) if side == "before" else (nb[3] - i1)
                    # the gap the two would have in full cells: a side the
                    # font itself sets closer is not the compression's doing
                    if side == "before":
                        nat = (i0 - x) + (nb[1] + CELL - nb[4])
                    else:
                        nat = (x + CELL - i1) + (nb[3] - nb[1])
                    gaps.append(g / MM)
                    if g / MM < min(MIN_GAP_MM, nat / MM) - 0.01:
                        bad.append("%s: %.2f mm %s the %s" % (where, g / MM, side, ch))
                # half-width look: a mark inside the line (not the last),
                # not next to another mark, keeps 3/4 of its cell
                if nxt and (not prev or prev[2] not in MARKS) and nxt[2] not in MARKS \
                        and step_out < 0.74 * CELL and step_in > 0.9 * CELL:
                    bad.append("%s: %s squeezed to %.2f of a cell inside the line" % (where, ch, step_out / CELL))
    lo = min(gaps) if gaps else 0
    print("%s %s: %d compressed marks, smallest ink gap %.2f mm%s" % (
        "FAIL" if bad else "ok  ", path, marks, lo, "" if not bad else ", %d problems:" % len(bad)))
    for b in bad[:20]:
        print("     " + b)
    return not bad, marks


if __name__ == "__main__":
    res = [check(p) for p in sys.argv[1:]]
    total = sum(m for _, m in res)
    if total == 0:
        print("FAIL ink_gaps: no compressed mark measured in %d PDF(s): nothing was tested" % len(res))
    sys.exit(0 if res and total > 0 and all(ok for ok, _ in res) else 1)
