#!/usr/bin/env python3
"""Times `medlemsbudget tally` against pabutools 1.2.3 on Pabulib files.

Two sub-commands (run it with the pabutools venv's Python; scripts/bench-tally.sh
sets that up):

  pabutools_tally.py one FILE RULE
      Child process: parses FILE with pabutools, runs RULE (a rule name of
      expected.json's `rules` section, with exactly the call given there) and
      prints one JSON line: winners, total_cost, and the seconds spent in
      `import pabutools`, `parse_pabulib` and the rule.

  pabutools_tally.py compare --binary BIN --pabulib DIR [options]
      For every .pb file in DIR (or --files) and every rule that applies to
      it, runs `BIN tally ...` and `one FILE RULE` alternately, N times each,
      one fresh process per run, and prints a table of medians and ratios.
      Each pabutools run is killed after --cap seconds (then marked
      "> cap", and not retried for that file and rule). Both winner sets must
      agree (and agree with expected.json when it has an answer); any
      mismatch is listed and makes the exit status 1; a tool that fails
      makes it 2.

What is timed (parse included on both sides), and the two ratios:
  * medlemsbudget: the wall time of the whole `medlemsbudget tally` process
    (start, read, parse, rule, explanations, JSON to stdout), as seen by this
    driver from spawn to reap. Each run also passes `--timings`, so the
    process reports on stderr how long reading + parsing and the rule took
    inside it (`rules::run`; the report and its explanations are timed
    apart, `report_ms`).
  * pabutools: `parse_pabulib` + the rule call, timed inside the child with
    time.perf_counter(). The interpreter's start and `import pabutools`
    (about half a second together) are NOT counted, so the ratio is, if
    anything, in pabutools' favour. The child's whole-process wall time is
    kept in --json too.
  * "ratio (process)": pabutools' parse + rule (in process) / medlemsbudget's
    whole process. The issue's target; it leans in pabutools' favour.
  * "ratio (in process)": pabutools' parse + rule / medlemsbudget's read +
    parse + rule, both timed inside their own process: like for like.
    Missing ("–") when the binary has no `tally --timings`.
  * Also recorded, as a check on a busy machine: CPU times (user + sys) of
    the whole medlemsbudget process (wait4) and of pabutools' parse + rule
    (time.process_time), and their ratio. They move less than wall times when
    other work competes for the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from fractions import Fraction
from pathlib import Path

# Rule name -> (medlemsbudget tally flags, the pabutools call of expected.json).
RULES: dict[str, tuple[list[str], str]] = {
    "mes_cost": (
        ["--rule", "mes", "--satisfaction", "cost", "--completion", "none"],
        "method_of_equal_shares(instance, profile, sat_class=Cost_Sat)",
    ),
    "mes_card": (
        ["--rule", "mes", "--satisfaction", "cardinality", "--completion", "none"],
        "method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)",
    ),
    "mes_cost_add1": (
        ["--rule", "mes", "--satisfaction", "cost", "--completion", "add1"],
        "method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)",
    ),
    "mes_cost_add1_greedy": (
        ["--rule", "mes", "--satisfaction", "cost", "--completion", "add1-greedy"],
        "a = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1); "
        "a if instance.is_exhaustive(a) else "
        "greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, initial_budget_allocation=a)",
    ),
    "greedy_cost": (
        ["--rule", "greedy", "--satisfaction", "cost"],
        "greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)",
    ),
    "greedy_card": (
        ["--rule", "greedy", "--satisfaction", "cardinality"],
        "greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)",
    ),
    "phragmen": (
        ["--rule", "phragmen"],
        "sequential_phragmen(instance, profile)",
    ),
    "greedy_additive_cardinal": (
        ["--rule", "greedy", "--satisfaction", "points"],
        "greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Cardinal_Sat)",
    ),
    "mes_additive_cardinal": (
        ["--rule", "mes", "--satisfaction", "points", "--completion", "none"],
        "method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)",
    ),
}


# --------------------------------------------------------------------------
# Child: one pabutools run.
# --------------------------------------------------------------------------


def run_pabutools(instance, profile, rule: str):
    from pabutools.election import Additive_Cardinal_Sat, Cardinality_Sat, Cost_Sat
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares, sequential_phragmen

    if rule == "mes_cost":
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    if rule == "mes_card":
        return method_of_equal_shares(instance, profile, sat_class=Cardinality_Sat)
    if rule == "mes_cost_add1":
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
    if rule == "mes_cost_add1_greedy":
        a = method_of_equal_shares(instance, profile, sat_class=Cost_Sat, voter_budget_increment=1)
        if instance.is_exhaustive(a):
            return a
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, initial_budget_allocation=a)
    if rule == "greedy_cost":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    if rule == "greedy_card":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Cardinality_Sat)
    if rule == "phragmen":
        return sequential_phragmen(instance, profile)
    if rule == "greedy_additive_cardinal":
        return greedy_utilitarian_welfare(instance, profile, sat_class=Additive_Cardinal_Sat)
    if rule == "mes_additive_cardinal":
        return method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
    raise SystemExit(f"unknown rule {rule!r}; use one of {', '.join(RULES)}")


def child(path: str, rule: str) -> None:
    started = time.perf_counter()
    from pabutools.election import parse_pabulib

    imported = time.perf_counter()
    cpu_started = time.process_time()
    instance, profile = parse_pabulib(path)
    parsed = time.perf_counter()
    result = run_pabutools(instance, profile, rule)
    done = time.perf_counter()
    cpu = time.process_time() - cpu_started
    print(
        json.dumps(
            {
                "winners": sorted(str(p.name) for p in result),
                "total_cost": str(sum((p.cost for p in result), 0)),
                "import_s": imported - started,
                "parse_s": parsed - imported,
                "rule_s": done - parsed,
                "cpu_s": cpu,
            }
        )
    )


# --------------------------------------------------------------------------
# Driver.
# --------------------------------------------------------------------------


class Run:
    """One finished (or killed) process."""

    def __init__(
        self, wall: float, cpu: float, status: int | None, max_rss_kb: int, stdout: str, stderr: str, timed_out: bool
    ):
        self.wall = wall
        self.cpu = cpu
        self.status = status
        self.max_rss_kb = max_rss_kb
        self.stdout = stdout
        self.stderr = stderr
        self.timed_out = timed_out


def timed(cmd: list[str], timeout: float | None) -> Run:
    """Runs `cmd`; wall time from spawn to reap and the child's own peak RSS (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        box: dict = {}
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)

        def reap() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            box["ended"] = time.perf_counter()
            box["status"] = status
            box["usage"] = usage

        waiter = threading.Thread(target=reap)
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            proc.kill()
            waiter.join()
        # The process is reaped; keep Popen from waiting for it again.
        proc.returncode = os.waitstatus_to_exitcode(box["status"])
        out.seek(0)
        err.seek(0)
        return Run(
            wall=box["ended"] - started,
            cpu=box["usage"].ru_utime + box["usage"].ru_stime,
            status=None if timed_out else proc.returncode,
            max_rss_kb=box["usage"].ru_maxrss,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out,
        )


