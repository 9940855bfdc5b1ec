"""Reading the list that comes with a disposition (CSV or XLSX) into step-1 record texts.

One row is one exempted item. Every row is checked before anything is written; a problem is a
Finding at the import file's row number (row 1 is the header, as a spreadsheet numbers it).
The column layout is documented in docs/panduan/impor.md; the sample files are
tooling/registri/data/contoh-impor.csv and .xlsx.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from registri.catalog import Rule
from registri.findings import Finding, Level

RULES = (
    Rule("IMP001", Level.ERROR, "Berkas impor tidak dapat dibaca",
         "Berkas impor bukan CSV (UTF-8) atau XLSX yang dapat dibuka, atau tidak berisi baris data.",
         "Simpan daftar dari Excel sebagai 'CSV UTF-8 (Comma delimited)' atau sebagai .xlsx, lalu ulangi."),
    Rule("IMP002", Level.ERROR, "Kolom impor kurang atau tidak dikenal",
         "Baris judul (baris 1) tidak memuat semua kolom wajib, atau memuat kolom yang tidak dikenal.",
         "Salin baris judul dari berkas contoh contoh-impor.csv; nama kolom lihat docs/panduan/impor.md."),
    Rule("IMP003", Level.ERROR, "Isian baris impor kosong atau salah",
         "Sel wajib kosong, tanggal tidak terbaca, atau nilai pilihan (jenis sumber, waktu uji) tidak dikenal.",
         "Perbaiki sel pada baris dan kolom yang disebut sesuai panduan impor."),
)

# Column -> field path in the record. Order is the documented layout (docs/panduan/impor.md).
COLUMNS: dict[str, str] = {
    "judul": "judul",
    "uraian": "uraian",
    "unit_penguasa": "unit_penguasa",
    "sumber_jenis": "sumber.jenis",
    "sumber_nomor": "sumber.nomor",
    "sumber_tanggal": "sumber.tanggal",
    "penetapan_nomor": "penetapan.nomor",
    "penetapan_tanggal": "penetapan.tanggal",
    "penetapan_tempat": "penetapan.tempat",
    "penetapan_pejabat": "penetapan.pejabat",
    "uk_nomor": "uji_konsekuensi.nomor",
    "uk_tanggal": "uji_konsekuensi.tanggal",
    "uk_waktu": "uji_konsekuensi.waktu",
    "jika_dibuka": "uji_konsekuensi.jika_dibuka",
    "kepentingan_publik": "uji_konsekuensi.kepentingan_publik",
}
OPTIONAL = {"penetapan_tempat"}           # empty: the office's city from registri.yaml
DATE_COLUMNS = {"sumber_tanggal", "penetapan_tanggal", "uk_tanggal"}
CHOICES = {
    "sumber_jenis": ("disposisi", "surat_pengantar"),
    "uk_waktu": ("sebelum_permohonan", "saat_permohonan", "perintah_komisi_informasi"),
}
FIELD_COLUMN = {field: column for column, field in COLUMNS.items()}


@dataclass(frozen=True)
class Row:
    number: int                     # the spreadsheet row number (header = 1)
    values: dict[str, Any]          # column -> str or date


@dataclass(frozen=True)
class Table:
    path: str                       # as shown to users
    rows: tuple[Row, ...]
    findings: tuple[Finding, ...]


def _norm_header(text: Any) -> str:
    return re.sub(r"[\s\-./]+", "_", str(text or "").strip().lower()).strip("_")


MAX_FILE_BYTES = 20_000_000   # a list of thousands of rows is well under 5 MB


def read_grid(file: Path, shown: str, legacy: bool = False) -> tuple[list[list[Any]] | None, Finding | None]:
    """The cells of a CSV or XLSX file (first sheet), or the IMP001 finding saying why not."""
    suffix = file.suffix.lower()
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            return None, _fail(shown, f"Berkas lebih besar dari {MAX_FILE_BYTES // 1_000_000} MB; sebuah DIK tidak "
                                      "sebesar itu. Periksa bahwa ini berkas daftar yang benar, atau pecah daftarnya.").findings[0]
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_grid(file), None
        if suffix in (".csv", ".txt"):
            return _csv_grid(file.read_bytes(), legacy), None
        if suffix == ".xls":
            return None, _fail(shown, "Berkas .xls (Excel 97-2003) tidak dapat dibaca; buka di Excel lalu Simpan "
                                      "Sebagai 'Buku Kerja Excel (.xlsx)' atau 'CSV UTF-8', lalu ulangi.").findings[0]
        return None, _fail(shown, f"Jenis berkas '{file.suffix}' tidak dikenal; pakai .csv atau .xlsx.").findings[0]
    except _Unreadable as exc:
        return None, _fail(shown, exc.message).findings[0]
    except OSError as exc:
        return None, _fail(shown, f"Berkas tidak dapat dibuka ({exc.strerror or exc}).").findings[0]


@dataclass(frozen=True)
class Sheet:
    name: str
    grid: list[list[Any]]
    merges: tuple[tuple[int, int, int, int], ...] = ()   # merged ranges: first row, first col, last row, last col (0-based)


def read_sheets(file: Path, shown: str) -> tuple[list[Sheet] | None, Finding | None]:
    """Every sheet of an XLSX (with its merged ranges), or a CSV as one sheet; or the IMP001 finding."""
    if file.suffix.lower() not in (".xlsx", ".xlsm"):
        grid, problem = read_grid(file, shown, legacy=True)
        return ([Sheet(file.name, grid)] if grid is not None else None), problem
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            return None, read_grid(file, shown)[1]   # the size sentence
        return _xlsx_sheets(file), None
    except _Unreadable as exc:
        return None, _fail(shown, exc.message).findings[0]
    except OSError as exc:
        return None, _fail(shown, f"Berkas tidak dapat dibuka ({exc.strerror or exc}).").findings[0]


def _xlsx_sheets(file: Path) -> list[Sheet]:
    """All sheets with their merged cells (a published DIK often merges one legal basis over rows)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise _Unreadable(_NOT_XLSX) from None
    try:
        sheets = []
        for sheet in book.worksheets:
            grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            merges = tuple((r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1) for r in sheet.merged_cells.ranges)
            sheets.append(Sheet(sheet.title, grid, merges))
        return sheets
    finally:
        book.close()


