#!/usr/bin/python3
"""make_seal.py — draw a demonstration 公章 as an RGBA PNG with a transparent
background: a red ring, a five-pointed star and the organ's name along the
upper arc (and an optional word under the star).  For the examples only; a
real seal image comes from the organ.

usage: make_seal.py OUT.png 机关名称 [下方文字] [--diameter MM] [--font FILE]
Needs PyMuPDF (Debian python3-fitz)."""
import math, sys, argparse
import fitz

MM = 72 / 25.4

def signature(a):
    """签名章: a square frame with the characters in two columns, read
    right column first, top to bottom (the usual order of a name seal)."""
    side = 18 * MM
    red = (0.9, 0.0, 0.07)
    doc = fitz.open()
    page = doc.new_page(width=side, height=side)
    sh = page.new_shape()
    sh.draw_rect(fitz.Rect(1, 1, side - 1, side - 1))
    sh.finish(color=red, width=1.2 * MM)
    sh.commit()
    page.insert_font(fontname="seal", fontfile=a.font)
    chars = list(a.name)[:4]
    while len(chars) < 4:
        chars.append("印")
    cell = (side - 3 * MM) / 2
    size = cell * 0.92
    for i, ch in enumerate(chars):
        col = 1 - i // 2           # right column first
        row = i % 2
        x = 1.5 * MM + col * cell + (cell - size) / 2
        y = 1.5 * MM + row * cell + cell * 0.82
        page.insert_text(fitz.Point(x, y), ch, fontsize=size, fontname="seal", color=red)
    page.get_pixmap(dpi=a.dpi, alpha=True).save(a.out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("name")
    ap.add_argument("bottom", nargs="?", default="")
    ap.add_argument("--diameter", type=float, default=42.0)
    ap.add_argument("--font", default="/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--signature", action="store_true",
                    help="a square 签名章: the name (up to 4 characters) in a red frame")
    a = ap.parse_args()
    if a.signature:
        return signature(a)
    d = a.diameter * MM
    red = (0.9, 0.0, 0.07)
    doc = fitz.open()
    page = doc.new_page(width=d, height=d)
    c = fitz.Point(d / 2, d / 2)
    ring = 1.3 * MM
    sh = page.new_shape()
    sh.draw_circle(c, d / 2 - ring / 2 - 0.5)
    sh.finish(color=red, width=ring)
    # star: 5 outer + 5 inner points
    R, r = d * 0.16, d * 0.16 * 0.382
    pts = []
    for k in range(10):
        ang = -math.pi / 2 + k * math.pi / 5
        rad = R if k % 2 == 0 else r
        pts.append(fitz.Point(c.x + rad * math.cos(ang), c.y + rad * math.sin(ang)))
    sh.draw_polyline(pts + [pts[0]])
    sh.finish(color=red, fill=red, width=0.1)
    sh.commit()
    # the name along the upper arc, each character upright to the centre
    n = len(a.name)
    size = min(d * 0.13, (d * 0.30 * math.pi * 1.2) / max(n, 1))
    span = min(math.radians(250), math.radians(22) * n)
    rad = d / 2 - ring - 1.2 * MM - size * 0.5
    page.insert_font(fontname="seal", fontfile=a.font)
    for i, ch in enumerate(a.name):
        t = -span / 2 + span * (i + 0.5) / n if n > 1 else 0
        ang = -math.pi / 2 + t
        p = fitz.Point(c.x + rad * math.cos(ang), c.y + rad * math.sin(ang))
        # glyph box centred on p, rotated by t
        org = fitz.Point(p.x - size / 2, p.y + size * 0.38)
        m = fitz.Matrix(-math.degrees(t))
        page.insert_text(org, ch, fontsize=size, fontname="seal", color=red, morph=(p, m))
    if a.bottom:
        bs = size * 0.8
        w = bs * len(a.bottom)
        page.insert_text(fitz.Point(c.x - w / 2, c.y + d * 0.30), a.bottom, fontsize=bs,
                         fontname="seal", color=red)
    pix = page.get_pixmap(dpi=a.dpi, alpha=True)
    pix.save(a.out)


main()