def vote_type(path: Path) -> str:
    """The META vote_type of a Pabulib file (approval when missing)."""
    section = None
    with path.open(encoding="utf-8-sig") as f:
        for line in f:
            stripped = line.strip()
            if stripped in ("META", "PROJECTS", "VOTES"):
                section = stripped
                if section != "META":
                    break
                continue
            if section == "META":
                key, _, value = stripped.partition(";")
                if key == "vote_type":
                    return value.strip()
    return "approval"


def applicable(path: Path, expected: dict) -> list[str]:
    """Rules of expected.json's `rules` that apply to the file, in RULES order."""
    known = expected.get(path.name)
    if isinstance(known, dict):
        return [r for r in RULES if r in known]
    kind = vote_type(path)
    rules = []
    for rule in RULES:
        if rule == "phragmen" and kind not in ("approval", "choose-1"):
            continue
        if rule.endswith("additive_cardinal") and kind != "cumulative":
            continue
        rules.append(rule)
    return rules


def same_cost(a: str, b: str) -> bool:
    try:
        return Fraction(a) == Fraction(b)
    except (ValueError, ZeroDivisionError):
        return a == b


def parse_timings(stderr: str) -> dict | None:
    """The `timings: parse_ms=… rule_ms=… report_ms=… total_ms=…` line of `tally --timings`, in ms."""
    for text in reversed(stderr.splitlines()):
        if text.startswith("timings:"):
            try:
                found = {key: float(value) for key, _, value in (pair.partition("=") for pair in text.split()[1:])}
            except ValueError:
                return None
            needed = ("parse_ms", "rule_ms", "report_ms", "total_ms")
            return found if all(key in found for key in needed) else None
    return None


