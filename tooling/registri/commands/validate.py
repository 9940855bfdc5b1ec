"""`registri validate [BERKAS...]`: schema and rules for records, plus cross-record rules.

With no files, every record is checked. Files may be given relative to the current folder; paths
that are not records (outside records/, or not .yaml/.yml) are ignored, so pre-commit may pass
any staged file. Only light modules are imported here: the hook runs on every commit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registri.commands.common import add_format, add_today, root_of
from registri.errors import ConfigError
from registri.findings import exit_code, render_json, render_text
from registri.paths import RECORDS_DIR
from registri.validation import inherited_note, run_root

RECORD_SUFFIXES = (".yaml", ".yml")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="BERKAS",
                        help="berkas catatan yang diperiksa (bawaan: semua catatan di records/)")
    add_today(parser)
    add_format(parser)


def record_paths(files: list[Path], root: Path) -> list[Path]:
    """The given files that are records: .yaml/.yml under <root>/records/ (missing ones included).

    A folder stands for the records inside it (`registri validate records/2026`).
    """
    records = (root / RECORDS_DIR).resolve()
    chosen: list[Path] = []
    for file in files:
        full = file.resolve()
        inside = sorted(p for p in full.rglob("*") if p.is_file()) if full.is_dir() else [full]
        for path in inside:
            if path.suffix.lower() in RECORD_SUFFIXES and path.is_relative_to(records) and path not in chosen:
                chosen.append(path)
    return chosen


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    files = record_paths(args.files, root) if args.files else None
    try:
        # Cached by blob id (registri.cache): an unchanged register is not read again.
        result, checked, today = run_root(root, args.today, files)
    except ConfigError as exc:
        if args.format == "json":
            print(render_json(exc.findings, galat=exc.message))
            return exc.exit_code
        raise
    if args.format == "json":
        print(render_json(result.findings, hari_ini=today.isoformat(), diperiksa=checked,
                          diabaikan=[f.as_dict() for f in result.waived],
                          kekurangan_warisan=[f.as_dict() for f in result.gaps],
                          tunggakan_warisan=[{"berkas": p, "kekurangan": n} for p, n in result.backlog]))
        return exit_code(result.findings)
    if result.findings:
        print(render_text(result.findings))
    if exit_code(result.findings) == 0:
        note = " (hanya peringatan)" if result.findings else ""
        print(f"{checked} catatan diperiksa, tidak ada kesalahan{note}.")
    if result.backlog:
        print(inherited_note(result))
    sys.stdout.flush()
    return exit_code(result.findings)
