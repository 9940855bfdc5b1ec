"""`registri new`: a new record for SOP step 1 (status divalidasi) with the next free id.

In a terminal it asks for each step-1 field in Indonesian and asks again when an answer is not
usable; otherwise (a script, a pipe, or --tanpa-tanya) the fields come from options. The record
text is checked with the schema and every rule before anything is written: when a check fails,
no file is written. The file layout is the importer's, so every generated record looks alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from registri import importer, steps
from registri.commands.common import add_today, root_of, today_of
from registri.config import Office, load_office
from registri.errors import RegistriError, UsageError
from registri.findings import Finding, render_text
from registri.ids import next_id
from registri.paths import RECORDS_DIR, display_path
from registri.rules.consequence import weakness

SOURCE_KINDS = ("disposisi", "surat_pengantar")
TEST_TIMES = ("sebelum_permohonan", "saat_permohonan", "perintah_komisi_informasi")


@dataclass(frozen=True)
class Field:
    key: str                      # dotted record field
    option: str                   # command-line option
    question: str                 # what the terminal asks
    kind: str = "text"            # text | prose | date | choice
    min_length: int = 2           # as in record.schema.json
    choices: tuple[str, ...] = ()
    default: Callable[[Office], str] | None = None

    @property
    def dest(self) -> str:
        return self.option.removeprefix("--").replace("-", "_")


FIELDS = (
    Field("judul", "--judul", "Judul informasi yang dikecualikan (jelas dan spesifik)", min_length=10),
    Field("uraian", "--uraian", "Uraian singkat isi informasi", min_length=10),
    Field("unit_penguasa", "--unit", "Unit yang menguasai informasi", min_length=3),
    Field("sumber.jenis", "--sumber-jenis", "Jenis surat masuk", kind="choice", choices=SOURCE_KINDS,
          default=lambda office: "disposisi"),
    Field("sumber.nomor", "--sumber-nomor", "Nomor disposisi/surat pengantar"),
    Field("sumber.tanggal", "--sumber-tanggal", "Tanggal disposisi/surat pengantar (YYYY-MM-DD)", kind="date"),
    Field("penetapan.nomor", "--penetapan-nomor", "Nomor surat penetapan"),
    Field("penetapan.tanggal", "--penetapan-tanggal", "Tanggal penetapan (YYYY-MM-DD)", kind="date"),
    Field("penetapan.tempat", "--penetapan-tempat", "Tempat penetapan", default=lambda office: office.city),
    Field("penetapan.pejabat", "--penetapan-pejabat", "Pejabat yang menetapkan",
          default=lambda office: f"PPID {office.short_name}"),
    Field("uji_konsekuensi.nomor", "--uji-nomor", "Nomor berita acara uji konsekuensi"),
    Field("uji_konsekuensi.tanggal", "--uji-tanggal", "Tanggal uji konsekuensi (YYYY-MM-DD)", kind="date"),
    Field("uji_konsekuensi.waktu", "--uji-waktu", "Waktu uji konsekuensi", kind="choice", choices=TEST_TIMES,
          default=lambda office: "sebelum_permohonan"),
    Field("uji_konsekuensi.jika_dibuka", "--jika-dibuka", "Konsekuensi bila informasi dibuka", kind="prose"),
    Field("uji_konsekuensi.kepentingan_publik", "--kepentingan-publik",
          "Mengapa menutup informasi melindungi kepentingan publik yang lebih besar", kind="prose"),
)


def configure(parser: argparse.ArgumentParser) -> None:
    for field in FIELDS:
        hint = f" (pilihan: {', '.join(field.choices)})" if field.choices else ""
        parser.add_argument(field.option, dest=field.dest, default=None, metavar="NILAI", help=f"{field.question}{hint}")
    parser.add_argument("--tahun", type=int, default=None, help="tahun nomor catatan DIK-TAHUN-nnn (bawaan: tahun hari ini)")
    parser.add_argument("--tanpa-tanya", action="store_true",
                        help="jangan bertanya walaupun dijalankan di terminal; semua kolom dari pilihan")
    add_today(parser)


def parse_value(field: Field, raw: str) -> tuple[object, str | None]:
    """The value of one answer, or a sentence saying what is wrong with it."""
    text = " ".join(raw.split())
    if not text:
        return None, "wajib diisi."
    if field.kind == "date":
        try:
            return dt.date.fromisoformat(text), None
        except ValueError:
            return None, f"'{text}' bukan tanggal yang ada; tulis YYYY-MM-DD, mis. 2026-11-20."
    if field.kind == "choice":
        value = text.lower().replace(" ", "_")
        if value.isdigit() and 1 <= int(value) <= len(field.choices):
            value = field.choices[int(value) - 1]
        return (value, None) if value in field.choices else (None, f"pilih salah satu: {', '.join(field.choices)}.")
    if field.kind == "prose" and (problem := weakness(text)):
        return None, f"{problem}; uraikan dengan kalimat lengkap (minimal 6 kata)."
    if len(text) < field.min_length:
        return None, f"terlalu pendek; tulis minimal {field.min_length} karakter."
    return text, None


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
    year = args.tahun or today.year
    if not 2000 <= year <= 2100:
        raise UsageError(f"--tahun {year} tidak masuk akal; tulis tahun empat angka, mis. --tahun {today.year}.")
    interactive = sys.stdin.isatty() and not args.tanpa_tanya
    asker = Asker(office) if interactive else None
    if asker:
        print(f"Catatan baru untuk langkah 1 (validasi). Tekan Enter untuk memakai nilai dalam [kurung]; Ctrl-D membatalkan.")
        values = {f.key: asker.ask(f, getattr(args, f.dest)) for f in FIELDS}
    else:
        values = from_options(args, office)

    record_id = next_id(root, year)
    target = root / RECORDS_DIR / str(year) / f"{record_id}.yaml"
    while True:
        text = importer.record_text(importer.step1_record(record_id, values))
        errors = [f for f in steps.kelengkapan(root, {target: text}, today) if f.is_error]
        if not errors:
            break
        print(render_text(errors))
        again = _fields_named(errors)
        if not asker or not again:
            print("Catatan tidak dibuat: perbaiki nilai yang disebut, lalu jalankan registri new lagi.")
            return 1
        print("Perbaiki jawaban berikut:")
        for field in again:
            values[field.key] = asker.ask(field, None)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{display_path(target, root)} sudah ada; jalankan registri new lagi untuk nomor berikutnya.") from None
    print(display_path(target, root))
    print(f"Catatan {record_id} dibuat (status divalidasi). Periksa isinya, lalu commit sebagai langkah POS 1.",
          file=sys.stderr)
    return 0


def _fields_named(findings: list[Finding]) -> list[Field]:
    """The questions to ask again for findings about these fields (e.g. a date after another)."""
    named = {f.field for f in findings if f.field}
    return [field for field in FIELDS if any(n == field.key or n.startswith(field.key + ".") for n in named)]
