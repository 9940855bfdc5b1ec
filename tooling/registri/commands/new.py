"""`registri new`: a new record for SOP step 1 (status divalidasi) with the next free id.

In a terminal it asks for each step-1 field in Indonesian and asks again when an answer is not
usable; otherwise (a script, a pipe, or --tanpa-tanya) the fields come from options. The record
text is checked with the schema and every rule before anything is written: when a check fails,
no file is written. The file layout is the importer's, so every generated record looks alike.
"""

from __future__ import annotations

import argparse
import sys

from registri.commands.common import add_today, root_of, today_of
from registri.config import Office, load_office
from registri.errors import RegistriError, UsageError
from registri.findings import render_text
from registri.newrecord import FIELDS, Field, check_year, create_new, created_lines, draft_new, fields_named, parse_value
from registri.paths import display_path


def configure(parser: argparse.ArgumentParser) -> None:
    for field in FIELDS:
        hint = f" (pilihan: {', '.join(field.choices)})" if field.choices else ""
        parser.add_argument(field.option, dest=field.dest, default=None, metavar="NILAI", help=f"{field.question}{hint}")
    parser.add_argument("--tahun", type=int, default=None, help="tahun nomor catatan DIK-TAHUN-nnn (bawaan: tahun hari ini)")
    parser.add_argument("--tanpa-tanya", action="store_true",
                        help="jangan bertanya walaupun dijalankan di terminal; semua kolom dari pilihan")
    add_today(parser)


class Asker:
    """Asks in the terminal; `ask` re-asks until the answer is usable."""

    def __init__(self, office: Office) -> None:
        self.office = office

    def ask(self, field: Field, current: str | None) -> object:
        default = current if current is not None else (field.default(self.office) if field.default else None)
        choices = "".join(f"\n  {n}. {c}" for n, c in enumerate(field.choices, 1))
        shown = f" [{default}]" if default else ""
        while True:
            try:
                answer = input(f"{field.question}{choices}{shown}: ")
            except EOFError:
                raise RegistriError("Pembuatan catatan dibatalkan; tidak ada berkas yang ditulis.") from None
            value, problem = parse_value(field, answer.strip() or (default or ""))
            if problem is None:
                return value
            print(f"  Jawaban belum dapat dipakai: {problem} Silakan ulangi.")


def from_options(args: argparse.Namespace, office: Office) -> dict[str, object]:
    missing, problems, values = [], [], {}
    for field in FIELDS:
        raw = getattr(args, field.dest)
        if raw is None and field.default:
            raw = field.default(office)
        if raw is None:
            missing.append(field.option)
            continue
        value, problem = parse_value(field, raw)
        if problem:
            problems.append(f"{field.option}: {problem}")
        values[field.key] = value
    if missing:
        raise UsageError("Kolom langkah 1 belum lengkap. Jalankan di terminal untuk ditanya satu per satu, atau beri "
                         f"pilihan: {' '.join(missing)}.")
    if problems:
        raise UsageError("Nilai tidak dapat dipakai:\n  " + "\n  ".join(problems))
    return values


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office = load_office(root)
    today = today_of(args, office)
    year = check_year(args.tahun or today.year, today)
    interactive = sys.stdin.isatty() and not args.tanpa_tanya
    asker = Asker(office) if interactive else None
    if asker:
        print(f"Catatan baru untuk langkah 1 (validasi). Tekan Enter untuk memakai nilai dalam [kurung]; Ctrl-D membatalkan.")
        values = {f.key: asker.ask(f, getattr(args, f.dest)) for f in FIELDS}
    else:
        values = from_options(args, office)

    while True:
        draft = draft_new(root, values, year=year, today=today)
        if not draft.errors:
            break
        print(render_text(draft.errors))
        again = fields_named(draft.errors)
        if not asker or not again:
            print("Catatan tidak dibuat: perbaiki nilai yang disebut, lalu jalankan registri new lagi.")
            return 1
        print("Perbaiki jawaban berikut:")
        for field in again:
            values[field.key] = asker.ask(field, None)
    path = create_new(root, draft)
    print(display_path(path, root))
    for line in created_lines(draft):
        print(line, file=sys.stderr)
    return 0
