#!/usr/bin/python3
"""sigint_trials.py — SIGINT at random points of a single render: the PDF is
complete or absent, and no temporary file is ever left.

Half the points are drawn over the whole run; the other half fall in the
window where the PDF is written (mkstemp … rename), the moment the
temporary ".NAME.pdf.XXXXXX" appears plus 0-20 ms: that is where a signal
used to leave it behind.

usage: sigint_trials.py GONGWEN TEMPLATE OUTDIR [TRIALS]"""
import os, random, signal, subprocess, sys, time

gw, md, d = sys.argv[1], sys.argv[2], sys.argv[3]
trials = int(sys.argv[4]) if len(sys.argv) > 4 else 20
out = os.path.join(d, "x.pdf")
cmd = [gw, "render", md, "-o", out]

def dfl():
    signal.signal(signal.SIGINT, signal.SIG_DFL)   # a background shell ignores it

def run(delay=None, at_temp=False):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, preexec_fn=dfl)
    if at_temp:
        while p.poll() is None and not any(f.startswith(".") for f in os.listdir(d)):
            time.sleep(0.0005)
    if delay is not None:
        time.sleep(delay)
        try:
            p.send_signal(signal.SIGINT)
        except ProcessLookupError:
            pass
    rc = p.wait()
    return rc, time.monotonic() - t0

full = sorted(run()[1] for _ in range(3))[1]
rnd = random.Random()
problems, stopped = [], 0
for i in range(trials):
    if os.path.exists(out):
        os.unlink(out)
    at_temp = i % 2 == 1
    delay = rnd.uniform(0, 0.02) if at_temp else rnd.uniform(0, full)
    rc, _ = run(delay, at_temp)
    stopped += rc != 0
    left = [f for f in os.listdir(d) if f.startswith(".")]
    for f in left:
        os.unlink(os.path.join(d, f))
    if left:
        problems.append("trial %d (SIGINT at %.3f s%s, exit %d): left %s" % (i, delay, " after the temporary file appeared" if at_temp else "", rc, " ".join(left)))
    if os.path.exists(out) and subprocess.run(["pdfinfo", out], capture_output=True).returncode:
        problems.append("trial %d: a broken PDF" % i)
    if rc not in (0, -signal.SIGINT, 130):
        problems.append("trial %d: exit %d" % (i, rc))
for p in problems:
    print("FAIL " + p)
print("SIGINT trials: %d, %d stopped the run, %d problems" % (trials, stopped, len(problems)))
sys.exit(1 if problems else 0)