def fmt_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1e3:.0f} ms"
    return f"{value * 1e3:.1f} ms"


def compare(args: argparse.Namespace) -> int:
    binary = Path(args.binary).resolve()
    pabulib = Path(args.pabulib)
    expected_path = pabulib / "expected.json"
    expected = json.loads(expected_path.read_text()) if expected_path.exists() else {}
    if args.files:
        files = [p if p.exists() else pabulib / p.name for p in map(Path, args.files)]
    else:
        files = sorted(pabulib.glob("*.pb"))
    files += [Path(p) for p in args.extra]
    only = set(args.rules) if args.rules else None
    me = Path(__file__).resolve()
    help_text = subprocess.run([str(binary), "tally", "--help"], capture_output=True, text=True).stdout
    timings = "--timings" in help_text

    import importlib.metadata

    header = {
        "pabutools": importlib.metadata.version("pabutools"),
        "python": sys.version.split()[0],
        "binary": str(binary),
        "reps": args.reps,
        "slow_reps": args.slow_reps,
        "slow_s": args.slow,
        "cap_s": args.cap,
        "in_process_timings": timings,
        "loadavg_start": os.getloadavg(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    print(f"# pabutools {header['pabutools']} on Python {header['python']}; {binary}", flush=True)
    print(
        f"# {args.reps} repetitions (pabutools: {args.slow_reps} when a run takes over {args.slow:g} s), "
        f"pabutools cap {args.cap:g} s, load average {header['loadavg_start'][0]:.2f}",
        flush=True,
    )
    print(
        "# ratio (process) = pabutools parse + rule, timed in its process / the whole medlemsbudget process "
        "(start, parse, rule, report, output)",
        flush=True,
    )
    if timings:
        print(
            "# ratio (in process) = pabutools parse + rule / medlemsbudget read + parse + rule, both timed inside "
            "their process (like for like; medlemsbudget's `tally --timings`)",
            flush=True,
        )
    else:
        print(f"# {binary} has no `tally --timings`: no in-process ratio", flush=True)
    rows = []
    mismatches = []
    failures = []
    for path in files:
        for rule in applicable(path, expected):
            if only is not None and rule not in only:
                continue
            flags, _call = RULES[rule]
            mb_cmd = [str(binary), "tally", "--input", str(path), *flags, "--tie-break", "lexicographic", "--format", "json"]
            if timings:
                mb_cmd.append("--timings")
            py_cmd = [sys.executable, str(me), "one", str(path), rule]
            mb_runs: list[Run] = []
            mb_timings: list[dict] = []
            py_runs: list[Run] = []
            py_reports: list[dict] = []
            py_state = "ok"
            py_limit = args.reps
            mb_winners = None
            mb_cost = None
            for rep in range(args.reps):
                # Alternate the tools, and which goes first, every repetition.
                order = ["mb", "py"] if rep % 2 == 0 else ["py", "mb"]
                for tool in order:
                    if tool == "mb":
                        run = timed(mb_cmd, None)
                        if run.status != 0:
                            print(f"medlemsbudget failed on {path.name} {rule}: {run.stderr.strip()}", file=sys.stderr)
                            return 2
                        report = json.loads(run.stdout)
                        mb_winners = sorted(report["winners"])
                        mb_cost = report["total_cost"]
                        mb_runs.append(run)
                        if timings:
                            measured = parse_timings(run.stderr)
                            if measured is None:
                                print(f"medlemsbudget printed no timings line on {path.name} {rule}: {run.stderr.strip()[-500:]}", file=sys.stderr)
                                return 2
                            mb_timings.append(measured)
                    elif py_state == "ok" and len(py_runs) < py_limit:
                        run = timed(py_cmd, args.cap)
                        if run.timed_out:
                            py_state = "cap"
                            continue
                        if run.status != 0:
                            py_state = "error"
                            failures.append(f"{path.name} {rule}: pabutools exited with status {run.status}")
                            print(f"pabutools failed on {path.name} {rule}: {run.stderr.strip()[-2000:]}", file=sys.stderr)
                            continue
                        py_runs.append(run)
                        py_reports.append(json.loads(run.stdout.strip().splitlines()[-1]))
                        if run.wall > args.slow:
                            py_limit = min(py_limit, args.slow_reps)
            mb_median = statistics.median(r.wall for r in mb_runs)
            row = {
                "file": path.name,
                "rule": rule,
                "mb_median_s": mb_median,
                "mb_min_s": min(r.wall for r in mb_runs),
                "mb_cpu_median_s": statistics.median(r.cpu for r in mb_runs),
                "mb_reps": len(mb_runs),
                "mb_max_rss_kb": max(r.max_rss_kb for r in mb_runs),
                "mb_winners": mb_winners,
                "mb_total_cost": mb_cost,
                "py_state": py_state,
                "py_reps": len(py_runs),
            }
            if mb_timings:
                row.update(
                    {
                        "mb_in_process_median_s": statistics.median(t["parse_ms"] / 1e3 + t["rule_ms"] / 1e3 for t in mb_timings),
                        "mb_parse_median_s": statistics.median(t["parse_ms"] / 1e3 for t in mb_timings),
                        "mb_rule_median_s": statistics.median(t["rule_ms"] / 1e3 for t in mb_timings),
                        "mb_report_median_s": statistics.median(t["report_ms"] / 1e3 for t in mb_timings),
                        "mb_total_median_s": statistics.median(t["total_ms"] / 1e3 for t in mb_timings),
                    }
                )
            if py_reports:
                work = [r["parse_s"] + r["rule_s"] for r in py_reports]
                row.update(
                    {
                        "py_median_s": statistics.median(work),
                        "py_rule_median_s": statistics.median(r["rule_s"] for r in py_reports),
                        "py_parse_median_s": statistics.median(r["parse_s"] for r in py_reports),
                        "py_min_s": min(work),
                        "py_cpu_median_s": statistics.median(r["cpu_s"] for r in py_reports),
                        "py_process_median_s": statistics.median(r.wall for r in py_runs),
                        "py_max_rss_kb": max(r.max_rss_kb for r in py_runs),
                        "py_winners": py_reports[-1]["winners"],
                        "py_total_cost": py_reports[-1]["total_cost"],
                    }
                )
                row["ratio"] = row["py_median_s"] / mb_median
                if "mb_in_process_median_s" in row:
                    row["in_process_ratio"] = row["py_median_s"] / max(row["mb_in_process_median_s"], 1e-9)
                row["cpu_ratio"] = row["py_cpu_median_s"] / max(row["mb_cpu_median_s"], 1e-6)
                if set(row["py_winners"]) != set(mb_winners) or not same_cost(row["py_total_cost"], mb_cost):
                    mismatches.append(
                        f"{path.name} {rule}: medlemsbudget {mb_winners} ({mb_cost}) "
                        f"!= pabutools {row['py_winners']} ({row['py_total_cost']})"
                    )
            reference = expected.get(path.name, {}).get(rule, {}) if isinstance(expected.get(path.name), dict) else {}
            if "winners" in reference:
                row["reference_s"] = reference.get("seconds")
                if set(reference["winners"]) != set(mb_winners):
                    mismatches.append(f"{path.name} {rule}: medlemsbudget {mb_winners} != expected.json {sorted(reference['winners'])}")
                if py_reports and set(reference["winners"]) != set(row["py_winners"]):
                    mismatches.append(f"{path.name} {rule}: pabutools here {row['py_winners']} != expected.json {sorted(reference['winners'])}")
            rows.append(row)
            print(line(row, args.cap), flush=True)
    header["loadavg_end"] = os.getloadavg()
    header["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    table = markdown(rows, args.cap)
    print()
    print(table)
    print(f"\n# load average at the end {header['loadavg_end'][0]:.2f}")
    if mismatches:
        print("\nMISMATCHES:")
        for m in mismatches:
            print("  " + m)
    else:
        checked = sum(1 for r in rows if "py_winners" in r)
        print(f"\nwinner sets: all {checked} pabutools comparisons agree (and every expected.json answer)")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"header": header, "rows": rows, "mismatches": mismatches, "failures": failures}, indent=1) + "\n"
        )
    if args.markdown:
        Path(args.markdown).write_text(table + "\n")
    if failures:
        print("\nFAILURES:")
        for f in failures:
            print("  " + f)
    if mismatches:
        return 1
    return 2 if failures else 0


