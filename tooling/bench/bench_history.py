"""How long reading the audit trail takes on large registers, and how much memory it needs.

Builds synthetic demo repositories (`registri demo --records N`: records with steps 1-4 on batch
branches, merges by the Atasan PPID, reviews and openings; written by one `git fast-import`),
then measures, each in a fresh Python process (so peak memory is that phase's own):
  - load_history cold: the one `git log` pass + `git cat-file --batch` + building the model
    (the cache folder .git/registri-cache is deleted first);
  - load_history cached: the second build at the same commit (reads the pickle, no git log);
  - run_audit: every AUD rule over the whole history (history from the cache);
  - `registri audit` as a user runs it (new process, imports included, cache warm).
Times are medians of --runs: wall time, and CPU time (user+sys of the process and its Git
children), which a busy machine inflates much less. Peak memory is the process's maximum
resident set (ru_maxrss). `--repo DIR` measures an existing repository instead of building one.

    .venv/bin/python tooling/bench/bench_history.py [--sizes 1000 10000] [--runs 3] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling"), "REGISTRI_TODAY": TODAY}

# One measured phase, run in a child process; prints {"seconds": …, "maxrss_mb": …, …}.
CHILD = r"""
import json, resource, shutil, sys, time, datetime as dt
from pathlib import Path
repo, phase = Path(sys.argv[1]), sys.argv[2]
from registri import gitlog
from registri.history import load_history
from registri.audit import run_audit
cache = gitlog.common_dir(gitlog.open_repo(repo)) / "registri-cache"
extra = {}
def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
if phase == "cold":
    shutil.rmtree(cache, ignore_errors=True)
    c0 = cpu(); start = time.perf_counter(); history = load_history(repo); seconds = time.perf_counter() - start
    extra = {"commits": len(history.commits), "records": len(history.records),
             "events": sum(len(r.events) for r in history.records.values()),
             "cache_mb": sum(f.stat().st_size for f in cache.iterdir()) / 2**20}
elif phase == "cached":
    load_history(repo)  # make sure the cache exists
    c0 = cpu(); start = time.perf_counter(); load_history(repo); seconds = time.perf_counter() - start
else:
    load_history(repo)
    c0 = cpu(); start = time.perf_counter(); found = run_audit(repo, today=dt.date.fromisoformat(sys.argv[3]))
    seconds = time.perf_counter() - start
    extra = {"errors": sum(1 for f in found if f.is_error)}
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "cpu": cpu() - c0, "maxrss_mb": rss, **extra}))
"""


def build(folder: Path, records: int) -> tuple[Path, float]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "registri", "demo", "--out", str(folder), "--records", str(records),
                             "--seed", "1", "--today", TODAY], env=ENV, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"demo --records {records} failed:\n{result.stdout}{result.stderr}")
    return folder, time.perf_counter() - start


def phase(repo: Path, name: str) -> dict:
    result = subprocess.run([sys.executable, "-c", CHILD, str(repo), name, TODAY], env=ENV,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{name} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def cli_audit(repo: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "registri", "audit"], cwd=repo, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"registri audit failed:\n{result.stderr}")
    return seconds


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    parser.add_argument("--repo", type=Path, nargs="*", default=[], help="measure these repositories (no build)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="registri-bench-history-"))
    rows = []
    try:
        plan = [(repo.resolve(), None) for repo in args.repo] or [(None, size) for size in args.sizes]
        for given, size in plan:
            repo, build_s = (given, 0.0) if given else build(work / f"demo-{size}", size)
            cold = [phase(repo, "cold") for _ in range(args.runs)]
            cached = [phase(repo, "cached") for _ in range(args.runs)]
            audit = [phase(repo, "audit") for _ in range(args.runs)]
            cli = [cli_audit(repo) for _ in range(args.runs)]
            info = cold[0]
            rows.append({
                "records": info["records"], "commits": info["commits"], "events": info["events"], "build_s": build_s,
                "cold_s": median([c["seconds"] for c in cold]), "cold_cpu": median([c["cpu"] for c in cold]),
                "cold_mb": max(c["maxrss_mb"] for c in cold),
                "cached_s": median([c["seconds"] for c in cached]), "cached_cpu": median([c["cpu"] for c in cached]),
                "cached_mb": max(c["maxrss_mb"] for c in cached),
                "audit_s": median([a["seconds"] for a in audit]), "audit_cpu": median([a["cpu"] for a in audit]),
                "audit_mb": max(a["maxrss_mb"] for a in audit),
                "audit_errors": audit[0]["errors"], "cli_s": median(cli), "cache_mb": info["cache_mb"],
            })
    finally:
        if args.keep:
            print(f"repositories kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nHistory pass and audit, medians of {args.runs} ({os.cpu_count()} CPUs, "
          f"{dt.datetime.now():%Y-%m-%d})")
    header = ("records", "commits", "events", "demo build s", "history cold s", "cpu s", "peak MB",
              "history cached s", "cpu s", "peak MB", "run_audit s", "cpu s", "peak MB", "AUD errors",
              "`registri audit` s", "cache MB")
    keys = ("records", "commits", "events", "build_s", "cold_s", "cold_cpu", "cold_mb", "cached_s", "cached_cpu",
            "cached_mb", "audit_s", "audit_cpu", "audit_mb", "audit_errors", "cli_s", "cache_mb")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(f"{row[k]:.2f}" if isinstance(row[k], float) else f"{row[k]:,}" for k in keys) + " |")


if __name__ == "__main__":
    main()
