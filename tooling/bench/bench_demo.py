"""How long `registri demo` takes to build a register with its whole history.

Runs `registri demo` as a user would (a new process each time, imports included) for the sample
records and for `--records N` synthetic registers, and prints per size the median wall time, the
CPU time of the command and its Git children (user+sys; a busy machine inflates it far less than
wall time), the peak memory of the Python process, and the size of the history it wrote.

    .venv/bin/python tooling/bench/bench_demo.py [--sizes 0 1000 10000] [--runs 3]

Size 0 is the sample register (records/ of this repository).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling")}


def one_run(size: int, folder: Path) -> dict:
    out = folder / f"demo-{size}"
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, "-m", "registri", "demo", "--out", str(out), "--today", TODAY]
    if size:
        args += ["--records", str(size)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, cwd=PROJECT, env=ENV, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    commits = subprocess.run(["git", "rev-list", "--count", "--all"], cwd=out, capture_output=True, text=True).stdout
    return {"wall": wall, "cpu": cpu, "maxrss_mb": after.ru_maxrss / 1024, "commits": int(commits or 0)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'register':>18}  {'commits':>7}  {'wall (median)':>13}  {'cpu (median)':>12}  {'peak MB':>7}")
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        for size in args.sizes:
            runs = [one_run(size, Path(tmp)) for _ in range(args.runs)]
            label = "catatan contoh" if size == 0 else f"{size} sintetis"
            print(f"{label:>18}  {runs[0]['commits']:>7}  {statistics.median(r['wall'] for r in runs):>11.1f} s"
                  f"  {statistics.median(r['cpu'] for r in runs):>10.1f} s  {max(r['maxrss_mb'] for r in runs):>7.0f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