def pabutools_cell(row: dict, cap: float) -> str:
    if row["py_state"] == "cap" and not row.get("py_reps"):
        return f"> {cap:g} s (capped)"
    if row["py_state"] == "error":
        return "error"
    return fmt_seconds(row.get("py_median_s"))


def fmt_ratio(value: float) -> str:
    return f"{value:,.0f}×" if value >= 10 else f"{value:.1f}×"


def ratio_cell(row: dict, cap: float) -> str:
    """pabutools (parse + rule) / the whole medlemsbudget process."""
    if "ratio" in row:
        return fmt_ratio(row["ratio"])
    if row["py_state"] == "cap":
        return f"> {cap / row['mb_median_s']:,.0f}×"
    return "–"


def in_process_ratio_cell(row: dict, cap: float) -> str:
    """pabutools (parse + rule) / medlemsbudget (read + parse + rule), both in process."""
    if "in_process_ratio" in row:
        return fmt_ratio(row["in_process_ratio"])
    if row["py_state"] == "cap" and "mb_in_process_median_s" in row:
        return f"> {cap / row['mb_in_process_median_s']:,.0f}×"
    return "–"


def cpu_ratio_cell(row: dict) -> str:
    if "cpu_ratio" not in row:
        return "–"
    return f"{row['cpu_ratio']:,.0f}×" if row["cpu_ratio"] >= 10 else f"{row['cpu_ratio']:.1f}×"