def read_table(file: Path, shown: str) -> Table:
    """The rows of a CSV or XLSX file, keyed by normalised column names."""
    grid, problem = read_grid(file, shown)
    if grid is None:
        return Table(shown, (), (problem,))

    header_at = next((i for i, row in enumerate(grid) if any(_blank(v) is False for v in row)), None)
    if header_at is None:
        return _fail(shown, "Berkas kosong: baris 1 harus berisi nama kolom, baris berikutnya satu informasi per baris.")
    header = [_norm_header(v) for v in grid[header_at]]
    findings = _header_findings(header, shown, header_at + 1)
    if findings:
        return Table(shown, (), tuple(findings))
    rows = []
    for offset, cells in enumerate(grid[header_at + 1:], start=header_at + 2):
        if all(_blank(v) for v in cells):
            continue  # Excel keeps empty rows at the end of a sheet
        if any(not _blank(v) for v in cells[len(header):]):
            findings.append(Finding(shown, offset, "IMP002", Level.ERROR,
                                    f"Baris {offset} berisi lebih banyak sel daripada kolom di baris judul. Teks yang memuat "
                                    "tanda ';' atau ',' harus diberi tanda kutip (Excel melakukannya saat menyimpan CSV)."))
            continue
        values = {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header) if name}
        rows.append(Row(offset, values))
    if not rows and not findings:
        return _fail(shown, "Tidak ada baris data di bawah baris judul.")
    return Table(shown, tuple(rows), tuple(findings))


def _header_findings(header: list[str], shown: str, line: int) -> list[Finding]:
    problems = []
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    unknown = [h for h in header if h and h not in COLUMNS]
    doubled = sorted({h for h in header if h and header.count(h) > 1})
    if missing:
        problems.append(Finding(shown, line, "IMP002", Level.ERROR,
                                f"Kolom wajib tidak ada di baris judul: {', '.join(missing)}. Salin baris judul dari contoh-impor.csv."))
    if unknown:
        problems.append(Finding(shown, line, "IMP002", Level.ERROR,
                                f"Kolom tidak dikenal: {', '.join(unknown)}. Nama kolom yang berlaku ada di docs/panduan/impor.md."))
    if doubled:
        problems.append(Finding(shown, line, "IMP002", Level.ERROR, f"Kolom muncul lebih dari sekali: {', '.join(doubled)}."))
    return problems


