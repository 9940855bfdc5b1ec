"""Benchmark `registri validate`: the sample register, N copies of it, and the one-file hook path.

Usage:  .venv/bin/python tooling/bench/bench_validate.py [--copies 1000] [--runs 3]

Copies are written to a temporary folder with renamed ids (copy c of DIK-2026-003 becomes
DIK-2026-<c*100+3>), so the big register is valid and every id unique. Each figure is the median
of --runs runs: in-process (`load_register` + `validation.check`) and the real CLI in a new
Python process (what pre-commit and CI pay, imports included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "tooling"))

from registri.register import load_register  # noqa: E402
from registri.validation import check  # noqa: E402

TODAY = "2026-11-26"
ONE = "records/2026/DIK-2026-003.yaml"
ID = re.compile(r"^id: (DIK-(\d{4})-(\d{3}))$", re.M)


def make_copies(dest: Path, copies: int) -> int:
    shutil.copy2(PROJECT / "registri.yaml", dest / "registri.yaml")
    sources = [(p, p.read_text("utf-8")) for p in sorted((PROJECT / "records").rglob("*.yaml"))]
    count = 0
    for copy in range(copies):
        for path, text in sources:
            _, year, number = ID.search(text).groups()
            new_id = f"DIK-{year}-{copy * 100 + int(number):03d}"
            folder = dest / "records" / year
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{new_id}.yaml").write_text(ID.sub(f"id: {new_id}", text, count=1), "utf-8")
            count += 1
    return count


def median_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def in_process(root: Path, files: list[Path] | None = None) -> None:
    findings = check(load_register(root, files), dt.date.fromisoformat(TODAY), files)
    assert not [f for f in findings if f.is_error], findings[:3]


def cli(root: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling")}
    result = subprocess.run([sys.executable, "-m", "registri", "validate", *args, "--today", TODAY],
                            cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    sample = len(list((PROJECT / "records").rglob("*.yaml")))
    rows.append(("check() in-process, all records", sample, median_of(args.runs, lambda: in_process(PROJECT))))
    rows.append(("registri validate (CLI), all records", sample, median_of(args.runs, lambda: cli(PROJECT))))
    rows.append(("registri validate (CLI), one file", 1, median_of(args.runs, lambda: cli(PROJECT, ONE))))
    with tempfile.TemporaryDirectory(prefix="registri-bench-") as tmp:
        big = Path(tmp)
        start = time.perf_counter()
        total = make_copies(big, args.copies)
        made = time.perf_counter() - start
        label = f"{args.copies} copies"
        rows.append((f"check() in-process, {label}", total, median_of(args.runs, lambda: in_process(big))))
        rows.append((f"registri validate (CLI), {label}", total, median_of(args.runs, lambda: cli(big))))
        rows.append((f"check() in-process, one file in {label}", 1,
                     median_of(args.runs, lambda: in_process(big, [big / ONE]))))
        rows.append((f"registri validate (CLI), one file in {label}", 1, median_of(args.runs, lambda: cli(big, ONE))))
    print(f"registri validate benchmark: median of {args.runs} runs, {os.cpu_count()} CPU, "
          f"Python {sys.version.split()[0]} (writing {total} copies took {made:.1f} s)")
    width = max(len(r[0]) for r in rows)
    print(f"| {'Work'.ljust(width)} | Records | Median (s) | ms/record |")
    print(f"|{'-' * (width + 2)}|--------:|-----------:|----------:|")
    for name, records, seconds in rows:
        print(f"| {name.ljust(width)} | {records:>7,} | {seconds:>10.3f} | {1000 * seconds / records:>9.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
