#!/usr/bin/env python3
"""Benchmark of `itsm-ai roadmap` on generated portfolios (python3 stdlib only).

Usage: scripts/bench_roadmap.py [--bench-dir ../shared/bench] [--runs 5] [N ...]

For each N (default 10000 and 100000) it generates N initiatives with
gen_initiatives.py (5% with a dependency, 20% with a prerequisite), then times
`itsm-ai roadmap FILE --assessment examples/answers.yaml --capacity C --include-all -o out.json`
with C = N/20 person-months per phase and every tier eligible, so capacity binds
and several passes run over most of the portfolio.
It prints the median wall time of the runs and the peak memory (max RSS) of the
process. Build first: cargo build --release.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(cmd):
    """Wall time in seconds and max RSS in KiB of one run of this process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("itsm-ai failed with exit code %d" % proc.returncode)
    return elapsed, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[10000, 100000])
    parser.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    binary = os.path.join(ROOT, "target", "release", "itsm-ai")
    if not os.path.exists(binary):
        sys.exit("build first: cargo build --release")
    gen = os.path.join(args.bench_dir, "gen_initiatives.py")
    answers = os.path.join(ROOT, "examples", "answers.yaml")
    print("| initiatives | CSV size | capacity per phase | median time | max RSS |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            data = os.path.join(tmp, "in-%d.csv" % n)
            with open(data, "wb") as f:
                subprocess.run([sys.executable, gen, str(n), "1"], stdout=f, check=True)
            capacity = max(1, n // 20)
            out = os.path.join(tmp, "out.json")
            cmd = [binary, "roadmap", data, "--assessment", answers,
                   "--capacity", str(capacity), "--include-all", "-q", "-o", out]
            runs = [run_once(cmd) for _ in range(args.runs)]
            times = [t for t, _ in runs]
            rss_kib = max(r for _, r in runs)
            size_mb = os.path.getsize(data) / 1e6
            print("| %d | %.1f MB | %d PM | %.3f s | %.0f MB |" % (
                n, size_mb, capacity, statistics.median(times), rss_kib / 1024))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
