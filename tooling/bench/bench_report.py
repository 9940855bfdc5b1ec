"""How long the yearly documentation report takes on large registers.

Builds a synthetic demo repository (`registri demo --records N`), then measures in this process:
  - load_register (all records, strict loader + schema) and load_history (cache warmed first);
  - compute_report for the year (figures only; audit findings not included) — the number the
    issue asks for — and the same with a basis built once (what a site build reuses);
  - each renderer on that yearly report (md, csv, the flat DIK csv, json, xlsx, pdf);
  - report_files for the site (every period with activity, all downloads) with --site.
Times are medians of --runs.

    .venv/bin/python tooling/bench/bench_report.py [--sizes 1000 10000] [--runs 3] [--site] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "tooling"))

from registri.demo import build_demo  # noqa: E402
from registri.history import load_history  # noqa: E402
from registri.register import load_register  # noqa: E402
from registri.report import compute_report, parse_period  # noqa: E402
from registri.report.basis import build_basis  # noqa: E402
from registri.report.csv_out import render_csv, render_dik_csv  # noqa: E402
from registri.report.json_out import render_json  # noqa: E402
from registri.report.markdown import render_markdown  # noqa: E402
from registri.report.pdf import render_pdf  # noqa: E402
from registri.report.site import report_files  # noqa: E402
from registri.report.xlsx import render_xlsx  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def median_time(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(size: int, runs: int, site: bool, keep: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-report-{size}-"))
    start = time.perf_counter()
    repo = build_demo(folder / "repo", records=size, seed=1, today=TODAY)
    print(f"\n== {size} catatan (demo dibuat dalam {time.perf_counter() - start:.1f} s: {repo})")
    t, register = median_time(runs, lambda: load_register(repo))
    print(f"load_register                      {t:7.2f} s   ({len(register.records)} catatan)")
    load_history(repo, office=register.office, sop=register.sop)       # warm the history cache
    t, history = median_time(runs, lambda: load_history(repo, office=register.office, sop=register.sop))
    print(f"load_history (cache hangat)        {t:7.2f} s   ({len(history.commits)} commit)")
    year = parse_period("2026")
    t, report = median_time(runs, lambda: compute_report(register, history, year, TODAY))
    print(f"compute_report tahun 2026          {t:7.2f} s   (stok akhir {report.stock.at_end}, "
          f"{len(report.items)} baris daftar, pemeriksaan {'sesuai' if report.ok else 'TIDAK SESUAI'})")
    basis = build_basis(register, history)
    t, _ = median_time(runs, lambda: compute_report(register, history, year, TODAY, basis=basis))
    print(f"compute_report (basis siap)        {t:7.2f} s")
    for name, render in (("md", render_markdown), ("csv", render_csv), ("csv-dik", render_dik_csv),
                         ("json", render_json), ("xlsx", render_xlsx), ("pdf", render_pdf)):
        t, out = median_time(1 if name in ("pdf", "xlsx") else runs, lambda: render(report))
        print(f"render {name:<7}                     {t:7.2f} s   ({len(out) / 1e6:.1f} MB)")
    if site:
        t, files = median_time(1, lambda: report_files(register, history, TODAY, run_audit=False))
        print(f"report_files (situs)               {t:7.2f} s   ({len(files)} berkas)")
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.runs, args.site, args.keep)


if __name__ == "__main__":
    main()