def line(row: dict, cap: float) -> str:
    return (
        f"{row['file'][:44]:<44} {row['rule']:<24} mb process {fmt_seconds(row['mb_median_s']):>9} "
        f"in process {fmt_seconds(row.get('mb_in_process_median_s')):>9} (n={row['mb_reps']})  "
        f"pabutools {pabutools_cell(row, cap):>18} (n={row['py_reps']})  "
        f"ratio (process) {ratio_cell(row, cap)}  ratio (in process) {in_process_ratio_cell(row, cap)}"
    )


def markdown(rows: list[dict], cap: float) -> str:
    out = [
        "| file | rule | medlemsbudget median (whole process) | medlemsbudget median (parse + rule, in process) "
        "| pabutools median (parse + rule, in process) | ratio (process) | ratio (in process, like for like) "
        "| ratio of CPU times (process) | pabutools rule only | medlemsbudget rule only | n (mb / pabutools) | same winners |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        same = "–"
        if "py_winners" in row:
            same = "yes" if set(row["py_winners"]) == set(row["mb_winners"]) else "**NO**"
        out.append(
            f"| {row['file']} | {row['rule']} | {fmt_seconds(row['mb_median_s'])} | "
            f"{fmt_seconds(row.get('mb_in_process_median_s'))} | {pabutools_cell(row, cap)} | "
            f"{ratio_cell(row, cap)} | {in_process_ratio_cell(row, cap)} | {cpu_ratio_cell(row)} | "
            f"{fmt_seconds(row.get('py_rule_median_s'))} | {fmt_seconds(row.get('mb_rule_median_s'))} | "
            f"{row['mb_reps']} / {row['py_reps']} | {same} |"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("one", help="child: one pabutools run, JSON on stdout")
    one.add_argument("file")
    one.add_argument("rule", choices=list(RULES))
    cmp_ = sub.add_parser("compare", help="time both tools on every file and rule")
    cmp_.add_argument("--binary", required=True, help="the release medlemsbudget binary")
    cmp_.add_argument("--pabulib", required=True, help="directory of .pb files and expected.json")
    cmp_.add_argument("--files", nargs="*", default=[], help="only these .pb files (names in --pabulib or paths)")
    cmp_.add_argument("--extra", nargs="*", default=[], help="more .pb files (e.g. synthetic ones)")
    cmp_.add_argument("--rules", nargs="*", default=[], choices=list(RULES), help="only these rules")
    cmp_.add_argument("--reps", type=int, default=5, help="repetitions per tool (median taken); default 5")
    cmp_.add_argument("--cap", type=float, default=120.0, help="seconds before a pabutools run is killed; default 120")
    cmp_.add_argument("--slow", type=float, default=10.0, help="a pabutools run over this many seconds...")
    cmp_.add_argument("--slow-reps", type=int, default=1, help="...limits pabutools to this many repetitions; default 1")
    cmp_.add_argument("--json", help="write every measurement here")
    cmp_.add_argument("--markdown", help="write the table here")
    args = parser.parse_args()
    if args.command == "one":
        child(args.file, args.rule)
        return 0
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
