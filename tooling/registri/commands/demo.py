"""`registri demo`: build a throwaway register repository with a realistic audit trail."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from registri.clock import parse_date
from registri.clock import today as clock_today
from registri.commands.common import add_today
from registri.config import load_office
from registri.demo import PROJECT, build_demo
from registri.errors import UsageError
from registri.paths import CONFIG_NAME, find_root, record_files
from registri.steps import report_period


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                        help="folder baru atau kosong untuk repositori demo (bawaan: folder sementara baru)")
    parser.add_argument("--records", type=int, default=None, metavar="N",
                        help="buat N catatan sintetis (untuk uji kinerja) alih-alih memakai catatan contoh")
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="benih acak: benih yang sama menghasilkan riwayat (dan id commit) yang sama")
    add_today(parser)


def _source(args: argparse.Namespace) -> Path:
    """The register whose configuration and sample records the demo plays: the one we are in, else this project."""
    if args.root:
        return find_root(args.root)
    try:
        return find_root()
    except UsageError:
        return PROJECT


def run(args: argparse.Namespace) -> int:
    source = _source(args)
    if args.records is not None and args.records < 1:
        raise UsageError("--records harus bilangan bulat 1 atau lebih.")
    today = parse_date(args.today) if args.today else None
    out = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="registri-demo-"))
    started = time.perf_counter()
    built = build_demo(out, records=args.records, seed=args.seed, today=today, source=source)
    seconds = time.perf_counter() - started
    office = load_office(built)
    day = today or clock_today(office.tz)
    example = _example_record(built)
    quarter = report_period(day - dt.timedelta(days=92), "triwulan")   # the last full quarter
    what = f"{args.records} catatan sintetis" if args.records else "catatan contoh"
    print(f"Repositori demo {office.short_name} ({what}, benih {args.seed}) dibuat dalam {seconds:.1f} detik:")
    print(f"  {built}")
    print("Langkah berikutnya:")
    print(f"  cd {built}")
    print("  registri audit                      # periksa jejak audit seluruh riwayat")
    print(f"  registri history {example:<19}# linimasa satu catatan: langkah, pelaksana, waktu kerja")
    print("  git log --graph --oneline           # cabang per kelompok, penggabungan oleh Atasan PPID")
    print(f"  registri report --period {quarter}    # laporan pendokumentasian satu triwulan")
    print("  registri build                      # situs internal dan laporan (sama dengan mkdocs build)")
    print(f"Identitas Git di repositori ini diatur sebagai PPID pertama di {CONFIG_NAME}; ubah dengan "
          "`git config user.email` untuk mencoba peran lain. Hapus foldernya bila sudah tidak dipakai.")
    return 0


def _example_record(repo: Path) -> str:
    """A record with a review in its history when there is one, else the first record."""
    files = record_files(repo)
    for file in files:
        if "\npeninjauan:" in file.read_text(encoding="utf-8"):
            return file.stem
    return files[0].stem if files else "DIK-2026-001"
