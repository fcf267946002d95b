#!/usr/bin/env python3
"""Whole-process wall time of `BIN tally --input FILE --rule mes ... --format json` (median of N),
binaries alternating per repetition, plus `BIN --version` as the process floor.
Usage: proc_bench.py N FILE... -- BIN...  (see benchmarks/process.md)"""
import os, statistics, subprocess, sys, time
args = sys.argv[1:]
n = int(args[0]); sep = args.index("--")
files, bins = args[1:sep], args[sep+1:]
flags = ["--rule", "mes", "--satisfaction", "cost", "--completion", "none", "--tie-break", "lexicographic", "--format", "json"]
devnull = open(os.devnull, "wb")
def once(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=devnull, stderr=devnull, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"{cmd} failed with status {p.returncode}")
    return wall, usage.ru_utime + usage.ru_stime
print(f"# load {os.getloadavg()[0]:.2f}, n={n}")
for b in bins:
    walls = []
    for _ in range(n):
        walls.append(once([b, "--version"])[0])
    print(f"{'--version':<44} {b:<40} median {statistics.median(walls)*1e3:7.2f} ms  min {min(walls)*1e3:7.2f} ms")
for f in files:
    res = {b: ([], []) for b in bins}
    for rep in range(n):
        order = bins if rep % 2 == 0 else bins[::-1]
        for b in order:
            w, c = once([b, "tally", "--input", f, *flags])
            res[b][0].append(w); res[b][1].append(c)
    for b in bins:
        w, c = res[b]
        print(f"{os.path.basename(f)[:44]:<44} {b:<40} median {statistics.median(w)*1e3:7.2f} ms  min {min(w)*1e3:7.2f} ms  cpu {statistics.median(c)*1e3:6.2f} ms")
print(f"# load {os.getloadavg()[0]:.2f}")
