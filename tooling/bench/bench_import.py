"""Benchmark `registri import --existing`: an office's old DIK of N rows, planned and committed.

Usage:  .venv/bin/python tooling/bench/bench_import.py [--rows 1000] [--runs 3]

Builds a throwaway Git register, writes a fictional published list of N rows (title rows, a
two-row header, the layout of tests/test_adopt.py) as CSV and as XLSX, then times, median of
--runs: reading and planning (every check, nothing written: what the desk's preview pays),
committing the plan (one commit through the hooks-free path), `registri validate` over the
adopted register in a new process, and computing its backlog.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "tooling"))

from registri import backlog, importer  # noqa: E402
from registri.register import load_register  # noqa: E402

TODAY = dt.date(2026, 11, 26)
EMAIL = "nurul.hasanah@bpmp-kalsel.example"
KINDS = [
    ("Hasil penilaian kinerja individu pegawai unit {n} tahun 2024", "Pasal 17 huruf h angka 4 UU Nomor 14 Tahun 2008",
     "Tidak terbatas"),
    ("Dokumen penawaran peserta tender paket {n} tahun 2025", "Pasal 17 huruf b UU KIP", "1 tahun"),
    ("Identitas pelapor pengaduan nomor {n} tahun 2025", "Pasal 17 huruf a angka 2 UU 14/2008",
     "sampai putusan berkekuatan hukum tetap"),
    ("Rekam medis pegawai berkas {n}", "Pasal 17 huruf h angka 2", "sampai ada persetujuan tertulis"),
]


def rows(count: int) -> list[list[str]]:
    out = [["DAFTAR INFORMASI YANG DIKECUALIKAN", "", "", "", "", "", ""], ["", "", "", "", "", "", ""],
           ["No", "Informasi yang Dikecualikan", "Dasar Hukum", "Konsekuensi", "", "Jangka Waktu", "Unit Kerja"],
           ["", "", "", "Jika Dibuka", "Jika Ditutup", "", ""]]
    for n in range(1, count + 1):
        title, basis, period = KINDS[n % len(KINDS)]
        out.append([str(n), title.format(n=n), basis, f"Kerugian khusus butir {n} bila dibuka bagi pihak terkait "
                    "dan jalannya kegiatan unit.", "", period, f"Tim Kerja {n % 9 + 1}"])
    return out


def write_csv(path: Path, count: int) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows(count))
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def write_xlsx(path: Path, count: int) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows(count):
        sheet.append([c or None for c in row])
    book.save(path)
    return path


def register(dest: Path) -> Path:
    dest.mkdir()
    shutil.copy2(PROJECT / "registri.yaml", dest / "registri.yaml")
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", EMAIL], ["config", "user.name", "Nurul"],
                 ["add", "registri.yaml"], ["commit", "-q", "-m", "Siapkan register"]):
        subprocess.run(["git", *args], cwd=dest, check=True, capture_output=True)
    return dest


def timed(work) -> tuple[float, object]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    options = {"nomor": "12/PPID/HK.03.01/2025", "tanggal": "30 April 2025"}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        files = {"csv": write_csv(base / "dik.csv", args.rows), "xlsx": write_xlsx(base / "dik.xlsx", args.rows)}
        for kind, file in files.items():
            plans, commits, validates, backlogs = [], [], [], []
            for run in range(args.runs):
                root = register(base / f"{kind}-{run}")
                seconds, plan = timed(lambda: importer.plan_import(root, file, email=EMAIL, pelaksana=None, year=None,
                                                                    today=TODAY, existing=True, penetapan=options))
                assert plan.ok, [f.message for f in plan.findings if f.is_error][:3]
                plans.append(seconds)
                commits.append(timed(lambda: importer.commit_import(root, plan))[0])
                validates.append(timed(lambda: subprocess.run(
                    [sys.executable, "-m", "registri", "validate", "--today", TODAY.isoformat()], cwd=root,
                    capture_output=True, env={"PYTHONPATH": str(PROJECT / "tooling"), "PATH": "/usr/bin:/bin"}))[0])
                reg = load_register(root)
                seconds, found = timed(lambda: backlog.collect(reg, TODAY))
                backlogs.append(seconds)
            print(f"{kind:4} {args.rows} rows: plan {statistics.median(plans):.2f} s · commit "
                  f"{statistics.median(commits):.2f} s · validate (new process) {statistics.median(validates):.2f} s · "
                  f"backlog {statistics.median(backlogs):.2f} s · {len(plan.records)} records, {found.gap_count} gaps")


if __name__ == "__main__":
    main()
