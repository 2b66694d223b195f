#!/usr/bin/python3
"""font_mutants.py — a corpus of damaged fonts, made from an installed one
and replayed through gongwen: every mutant must be used or refused with a
message naming the font, never crash (a signal, a sanitizer report) nor
leave a file behind.

The corpus is made afresh each run from the same seed: the targeted
mutants are the values libharu divides by or sizes its tables from
(head.unitsPerEm = 0 crashed it with SIGFPE), the random ones flip bytes in
the tables libharu reads.

usage: font_mutants.py GONGWEN FONT TMPDIR [N_RANDOM]"""
import os, random, struct, subprocess, sys

gw, src, tmp = sys.argv[1], sys.argv[2], sys.argv[3]
nrand = int(sys.argv[4]) if len(sys.argv) > 4 else 40
base = open(src, "rb").read()

def tables(b):
    n = struct.unpack(">H", b[4:6])[0]
    t = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", b[12 + 16 * i: 28 + 16 * i])
        t[tag.decode("latin1")] = (off, ln, 12 + 16 * i)
    return t

T = tables(base)

def put(b, off, fmt, v):
    b[off:off + struct.calcsize(fmt)] = struct.pack(fmt, v)

def field(tag, rel, fmt, v):
    def f(b):
        put(b, T[tag][0] + rel, fmt, v)
    return f

def dirent(tag, what, v):   # change a table's offset or length in the directory
    def f(b):
        put(b, T[tag][2] + (8 if what == "offset" else 12), ">I", v)
    return f

targeted = {
    "head-upem-0": field("head", 18, ">H", 0),
    "head-upem-1": field("head", 18, ">H", 1),
    "head-upem-ffff": field("head", 18, ">H", 0xFFFF),
    "head-locfmt-5": field("head", 50, ">h", 5),
    "head-magic": field("head", 12, ">I", 0),
    "head-short": dirent("head", "length", 20),
    "maxp-glyphs-0": field("maxp", 4, ">H", 0),
    "maxp-glyphs-1": field("maxp", 4, ">H", 1),
    "maxp-glyphs-ffff": field("maxp", 4, ">H", 0xFFFF),
    "hhea-metrics-0": field("hhea", 34, ">H", 0),
    "hhea-metrics-ffff": field("hhea", 34, ">H", 0xFFFF),
    "hhea-short": dirent("hhea", "length", 10),
    "hmtx-short": dirent("hmtx", "length", 4),
    "hmtx-0": dirent("hmtx", "length", 0),
    "loca-short": dirent("loca", "length", 8),
    "loca-beyond": dirent("loca", "offset", 0x7FFFFFF0),
    "glyf-beyond": dirent("glyf", "length", 0x7FFFFFF0),
    "os2-short": dirent("OS/2", "length", 8),
    "os2-beyond": dirent("OS/2", "offset", len(base) - 4),
    "cmap-0": dirent("cmap", "length", 0),
    "numtables-0": lambda b: put(b, 4, ">H", 0),
    "numtables-ffff": lambda b: put(b, 4, ">H", 0xFFFF),
    "truncated-half": None,
}

rnd = random.Random(9704)
hot = [t for t in ("head", "hhea", "maxp", "hmtx", "loca", "OS/2", "post", "name") if t in T]

def random_mutant(b):
    for _ in range(rnd.randint(1, 6)):
        tag = rnd.choice(hot)
        off, ln, _ = T[tag]
        span = min(ln, 128) if tag not in ("hmtx", "loca") else min(ln, 4096)
        if span == 0:
            continue
        p = off + rnd.randrange(span)
        b[p] = rnd.choice([0, 0xFF, 0x80, 0x7F, b[p] ^ (1 << rnd.randrange(8))])

md = os.path.join(tmp, "m.md")
with open(md, "w", encoding="utf-8") as f:
    f.write("---\n标题: 关于字体测试的通知\n署名: 某局\n成文日期: 2024-01-02\n---\n正文，测试字体。\n")
font = os.path.join(tmp, "mutant.ttf")
out = os.path.join(tmp, "out")
os.makedirs(out, exist_ok=True)
cases = list(targeted.items()) + [("random-%d" % i, random_mutant) for i in range(nrand)]
fail = 0
counts = {}
for name, mut in cases:
    b = bytearray(base)
    if mut is None:
        b = b[: len(b) // 2]
    else:
        mut(b)
    with open(font, "wb") as f:
        f.write(b)
    r = subprocess.run([gw, "render", md, "-o", os.path.join(out, "x.pdf")] +
                       [a for role in ("仿宋", "小标宋", "黑体", "楷体")
                        for a in ("--font", "%s=%s" % (role, font))],
                       capture_output=True, timeout=120)
    err = r.stderr.decode("utf-8", "replace")
    problems = []
    if r.returncode < 0 or r.returncode >= 128:
        problems.append("killed by signal %d" % (-r.returncode if r.returncode < 0 else r.returncode - 128))
    elif r.returncode not in (0, 2, 3):
        problems.append("exit %d" % r.returncode)
    if "Sanitizer" in err or "runtime error" in err:
        problems.append("sanitizer: " + err.strip().splitlines()[0])
    if r.returncode in (2, 3) and "mutant.ttf" not in err:
        problems.append("the message does not name the font: " + err.strip()[-200:])
    left = [x for x in os.listdir(out) if x != "x.pdf"]
    if left:
        problems.append("left " + " ".join(left))
    if r.returncode == 0 and subprocess.run(["pdfinfo", os.path.join(out, "x.pdf")],
                                            capture_output=True).returncode != 0:
        problems.append("exit 0 but the PDF does not open")
    for x in os.listdir(out):
        os.unlink(os.path.join(out, x))
    counts[r.returncode] = counts.get(r.returncode, 0) + 1
    if problems:
        fail += 1
        print("FAIL font mutant %s: %s" % (name, "; ".join(problems)))
os.unlink(font)
print("font mutants: %d tried (exit status: %s), %d failed" % (
    len(cases), ", ".join("%d×%d" % (n, s) for s, n in sorted(counts.items())), fail))
sys.exit(1 if fail else 0)
