#!/usr/bin/env python3
"""The performance benchmark of issue 8, in one run so the ratios are comparable.

Usage: scripts/bench.py [--bench-dir ../shared/bench] [--rows 1000000] [--mc-rows 10000]
                        [--samples 10000] [--runs 3]

Needs: python3 with pandas and numpy (pip install pandas numpy), cargo. It builds itsm-ai and
the floor program (bench/floor, a minimal single-threaded scorer), generates the data with
gen_initiatives.py, and times, on the same machine in the same run:

  1. score of ROWS initiatives to CSV (rank,id,score), plain and with ranges: pandas, the floor
     and itsm-ai; checks that the three outputs are byte-identical; max RSS against file size;
  2. the same with --top 100 (memory);
  3. --simulate SAMPLES on MC_ROWS initiatives with ranges against baseline_mc.py;
  4. start-up: itsm-ai score on the embedded example.

Each timing is the median of RUNS runs. It prints a Markdown table with the ratios and whether
each target of the issue is met.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds and max RSS (bytes) of one run of `cmd` alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("failed (%d): %s" % (code, " ".join(cmd)))
    return elapsed, usage.ru_maxrss * 1024


def median_run(cmd, runs, stdout=subprocess.DEVNULL):
    results = [run(cmd, stdout) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--mc-rows", type=int, default=10_000)
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    floor_dir = os.path.join(ROOT, "bench", "floor")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=floor_dir, check=True)
    itsm = os.path.join(ROOT, "target", "release", "itsm-ai")
    floor = os.path.join(floor_dir, "target", "release", "itsm-ai-floor")
    gen = os.path.join(args.bench_dir, "gen_initiatives.py")
    pandas = os.path.join(args.bench_dir, "baseline_pandas.py")
    mc = os.path.join(args.bench_dir, "baseline_mc.py")
    rows = []

    def add(what, value, target, ok):
        rows.append((what, value, target, "yes" if ok else "**no**"))
        print("%-58s %-28s %-14s %s" % (what, value, target, rows[-1][3]), file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        for flag, target in (("", 10), ("--ranges", 20)):
            name = "plain" if not flag else "ranges"
            data = os.path.join(tmp, "in-%s.csv" % name)
            with open(data, "wb") as f:
                subprocess.run([sys.executable, gen, str(args.rows), "1"] + ([flag] if flag else []),
                               stdout=f, check=True)
            size = os.path.getsize(data)
            out_p, out_f, out_i = (os.path.join(tmp, "%s-%s.csv" % (who, name))
                                   for who in ("pandas", "floor", "itsm"))
            t_p, m_p = median_run([sys.executable, pandas, data, out_p], args.runs)
            t_f, _ = median_run([floor, data, out_f], args.runs)
            t_i, m_i = median_run([itsm, "score", data, "--columns", "rank,id,score", "-q",
                                   "-o", out_i], args.runs)
            same = open(out_p, "rb").read() == open(out_i, "rb").read() == open(out_f, "rb").read()
            add("score %d rows (%s) vs pandas" % (args.rows, name),
                "%.3f s vs %.2f s = %.1fx" % (t_i, t_p, t_p / t_i), ">= %dx" % target,
                t_p / t_i >= target)
            add("score %d rows (%s) vs floor" % (args.rows, name),
                "%.3f s vs %.3f s = %.2fx" % (t_i, t_f, t_i / t_f), "<= 1.3x", t_i / t_f <= 1.3)
            add("rank,id,score equal to pandas and floor (%s)" % name, str(same), "True", same)
            add("max RSS (%s; file %.0f MB; pandas %.0f MB)" % (name, size / 1e6, m_p / 1e6),
                "%.0f MB = %.2fx file" % (m_i / 1e6, m_i / size), "<= 2x", m_i / size <= 2)
            if not flag:
                _, m_t = median_run([itsm, "score", data, "--top", "100", "--columns",
                                     "rank,id,score", "-q", "-o", out_i], 1)
                add("max RSS with --top 100 (plain)", "%.0f MB = %.2fx file" % (m_t / 1e6, m_t / size),
                    "ids + heap", m_t < m_i)

        data = os.path.join(tmp, "mc.csv")
        with open(data, "wb") as f:
            subprocess.run([sys.executable, gen, str(args.mc_rows), "1", "--ranges"], stdout=f, check=True)
        with open(os.path.join(tmp, "mc-numpy.csv"), "wb") as out:
            t_n, m_n = median_run([sys.executable, mc, data, str(args.samples), "0", "10"], 1, out)
        t_s, m_s = median_run([itsm, "score", data, "--simulate", str(args.samples), "-q",
                               "-o", os.path.join(tmp, "mc-itsm.csv")], args.runs)
        add("--simulate %d on %d rows vs numpy" % (args.samples, args.mc_rows),
            "%.3f s vs %.2f s = %.1fx" % (t_s, t_n, t_n / t_s), ">= 10x", t_n / t_s >= 10)
        add("--simulate max RSS (numpy %.0f MB)" % (m_n / 1e6), "%.0f MB" % (m_s / 1e6), "< 1 GB",
            m_s < 1e9)

        starts = [run([itsm, "score", "-q"])[0] for _ in range(20)]
        t0 = statistics.median(starts)
        add("start-up: score on the example", "%.1f ms" % (t0 * 1000), "< 20 ms", t0 < 0.020)

    print("| measure | result | target | met |")
    print("|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %s | %s |" % r)


if __name__ == "__main__":
    main()
