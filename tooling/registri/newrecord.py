"""A new record for SOP step 1 (status divalidasi): its fields, their values, its text.

One core for every face: `registri new` asks for these fields in a terminal or takes them as
options; the desk shows them as a form. Both get the same values checked the same way, the next
free id, and the same file text (the importer's layout, so every generated record looks alike).
Nothing is written until `create_new`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from registri import importer, steps
from registri.config import Office
from registri.dates import parse_date
from registri.errors import UsageError
from registri.findings import Finding
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
    Field("sumber.tanggal", "--sumber-tanggal", "Tanggal disposisi/surat pengantar (mis. 2026-11-20, 20/11/2026 atau 20 November 2026)", kind="date"),
    Field("penetapan.nomor", "--penetapan-nomor", "Nomor surat penetapan"),
    Field("penetapan.tanggal", "--penetapan-tanggal", "Tanggal penetapan (mis. 2026-11-20, 20/11/2026 atau 20 November 2026)", kind="date"),
    Field("penetapan.tempat", "--penetapan-tempat", "Tempat penetapan", default=lambda office: office.city),
    Field("penetapan.pejabat", "--penetapan-pejabat", "Pejabat yang menetapkan",
          default=lambda office: f"PPID {office.short_name}"),
    Field("uji_konsekuensi.nomor", "--uji-nomor", "Nomor berita acara uji konsekuensi"),
    Field("uji_konsekuensi.tanggal", "--uji-tanggal", "Tanggal uji konsekuensi (mis. 2026-11-20, 20/11/2026 atau 20 November 2026)", kind="date"),
    Field("uji_konsekuensi.waktu", "--uji-waktu", "Waktu uji konsekuensi", kind="choice", choices=TEST_TIMES,
          default=lambda office: "sebelum_permohonan"),
    Field("uji_konsekuensi.jika_dibuka", "--jika-dibuka", "Konsekuensi bila informasi dibuka", kind="prose"),
    Field("uji_konsekuensi.kepentingan_publik", "--kepentingan-publik",
          "Mengapa menutup informasi melindungi kepentingan publik yang lebih besar", kind="prose"),
)


def parse_value(field: Field, raw: str) -> tuple[object, str | None]:
    """The value of one answer, or a sentence saying what is wrong with it."""
    text = " ".join(raw.split())
    if not text:
        return None, "wajib diisi."
    if field.kind == "date":
        # The same formats and sentences as `registri import` (12/03/2026, 12 Maret 2026, ...).
        return parse_date(text)
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



@dataclass(frozen=True)
class NewDraft:
    record_id: str
    path: Path
    text: str
    findings: tuple[Finding, ...]   # schema and rules of the record as it would be written

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def check_year(year: int, today: dt.date) -> int:
    if not 2000 <= year <= 2100:
        raise UsageError(f"--tahun {year} tidak masuk akal; tulis tahun empat angka, mis. --tahun {today.year}.")
    return year


def draft_new(root: Path, values: dict[str, object], *, year: int, today: dt.date,
              record_id: str | None = None) -> NewDraft:
    """The record text for parsed `values` (field key -> value) and its findings; nothing written."""
    record_id = record_id or next_id(root, check_year(year, today))
    target = root / RECORDS_DIR / record_id[4:8] / f"{record_id}.yaml"
    text = importer.record_text(importer.step1_record(record_id, values))
    findings = steps.kelengkapan(root, {target: text}, today)
    return NewDraft(record_id, target, text, tuple(findings))


def create_new(root: Path, draft: NewDraft) -> Path:
    """Write the draft's file; never overwrites (another person may have taken the id meanwhile)."""
    if draft.errors:
        raise UsageError("Catatan tidak dibuat: perbaiki kolom yang disebut, lalu ulangi.")
    draft.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(draft.path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(draft.text)
    except FileExistsError:
        raise UsageError(f"{display_path(draft.path, root)} sudah ada; ulangi untuk memakai nomor berikutnya.") from None
    return draft.path


def created_lines(draft: NewDraft) -> list[str]:
    """What to tell the person after the file is written: the next command to run."""
    return [f"Catatan {draft.record_id} dibuat (status divalidasi). Periksa isinya, lalu catat langkah POS 1:",
            f"  registri step 1 {draft.record_id}"]


def fields_named(findings: list[Finding]) -> list[Field]:
    """The fields to ask again for findings about them (e.g. a date after another)."""
    named = {f.field for f in findings if f.field}
    return [field for field in FIELDS if any(n == field.key or n.startswith(field.key + ".") for n in named)]
