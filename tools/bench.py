#!/usr/bin/python3
"""bench.py — for each example: the median wall time and peak memory (max RSS)
of a cold `gongwen render` over RUNS runs, and the PDF size.  Each run is a
fresh process; wall time from time.perf_counter, memory from wait4's rusage.
Usage: bench.py [RUNS] [EXAMPLE...]"""
import os, statistics, subprocess, sys, tempfile, time, glob, shlex

def run(args):
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed" % " ".join(args))
    return (t1 - t0) * 1000.0, ru.ru_maxrss

def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    names = sys.argv[2:] or sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob("examples/*/main.md"))
    tmp = tempfile.mkdtemp()
    print("%-18s %9s %9s %10s" % ("example", "median ms", "peak KB", "PDF bytes"))
    for name in names:
        d = "examples/" + name
        extra = shlex.split(open(d + "/ARGS").read()) if os.path.exists(d + "/ARGS") else []
        out = os.path.join(tmp, name + ".pdf")
        args = ["./gongwen", "render"] + extra + [d + "/main.md", "-o", out]
        run(args)  # warm the page cache (fonts): "cold" = a new process
        res = [run(args) for _ in range(runs)]
        print("%-18s %9.1f %9d %10d" % (name, statistics.median(r[0] for r in res),
              statistics.median(r[1] for r in res), os.path.getsize(out)))
    for f in os.listdir(tmp):
        os.unlink(os.path.join(tmp, f))
    os.rmdir(tmp)

main()
