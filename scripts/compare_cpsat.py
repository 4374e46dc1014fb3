#!/usr/bin/env python3
r"""Side by side: takt and OR-Tools CP-SAT on the same benchmark files, same time limit and threads.

Runs takt (`takt bench FILE --csv`) and a peer CP-SAT tool one after the other on each instance, so
both see the same machine load, and prints a Markdown table with the best known values from
`bks.csv` in the instance folder. Needs `pip install ortools` and a release build of takt.

The peer tool is not part of this repository: pass it with --peer. It is run as
`python3 PEER FILE --format jsp|fjs --time-limit S --workers N` and must print, as its last line,
`name,format,makespan,best_bound,status,wall_seconds`. The takt team runs its own copy by hand.

    scripts/compare_cpsat.py --peer PATH/TO/peer_cpsat.py --format jsp --time-limit 10 --threads 2 \
        instances/benchmarks/jsp
"""

import argparse
import csv
import io
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAKT = os.path.join(ROOT, "target", "release", "takt")


def instances(folder, fmt):
    names = sorted(os.listdir(folder))
    if fmt == "fjs":
        return [os.path.join(folder, n) for n in names if n.endswith(".fjs")]
    return [os.path.join(folder, n) for n in names
            if "." not in n and os.path.isfile(os.path.join(folder, n))]


def best_known(folder):
    path = os.path.join(folder, "bks.csv")
    values = {}
    if os.path.exists(path):
        with open(path) as f:
            for row in csv.DictReader(f):
                values[row["name"]] = float(row.get("optimum_or_bks") or row["bks"])
    return values


def run_takt(path, fmt, limit, threads, seed):
    out = subprocess.run([TAKT, "bench", path, "--format", fmt, "--time-limit", str(limit),
                          "--threads", str(threads), "--seed", str(seed), "--csv"],
                         capture_output=True, text=True, check=True).stdout
    row = next(csv.DictReader(io.StringIO(out)))
    return float(row["objective"]), row["status"], float(row["seconds"])


def run_cpsat(peer, path, fmt, limit, threads):
    out = subprocess.run([sys.executable, peer, path, "--format", fmt, "--time-limit", str(limit),
                          "--workers", str(threads)],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    name, _, makespan, bound, status, seconds = out.split(",")
    return float(makespan), status, float(seconds)


def gap(value, bks):
    return 100.0 * (value - bks) / bks if bks else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", help="folder of benchmark files, e.g. instances/benchmarks/jsp")
    ap.add_argument("--peer", required=True,
                    help="the CP-SAT peer tool (a Python script, see above; not in this repository)")
    ap.add_argument("--format", choices=["jsp", "fjs"], required=True)
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*", help="instance names to run (default: all)")
    args = ap.parse_args()
    if not os.path.isfile(args.peer):
        ap.error(f"--peer {args.peer}: no such file")
    bks = best_known(args.folder)
    print(f"| instance | best known | takt | takt gap % | CP-SAT | CP-SAT status | CP-SAT gap % | takt vs CP-SAT |")
    print("|---|---|---|---|---|---|---|---|")
    takt_gaps, cp_gaps, worse = [], [], []
    for path in instances(args.folder, args.format):
        name = os.path.basename(path).split(".")[0]
        if args.only and name not in args.only:
            continue
        t_obj, _, _ = run_takt(path, args.format, args.time_limit, args.threads, args.seed)
        c_obj, c_status, _ = run_cpsat(args.peer, path, args.format, args.time_limit, args.threads)
        b = bks.get(name)
        tg, cg = gap(t_obj, b), gap(c_obj, b)
        takt_gaps.append(tg)
        cp_gaps.append(cg)
        verdict = "better" if t_obj < c_obj else ("equal" if t_obj == c_obj else "WORSE")
        if t_obj > c_obj:
            worse.append(name)
        print(f"| {name} | {b:g} | {t_obj:g} | {tg:.2f} | {c_obj:g} | {c_status} | {cg:.2f} | {verdict} |",
              flush=True)
    n = len(takt_gaps)
    print(f"\nmean gap over {n} instances: takt {sum(takt_gaps) / n:.3f}%, CP-SAT {sum(cp_gaps) / n:.3f}%; "
          f"takt worse than CP-SAT on {len(worse)}: {', '.join(worse) or 'none'}")


if __name__ == "__main__":
    main()