class _Unreadable(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _fail(shown: str, message: str) -> Table:
    return Table(shown, (), (Finding(shown, None, "IMP001", Level.ERROR, message),))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_grid(raw: bytes, legacy: bool = False) -> list[list[Any]]:
    """Cells of a CSV. `legacy`: an old list saved by Excel as 'CSV (Comma delimited)' on Windows
    is Windows-1252, not UTF-8; for existing lists that is read too (never when it holds NUL bytes,
    which means UTF-16 or a binary file)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if not legacy or b"\x00" in raw:
            raise _Unreadable("Berkas CSV bukan UTF-8. Di Excel pilih Simpan Sebagai > 'CSV UTF-8 (Comma delimited)'.") from None
        text = raw.decode("cp1252", errors="replace")
    if legacy and "\x00" in text:
        raise _Unreadable("Berkas CSV bukan UTF-8 (tampaknya UTF-16). Di Excel pilih Simpan Sebagai > "
                          "'CSV UTF-8 (Comma delimited)'.")
    # Excel with Indonesian regional settings writes ';' (the comma is the decimal separator there).
    # Counted over the first lines: an old list may open with a title line without separators.
    head = "\n".join(text.splitlines()[:20])
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=(head if legacy else first).count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


_NOT_XLSX = ("Berkas ini bukan buku kerja Excel .xlsx yang utuh (rusak, terpotong saat diunduh, atau sebenarnya "
             "berkas lain yang diberi akhiran .xlsx). Buka di Excel lalu Simpan Sebagai 'Buku Kerja Excel (.xlsx)', "
             "atau simpan sebagai 'CSV UTF-8', lalu ulangi.")


def _xlsx_grid(file: Path) -> list[list[Any]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        # openpyxl's exception names (BadZipFile, KeyError) mean nothing to staff: say what to do.
        raise _Unreadable(_NOT_XLSX) from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


# Cell values ------------------------------------------------------------------------------------
def parse_cell_date(value: Any) -> dt.date | None:
    """A date cell or a date as offices type it (registri.dates); None when it is not one."""
    from registri.dates import parse_date

    return parse_date(value)[0]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)          # a number Excel stored for a letter number like 0412
    return " ".join(str(value).split())


def _choice(value: str, options: tuple[str, ...]) -> str | None:
    norm = _norm_header(value)
    return norm if norm in options else None


def row_data(row: Row, shown: str, city: str) -> tuple[dict[str, Any] | None, list[Finding]]:
    """The record fields a row gives (step 1), or the row's findings."""
    problems: list[Finding] = []
    fields: dict[str, Any] = {}
    for column, field in COLUMNS.items():
        raw = row.values.get(column)
        if _blank(raw):
            if column in OPTIONAL:
                fields[field] = city
                continue
            problems.append(Finding(shown, row.number, "IMP003", Level.ERROR,
                                    f"Baris {row.number}, kolom {column}: wajib diisi.", field=column))
            continue
        if column in DATE_COLUMNS:
            from registri.dates import parse_date

            day, problem = parse_date(raw)
            if day is None:
                problems.append(Finding(shown, row.number, "IMP003", Level.ERROR,
                                        f"Baris {row.number}, kolom {column}: {problem}", field=column))
                continue
            fields[field] = day
        elif column in CHOICES:
            chosen = _choice(_text(raw), CHOICES[column])
            if chosen is None:
                problems.append(Finding(shown, row.number, "IMP003", Level.ERROR,
                                        f"Baris {row.number}, kolom {column}: '{_text(raw)}' tidak dikenal; pilih salah satu: "
                                        f"{', '.join(CHOICES[column])}.", field=column))
                continue
            fields[field] = chosen
        else:
            fields[field] = _text(raw)
    return (None, problems) if problems else (fields, [])


def nest(fields: dict[str, Any]) -> dict[str, Any]:
    """{'sumber.nomor': x} -> {'sumber': {'nomor': x}}, keeping the order of first appearance."""
    out: dict[str, Any] = {}
    for path, value in fields.items():
        parts = path.split(".")
        target = out
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = value
    return out


# Writing record text ---------------------------------------------------------------------------
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../tooling/registri/schema/record.schema.json\n"
WRAP = 96
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9À-ɏ(][^:#\n\"'{}\[\],&*!|>%@`]*$")
_RESERVED = re.compile(r"^(?:true|false|null|yes|no|on|off|y|n|~|[-+]?[0-9][0-9_.:eE+-]*)$", re.I)
BLANK_BEFORE = {"sumber", "klasifikasi", "peninjauan", "dokumentasi", "laporan", "dibuka", "abaikan_aturan", "warisan"}


@lru_cache(maxsize=65536)   # the demo renders tens of thousands of records from a few templates
def scalar(value: Any) -> str:
    """One YAML scalar as our strict loader reads it back: plain when safe, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _PLAIN_SAFE.match(text) and not _RESERVED.match(text) and text == text.strip() and ": " not in text \
            and " #" not in text and not text.endswith(":"):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


@lru_cache(maxsize=16384)
def _folded(text: str, indent: int) -> tuple[str, ...]:
    pad = " " * indent
    lines = textwrap.wrap(" ".join(text.split()), width=WRAP - indent, break_long_words=False, break_on_hyphens=False)
    return tuple(f"{pad}{line}\n" for line in lines)


# Prose fields are folded (`>-`) over several lines when long; names and places stay on one line.
FOLDED = {"uraian", "jika_dibuka", "kepentingan_publik", "keterangan", "hasil",
          # warisan.asli: the old list's texts (their whitespace is normalised, the words kept)
          "informasi", "ringkasan", "unit_kerja", "dasar_hukum", "alasan", "jangka_waktu", "jika_ditutup", "penetapan",
          "lainnya"}


def _long(key: str, text: Any) -> bool:
    return key in FOLDED and isinstance(text, str) and len(text) > 80


def _emit(data: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for key, value in data.items():
        if indent == 0 and key in BLANK_BEFORE:
            out.append("\n")
        if isinstance(value, dict):
            out.append(f"{pad}{key}:\n")
            out.extend(_emit(value, indent + 2))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append(f"{pad}{key}:\n")
            for item in value:
                if key == "dasar_hukum":   # one legal basis per line, as offices list them
                    out.append(f"{pad}  - {_flow(item)}\n")
                    continue
                inner = _emit(item, indent + 4)
                out.append(f"{pad}  - {inner[0].lstrip()}")
                out.extend(inner[1:])
        elif isinstance(value, list):
            out.append(f"{pad}{key}: {_flow(value)}\n")
        elif _long(key, value):
            out.append(f"{pad}{key}: >-\n")
            out.extend(_folded(value, indent + 2))
        else:
            out.append(f"{pad}{key}: {scalar(value)}\n")
    return out


def record_text(data: dict[str, Any]) -> str:
    """A record file's text in the layout of the sample records (schema comment first)."""
    return SCHEMA_COMMENT + "".join(section_text(key, value) for key, value in data.items())


def section_text(key: str, value: Any) -> str:
    """The lines of one top-level field (with the blank line that separates the big sections)."""
    return "".join(_emit({key: value}, 0))


def step1_record(record_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    nested = nest(fields)
    return {"id": record_id, "judul": nested["judul"], "uraian": nested["uraian"],
            "unit_penguasa": nested["unit_penguasa"], "status": "divalidasi",
            "sumber": nested["sumber"], "penetapan": nested["penetapan"], "uji_konsekuensi": nested["uji_konsekuensi"]}


def column_of(field: str | None) -> str | None:
    """The import column a record field came from, for messages about a row."""
    while field:
        if field in FIELD_COLUMN:
            return FIELD_COLUMN[field]
        field = field.rpartition(".")[0]
    return None


def is_blank(value: Any) -> bool:
    """An empty cell (None or only spaces)."""
    return _blank(value)


def cell_text(value: Any) -> str:
    """A cell as one line of text (a whole-number float, as Excel stores 0412, without '.0')."""
    return _text(value)


# The orchestration (plan, check, commit) lives in import_plan.py; its entry points are also
# reachable here, where the faces first looked for them (`importer.plan_import`).
_PLAN_NAMES = ("plan_import", "commit_import", "ImportPlan", "PlannedRecord", "summary_lines", "REFUSED")


def __getattr__(name: str) -> Any:
    if name in _PLAN_NAMES:
        from registri import import_plan

        return getattr(import_plan, name)
    raise AttributeError(f"module 'registri.importer' has no attribute {name!r}")

