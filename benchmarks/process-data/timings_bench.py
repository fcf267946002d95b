#!/usr/bin/env python3
"""Median of N `BIN tally --timings` runs per file (MES cost), a fresh process each: the in-process
parse/rule/report/total. Usage: timings_bench.py N BIN FILE...  (see benchmarks/process.md)"""
import os, statistics, subprocess, sys
n = int(sys.argv[1]); b = sys.argv[2]; files = sys.argv[3:]
flags = ["--rule", "mes", "--satisfaction", "cost", "--completion", "none", "--tie-break", "lexicographic", "--format", "json", "--timings"]
for f in files:
    rows = []
    for _ in range(n):
        p = subprocess.run([b, "tally", "--input", f, *flags], capture_output=True, text=True, check=True)
        line = [l for l in p.stderr.splitlines() if l.startswith("timings:")][-1]
        rows.append({k: float(v) for k, _, v in (x.partition("=") for x in line.split()[1:])})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    mn = {k: min(r[k] for r in rows) for k in rows[0]}
    pr = statistics.median(r["parse_ms"] + r["rule_ms"] for r in rows)
    print(f"{os.path.basename(f)[:44]:<44} parse {med['parse_ms']:7.3f} (min {mn['parse_ms']:.3f})  rule {med['rule_ms']:7.3f} (min {mn['rule_ms']:.3f})  report {med['report_ms']:6.3f}  total {med['total_ms']:7.3f}  parse+rule {pr:7.3f} ms  n={n}")
