#!/usr/bin/python3
"""bench.py — for each example: the median wall time and peak memory (max RSS)
of a cold `gongwen render` over RUNS runs, and the PDF size.  Each run is a
fresh process; wall time from time.perf_counter, memory from wait4's rusage.
Usage: bench.py [RUNS] [EXAMPLE...]"""
import os, shutil, statistics, subprocess, sys, tempfile, time, glob, shlex

def run(args):
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed" % " ".join(args))
    return (t1 - t0) * 1000.0, ru.ru_maxrss, (ru.ru_utime + ru.ru_stime) * 1000.0

def report(label, res, size, note=""):
    """One row: median wall ms, CPU ms, peak KB of res (from run), a size."""
    print("%-18s %9.1f %9.1f %9d %10d%s" % (label, statistics.median(r[0] for r in res),
          statistics.median(r[2] for r in res), statistics.median(r[1] for r in res), size,
          "   (" + note + ")" if note else ""))

def batch(args, outdir, runs):
    """Run a mail merge writing into outdir RUNS times (emptied each time);
    the runs, how many PDFs the last wrote, and their mean size."""
    res = []
    for _ in range(runs):
        for f in os.listdir(outdir):
            os.unlink(os.path.join(outdir, f))
        res.append(run(args))
    n = len(os.listdir(outdir))
    size = sum(os.path.getsize(os.path.join(outdir, f)) for f in os.listdir(outdir))
    return res, n, size // max(n, 1)

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    names = sys.argv[2:] or sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob("examples/*/main.md")
                                   if not os.path.exists(os.path.join(os.path.dirname(p), "OUTPUT")))
    tmp = tempfile.mkdtemp()
    print("load average %.2f (another process on the cores makes wall times longer; CPU ms less so)" % os.getloadavg()[0])
    print("%-18s %9s %9s %9s %10s" % ("example", "median ms", "CPU ms", "peak KB", "PDF bytes"))
    for name in names:
        d = "examples/" + name
        extra = shlex.split(open(d + "/ARGS").read()) if os.path.exists(d + "/ARGS") else []
        out = os.path.join(tmp, name + ".pdf")
        args = ["./gongwen", "render"] + extra + [d + "/main.md", "-o", out]
        run(args)  # warm the page cache (fonts): "cold" = a new process
        res = [run(args) for _ in range(runs)]
        report(name, res, os.path.getsize(out))
    merge_bench(tmp, max(3, runs // 3))
    archive_bench(tmp, runs)
    score_bench(tmp, max(3, runs // 3))
    for rows in (1000, 2000, 4000):
        table_bench(tmp, rows, max(3, runs // 3))
    xlsx_bench(tmp, runs)
    shutil.rmtree(tmp)

def table_bench(tmp, rows, runs):
    """A ```table of ROWS rows and 6 columns (2,000 rows: about 70 pages);
    target for 2,000 rows: <= 0.5 s wall, <= 40 MB."""
    d = os.path.join(tmp, "table%d" % rows)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "行.csv"), "w", encoding="utf-8") as f:
        f.write("单位,项目,负责人,电话,金额,完成时间\n")
        for i in range(1, rows + 1):
            f.write("第%d县,工程%d,联系人%d,1393991%04d,%d.%02d,2018年%d月底\n" % (
                    (i + 2) // 3, i, i % 97, i % 10000, 1000 + i * 7 % 9000, i % 100, i % 12 + 1))
    with open(os.path.join(d, "main.md"), "w", encoding="utf-8") as f:
        f.write("---\n标题: 表格基准\n---\n```table\n数据: 行\n字号: 5号\n序号: true\n列:\n"
                "  - {标题: 单位, 合并: 相同}\n  - 项目\n  - 负责人\n  - 电话\n"
                "  - {标题: 金额, 合计: true}\n  - 完成时间\n```\n")
    out = os.path.join(tmp, "table%d.pdf" % rows)
    args = ["./gongwen", "render", os.path.join(d, "main.md"), "-o", out]
    run(args)
    res = [run(args) for _ in range(runs)]
    report("table-%d" % rows, res, os.path.getsize(out), "%d rows x 6 columns, median of %d" % (rows, runs))

def xlsx_bench(tmp, runs):
    """A 10,000-row, 12-column workbook (written by libxlsxwriter through
    build/mkxlsx: numbers, shared strings, percentages, dates) read directly:
    its --dump=rec, and a one-page document over it.  Target <= 150 ms, 40 MB."""
    mk = os.environ.get("MKXLSX", "build/mkxlsx")
    if not os.path.exists(mk):
        print("xlsx: %s missing (make %s)" % (mk, mk))
        return
    book = os.path.join(tmp, "big.xlsx")
    subprocess.run([mk, "big", "10000", "12", book], check=True)
    md = os.path.join(tmp, "tiny.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write("---\n标题: 关于数据的通知\n---\n第一行是{{表.0.列2}}，共{{表.9999.列1}}行。\n")
    for label, extra in (("xlsx-10k-dump", ["--dump=rec"]), ("xlsx-10k-render", ["-o", os.path.join(tmp, "tiny.pdf")])):
        args = ["./gongwen", "render", md, "--data", "表=" + book] + extra
        run(args)
        res = [run(args) for _ in range(runs)]
        report(label, res, os.path.getsize(os.path.join(tmp, "tiny.pdf")) if "-o" in extra else 0,
               "10,000 rows x 12 columns, %d-byte workbook; target <= 150 ms, 40 MB" % os.path.getsize(book))

def merge_bench(tmp, runs):
    """200 one-page documents from a 200-row CSV as separate PDFs, -j 2."""
    csv = os.path.join(tmp, "200.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("序号,单位,产业集聚区,得分,等次,排名,联系人\n")
        for i in range(1, 201):
            f.write("%d,第%d县人民政府,第%d产业集聚区,%.1f,良好,%d,联系人%d\n" % (i, i, i, 60 + (i * 7) % 40, i, i))
    outdir = os.path.join(tmp, "merge")
    os.mkdir(outdir)
    args = ["./gongwen", "render", "examples/mail-merge/main.md", "--data", "单位=" + csv,
            "--each", "单位", "-o", os.path.join(outdir, "{{单位}}.pdf"), "-j", "2"]
    res, n, size = batch(args, outdir, runs)
    report("merge-200", res, size, "%d PDFs, -j 2, median of %d; KB and bytes per PDF" % (n, runs))

def archive_bench(tmp, runs):
    """What PDF/A costs on xuchang-2018 (default vs --pdfa off), and what
    signing costs per document in the 200-record merge with -j 2."""
    d = "examples/xuchang-2018"
    extra = shlex.split(open(d + "/ARGS").read())
    res = {}
    for mode, opt in (("plain", ["--pdfa", "off"]), ("pdfa", [])):
        out = os.path.join(tmp, "x-%s.pdf" % mode)
        args = ["./gongwen", "render"] + extra + [d + "/main.md", "-o", out] + opt
        run(args)
        r = [run(args) for _ in range(runs)]
        res[mode] = (statistics.median(x[0] for x in r), statistics.median(x[2] for x in r),
                     os.path.getsize(out))
    p, a = res["plain"], res["pdfa"]
    print("xuchang-2018 PDF/A-2b vs plain: %+.1f ms wall (%+.1f%%), %+.1f ms CPU (%+.1f%%), %+d bytes"
          % (a[0] - p[0], 100 * (a[0] - p[0]) / p[0], a[1] - p[1], 100 * (a[1] - p[1]) / p[1],
             a[2] - p[2]))
    ca = os.path.join(tmp, "ca")
    subprocess.run(["sh", "tests/archive/mkcerts.sh", ca], check=True)
    csv = os.path.join(tmp, "200.csv")
    outdir = os.path.join(tmp, "merge-sign")
    os.mkdir(outdir)
    base = ["./gongwen", "render", "examples/mail-merge/main.md", "--data", "单位=" + csv,
            "--each", "单位", "-o", os.path.join(outdir, "{{单位}}.pdf"), "-j", "2"]
    sign = ["--sign", os.path.join(ca, "a.p12"), "--password-file", os.path.join(ca, "a.pw")]
    m = {}
    for mode, args in (("unsigned", base), ("signed", base + sign)):
        r = []
        for _ in range(max(3, runs // 3)):
            for f in os.listdir(outdir):
                os.unlink(os.path.join(outdir, f))
            r.append(run(args))
        m[mode] = (statistics.median(x[0] for x in r), statistics.median(x[2] for x in r))
    u, g = m["unsigned"], m["signed"]
    print("merge-200 -j 2 signed vs unsigned: %+.1f ms wall (%+.2f ms per document), "
          "%+.1f ms CPU (%+.2f ms per document)" % (g[0] - u[0], (g[0] - u[0]) / 200,
          g[1] - u[1], (g[1] - u[1]) / 200))

def score_bench(tmp, runs):
    """200 units scored by templates/考核 (totals, grades, ranks over all of
    them) -> 200 one-page 评分表 as separate PDFs with -j 2 (target <= 0.4 s,
    <= 30 KB each), and the same 200 --combine'd into one PDF (<= 0.15 s)."""
    d = os.path.join(tmp, "score")
    os.makedirs(d)
    for f in ("评分表.md", "考核方案.yaml"):
        shutil.copy(os.path.join("templates/考核", f), d)
    csv = os.path.join(d, "考核得分.csv")
    with open(csv, "w", encoding="utf-8") as f:
        f.write("单位,宣传发动,确定方案,开工建设,宣传发动扣分说明,确定方案扣分说明,开工建设扣分说明\n")
        for i in range(1, 201):
            a, b, c = 20 - i % 9 * 0.5, 30 - i % 13, 50 - i * 7 % 31
            f.write("第%d责任单位,%s,%d,%d,%s,,%s\n" % (i, a, b, c, "摸底逾期，扣%s分" % (20 - a) if a < 20 else "",
                    "开工逾期，扣%d分" % (50 - c) if c < 50 else ""))
    outdir = os.path.join(tmp, "sheets")
    os.mkdir(outdir)
    base = ["./gongwen", "render", os.path.join(d, "评分表.md"), "--data", "单位=" + csv, "--each", "单位"]
    sep = base + ["-o", os.path.join(outdir, "{{被考评单位}}.pdf"), "-j", "2"]
    comb = base + ["--combine", os.path.join(tmp, "sheets.pdf")]
    res, n, size = batch(sep, outdir, runs)
    report("score-200", res, size, "%d 评分表 PDFs, -j 2, median of %d; bytes per PDF" % (n, runs))
    run(comb)
    res = [run(comb) for _ in range(runs)]
    report("score-200-combine", res, os.path.getsize(os.path.join(tmp, "sheets.pdf")),
           "200 评分表 in one PDF, median of %d" % runs)

main()
