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


# Orchestration: plan (read, check, number, render) and commit ---------------------------------
# One core for every face: the CLI prints a plan's findings or commits it; the desk shows the
# same plan as a preview per row, then commits it with the same function.

IMPORT_RULES = (
    Rule("IMP004", Level.ERROR, "Baris impor sudah ada di register",
         "Informasi dengan judul dan nomor penetapan yang sama sudah ada di register (di folder kerja atau di cabang "
         "lain), biasanya karena daftar yang sama diimpor dua kali.",
         "Hapus baris itu dari berkas impor, atau periksa catatan yang disebut; jangan mengimpor daftar yang sama dua kali."),
    Rule("IMP005", Level.ERROR, "Tahun nomor catatan tidak cocok dengan tanggal baris",
         "--tahun menentukan nomor DIK-TAHUN-nnn dan foldernya; baris yang ditetapkan sesudah tahun itu tidak boleh "
         "diberi nomor tahun yang lebih awal.",
         "Impor tanpa --tahun (tahun hari ini) atau dengan tahun penetapan baris tersebut."),
    Rule("IMP006", Level.ERROR, "Baris impor memuat data pribadi atau rahasia",
         "Sel pada baris impor memuat bentuk data pribadi (NIK, NIP, nomor telepon, e-mail, rekening) atau rahasia; "
         "register hanya menguraikan informasi, tidak memuat datanya.",
         "Hapus atau samarkan data itu di berkas impor (mis. tulis 'NIK peserta' tanpa angkanya), lalu impor ulang."),
    Rule("IMP007", Level.WARNING, "Baris ganda di daftar yang diimpor",
         "Dua baris daftar lama memuat informasi dengan judul dan penetapan yang sama; keduanya menjadi catatan.",
         "Periksa apakah keduanya memang informasi yang berbeda; bila sama, buka salah satunya dengan koreksi."),
)
RULES = RULES + IMPORT_RULES


@dataclass(frozen=True)
class PlannedRecord:
    row: int                        # spreadsheet row it comes from
    record_id: str
    path: str                       # repository-relative
    text: str                       # the file that would be written
    data: dict[str, Any]
    gaps: tuple[Any, ...] = ()      # backlog.Gap for inherited records
    notes: tuple[str, ...] = ()     # what was not read or was changed (inherited lists)


@dataclass(frozen=True)
class ImportPlan:
    root: Path
    source: str                     # the file name as shown
    existing: bool                  # an existing published list (inherited records)
    year: int
    records: tuple[PlannedRecord, ...]
    findings: tuple[Finding, ...]   # per row (line = spreadsheet row), errors refuse the plan
    message: str                    # the commit message
    branch_hint: str
    actor_name: str

    @property
    def ok(self) -> bool:
        return bool(self.records) and not any(f.is_error for f in self.findings)

    def findings_of(self, row: int) -> list[Finding]:
        return [f for f in self.findings if f.line == row]

    @property
    def gap_count(self) -> int:
        return sum(len(r.gaps) for r in self.records)

    @property
    def whole(self) -> int:
        """Records that came in with nothing lacking."""
        return sum(1 for r in self.records if not r.gaps)


def _duplicate_key(title: Any, number: Any) -> tuple[str, str]:
    norm = lambda v: " ".join(re.findall(r"[0-9a-zà-ÿ]+", str(v or "").lower()))  # noqa: E731
    return norm(title), norm(number)


def known_items(root: Path) -> dict[tuple[str, str], str]:
    """(title, determination number) -> record id, over the working tree and every branch."""
    from registri.loader import parse_text
    from registri.paths import record_files

    known: dict[tuple[str, str], str] = {}
    for file in record_files(root):
        try:
            loaded = parse_text(file.read_text(encoding="utf-8-sig"), file.name)
        except (OSError, UnicodeDecodeError):
            continue
        data = loaded.data if isinstance(loaded.data, dict) else {}
        penetapan = data.get("penetapan") if isinstance(data.get("penetapan"), dict) else {}
        ident = str(data.get("id", file.stem))
        known.setdefault(_duplicate_key(data.get("judul"), penetapan.get("nomor")), ident)
        known.setdefault(_duplicate_key(data.get("judul"), None), ident)   # for old-list rows without an SK
    known.update({k: v for k, v in _branch_items(root).items() if k not in known})
    return known


def _branch_items(root: Path) -> dict[tuple[str, str], str]:
    """The same facts on other branches, from one `git grep` over their trees (never one call per file)."""
    try:
        import git
        repo = git.Repo(root, search_parent_directories=True)
        refs = [r for r in repo.git.for_each_ref("--format=%(refname)", "refs/heads", "refs/remotes").split()
                if not r.endswith("/HEAD")]
        if not refs:
            return {}
        out = repo.git.grep("-h", "--no-color", "-E", "-e", r"^(id|judul|  nomor):", *refs, "--", "records/",
                            with_exceptions=False)
    except Exception:   # no repository, no branch, nothing found: nothing to compare with
        return {}
    found: dict[tuple[str, str], str] = {}
    ident = title = None
    for line in out.splitlines():   # `-h`: each file's lines in order, id first
        key, _, value = line.partition(": ")
        value = value.strip()
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        if key == "id":
            ident, title = value, None
        elif key == "judul":
            title = value
            found.setdefault(_duplicate_key(title, None), ident or "?")
        elif key == "  nomor" and title is not None:
            # sumber, penetapan or test number: a match on any of them is the same item
            found.setdefault(_duplicate_key(title, value), ident or "?")
    return found


def _personal_data(row: int, cells: dict[str, Any], shown: str) -> list[Finding]:
    """Personal data or secrets in a row's cells, named by row and column, before anything is written."""
    from registri.scan import field_hits   # the scan module's detectors, one definition for every face

    values = {column: _text(value) for column, value in cells.items()
              if not _blank(value) and not isinstance(value, (dt.date, dt.datetime))}
    return [Finding(shown, row, "IMP006", Level.ERROR,
                    f"Baris {row}, kolom {column}: {hit.message} ({hit.code}). Hapus atau samarkan data itu di berkas "
                    "impor; tidak ada yang ditulis.", field=column)
            for column, hit in field_hits(values)]


def _record_scan(row: int, text: str, shown: str, path: str) -> list[Finding]:
    from registri.scan import scan_text

    return [Finding(shown, row, "IMP006", Level.ERROR, f"Baris {row}: {f.message} ({f.code}).")
            for f in scan_text(text, path)]


def plan_import(root: Path, file: Path, *, email: str, pelaksana: str | None, year: int | None,
                today: dt.date, existing: bool = False, penetapan: dict[str, Any] | None = None,
                unit: str | None = None) -> ImportPlan:
    """Read `file`, check every row, number and render the records; nothing is written.

    `existing`: the office's existing published DIK (inherited records with gaps) instead of a
    disposition list. `penetapan`: the SK penetapan for the whole list (nomor, tanggal as typed,
    tempat, pejabat). Usage problems (no commits, detached HEAD, a role the person does not hold)
    raise UsageError; everything about the file's content is a finding per row.
    """
    from registri import steps
    from registri.config import load_office
    from registri.dates import parse_date
    from registri.errors import UsageError
    from registri.gitwrite import Workspace
    from registri.ids import next_ids
    from registri.paths import RECORDS_DIR, display_path
    from registri.sop import load_sop

    office, sop = load_office(root), load_sop(root)
    explicit_year = year is not None
    year = year or today.year
    if not 2000 <= year <= 2100:
        raise UsageError(f"--tahun {year} tidak masuk akal; tulis tahun empat angka, mis. --tahun {today.year}.")
    if not file.is_file():
        raise UsageError(f"Berkas {file} tidak ditemukan.")
    ws = Workspace(root)
    if not ws.has_commits():
        raise UsageError("Repositori ini belum punya commit awal di main. Commit dulu registri.yaml, lalu ulangi.")
    if ws.branch() is None:
        raise UsageError("Anda tidak sedang berada di cabang mana pun (detached HEAD). Pindah ke main atau cabang kerja.")
    actor = steps.actor_for(office, sop, email, sop.step(1).roles, "Langkah 1 (validasi daftar)", pelaksana)

    shown = file.name
    findings: list[Finding] = []
    rows: list[tuple[int, dict[str, Any], dict[str, Any], tuple[str, ...]]] = []   # row, data, cells, notes
    if existing:
        defaults, problems = _list_defaults(penetapan or {}, unit, shown, parse_date)
        findings.extend(problems)
        entries, problems = _existing_entries(file, shown, defaults, office, today)
        findings.extend(problems)
        for entry in entries:
            findings.extend(Finding(shown, entry.row, "IMP003", Level.ERROR, f"Baris {entry.row}, kolom {column}: {text}.",
                                    field=column) for column, text in entry.problems)
            findings.extend(_personal_data(entry.row, entry.cells, shown))
            if entry.data is not None:
                rows.append((entry.row, entry.data, entry.cells, entry.notes))
    else:
        table = read_table(file, shown)
        findings.extend(table.findings)
        for row in table.rows:
            fields, problems = row_data(row, shown, office.city)
            findings.extend(problems)
            findings.extend(_personal_data(row.number, row.values, shown))
            if fields is not None:
                rows.append((row.number, nest(fields), row.values, ()))
    if not rows and not findings:
        findings.append(Finding(shown, None, "IMP001", Level.ERROR, "Tidak ada baris data di bawah baris judul."))

    findings.extend(_year_findings(rows, year, explicit_year, shown))
    findings.extend(_duplicate_findings(root, rows, shown, existing))

    ids = next_ids(root, year, len(rows)) if rows else []
    planned: list[PlannedRecord] = []
    texts: dict[Path, str] = {}
    for record_id, (number, data, _, notes) in zip(ids, rows):
        record = {"id": record_id, **data} if existing else step1_record(record_id, _flatten(data))
        text = record_text(record)
        target = root / RECORDS_DIR / str(year) / f"{record_id}.yaml"
        path = display_path(target, root)
        texts[target] = text
        findings.extend(_record_scan(number, text, shown, path))
        planned.append(PlannedRecord(number, record_id, path, text, record, (), notes))
    if planned and not any(f.is_error for f in findings):
        row_of_path = {p.path: p.row for p in planned}
        for f in steps.kelengkapan(root, texts, today):
            findings.append(_as_row(f, shown, row_of_path))
        planned = _with_gaps(root, planned, today) if existing else planned
    message = steps.step_message(1, ids, actor.role_name) if ids else ""
    if existing and ids:
        message = message.replace("Langkah 1: validasi", "Langkah 1: validasi DIK warisan", 1)
    return ImportPlan(root, shown, existing, year, tuple(planned), tuple(findings), message,
                      f"dik/impor-{ids[0]}" if ids else "dik/impor", actor.person.name)


def commit_import(root: Path, plan: ImportPlan) -> tuple[str, str | None]:
    """Write the plan's records and make the one step-1 commit; returns (commit, branch created)."""
    from registri.errors import UsageError
    from registri.gitwrite import Workspace
    from registri.workflow import Change, commit_changes

    if not plan.ok:
        raise UsageError("Impor ini masih memiliki kesalahan; perbaiki baris yang disebut, lalu buat rencana impor lagi.")
    taken = [p.path for p in plan.records if (root / p.path).exists()]
    if taken:   # a preview left open while someone else used these numbers
        raise UsageError(f"Nomor {', '.join(Path(t).stem for t in taken[:3])} sudah dipakai sejak pratinjau dibuat; "
                         "buat pratinjau impor lagi.")
    changes = [Change(root / p.path, p.path, p.record_id, None, p.text, tracked=False) for p in plan.records]
    return commit_changes(Workspace(root), changes, plan.message, plan.branch_hint)


def _flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _list_defaults(options: dict[str, Any], unit: str | None, shown: str, parse_date) -> tuple[Any, list[Finding]]:
    from registri.existing_list import ListDefaults

    problems = []
    day = None
    if options.get("tanggal"):
        day, problem = parse_date(options["tanggal"])
        if problem:
            problems.append(Finding(shown, None, "IMP003", Level.ERROR, f"--penetapan-tanggal: {problem}"))
    return ListDefaults(options.get("nomor") or None, day, options.get("tempat") or None,
                        options.get("pejabat") or None, unit or None), problems


def _existing_entries(file: Path, shown: str, defaults: Any, office: Any, today: dt.date) -> tuple[list[Any], list[Finding]]:
    from registri.existing_list import find_layout, read_entry
    from registri.pasal17 import load_pasal17

    sheets, problem = read_sheets(file, shown)
    if sheets is None:
        return [], [problem]
    # The first sheet with a DIK table (a workbook may open with a cover or a notes sheet).
    found = next(((sheet, layout) for sheet in sheets if (layout := find_layout(sheet.grid)) is not None), None)
    if found is None:
        return [], [Finding(shown, 1, "IMP002", Level.ERROR,
                            "Baris judul daftar tidak ditemukan: di 15 baris pertama tidak ada kolom 'Informasi yang "
                            "Dikecualikan' (atau 'Judul', 'Nama Informasi'). Pastikan lembar pertama berisi tabel DIK "
                            "dengan baris judul kolom.")]
    sheet, layout = found
    grid = _fill_merged(sheet, layout)
    pasal17 = load_pasal17()
    rows: list[tuple[int, dict[str, Any]]] = []
    notes: dict[int, list[str]] = {}
    for index in range(layout.first_data, len(grid)):
        cells_row = grid[index]
        cells = {key: cells_row[i] for i, key in layout.columns.items() if i < len(cells_row)}
        filled = [v for v in cells.values() if not _blank(v)]
        if not filled:
            continue   # blank rows and rows with text only outside the DIK columns
        # Columns that name no DIK field are kept as text ("Header: isi") beside the others.
        other = "; ".join(f"{name}: {_text(cells_row[i])}" for i, name in layout.unknown.items()
                          if i < len(cells_row) and not _blank(cells_row[i]))
        if other:
            cells["lainnya"] = other
        title = cells.get("informasi")
        if len(filled) > 1 and len({_text(v) for v in filled}) == 1:
            continue   # a heading merged across the whole row
        if not _blank(title) and len(filled) == 1 and (
                is_not_an_entry(_text(title)) or ("no" in layout.columns.values() and _text(title).isupper())):
            continue   # a group heading ("A. Sekretariat", "BIDANG SMP" in an unnumbered row) or the signature
        if _blank(title) and (not rows or all(_blank(v) for k, v in cells.items() if k != "no")):
            continue   # a lone number, or text before the first entry
        if _blank(title):
            # The previous entry goes on in this row (its texts were split over rows in Excel).
            number, previous = rows[-1]
            for key, value in cells.items():
                if key not in ("no",) and not _blank(value):
                    old = previous.get(key)
                    previous[key] = value if _blank(old) else f"{_text(old)}\n{_text(value)}"
            notes.setdefault(number, []).append(f"baris {index + 1} (kolom informasi kosong) digabung ke baris ini")
            continue
        rows.append((index + 1, dict(cells)))
    entries = []
    for number, cells in rows:
        entry = read_entry(number, cells, defaults, city=office.city, office=office.short_name,
                           list_name=shown, today=today, pasal17=pasal17)
        if notes.get(number):
            from dataclasses import replace
            entry = replace(entry, notes=(*entry.notes, *notes[number]))
        entries.append(entry)
    if not entries:
        return [], [Finding(shown, None, "IMP001", Level.ERROR, "Tidak ada baris data di bawah baris judul.")]
    return entries, []


def _fill_merged(sheet: Sheet, layout: Any) -> list[list[Any]]:
    """The grid with vertically merged data cells filled down (not the item and number columns).

    A published DIK often writes one legal basis or one unit once, merged over the rows of a group;
    saved as XLSX only the first row holds the text. An item title merged over rows is one item
    whose other cells go on below it, so those rows stay blank there and are joined to it.
    """
    grid = [list(row) for row in sheet.grid]
    keep = {i for i, key in layout.columns.items() if key in ("informasi", "no")}
    for top, left, bottom, right in sheet.merges:
        if bottom == top or top < layout.first_data:
            continue
        value = grid[top][left] if left < len(grid[top]) else None
        for r in range(top + 1, min(bottom, len(grid) - 1) + 1):
            for c in range(left, right + 1):
                if c in keep or c >= len(grid[r]):
                    continue
                grid[r][c] = value
    return grid


_SIGNATURE = re.compile(r"\b(mengetahui|ditetapkan di|ttd|t\.t\.d|nip|kepala|pejabat pengelola|ppid utama|"
                        r"atasan ppid|dibuat oleh|disahkan)\b", re.IGNORECASE)


def is_not_an_entry(text: str) -> bool:
    """A row below a DIK table that only holds a heading or the signature ("Banjarbaru, 30 April 2025")."""
    from registri.dates import parse_date

    place, _, day = text.rpartition(",")
    if place and len(place.split()) <= 4 and parse_date(day.strip())[0] is not None:
        return True
    return bool(re.match(r"^[A-Z]\.\s|^[IVX]+\.\s", text)) or bool(_SIGNATURE.search(text)) and len(text.split()) <= 8


def _row_day(data: dict[str, Any]) -> dt.date | None:
    for section in ("penetapan", "sumber"):
        value = data.get(section, {}).get("tanggal") if isinstance(data.get(section), dict) else None
        if isinstance(value, dt.date):
            return value
    return None


def _year_findings(rows, year: int, explicit: bool, shown: str) -> list[Finding]:
    problems = []
    for number, data, _, _ in rows:
        day = _row_day(data)
        if day is not None and day.year > year:
            how = f"--tahun {year}" if explicit else f"tahun nomor {year} (tahun hari ini)"
            problems.append(Finding(shown, number, "IMP005", Level.ERROR,
                                    f"Baris {number}: ditetapkan {day.isoformat()}, sesudah tahun {year}; {how} akan memberinya "
                                    f"nomor DIK-{year}-nnn. Impor dengan --tahun {day.year}, atau periksa tanggalnya."))
    return problems


def _duplicate_findings(root: Path, rows, shown: str, existing: bool) -> list[Finding]:
    known = known_items(root)
    problems, seen = [], {}
    for number, data, _, _ in rows:
        key = _duplicate_key(data.get("judul"), (data.get("penetapan") or {}).get("nomor"))
        if key in known:
            problems.append(Finding(shown, number, "IMP004", Level.ERROR,
                                    f"Baris {number}: '{data.get('judul')}' dengan penetapan yang sama sudah ada sebagai "
                                    f"{known[key]}. Daftar ini tampaknya sudah diimpor; hapus baris itu atau batalkan impor."))
        elif key in seen:
            level = Level.WARNING if existing else Level.ERROR
            code = "IMP007" if existing else "IMP004"
            problems.append(Finding(shown, number, code, level,
                                    f"Baris {number} sama dengan baris {seen[key]} (judul dan penetapan sama)."
                                    + (" Keduanya menjadi catatan; periksa apakah memang berbeda." if existing
                                       else " Hapus salah satunya.")))
        else:
            seen[key] = number
    return problems


def _with_gaps(root: Path, planned: list[PlannedRecord], today: dt.date) -> list[PlannedRecord]:
    """Each inherited record with its gaps, computed the same way as the register's backlog."""
    from registri import backlog
    from registri.config import load_office
    from registri.loader import parse_text
    from registri.model import Register, record_from
    from registri.pasal17 import load_pasal17
    from registri.rules import RECORD_CHECKS, Context
    from registri.sop import load_sop

    records = [record_from(parse_text(p.text, p.path)) for p in planned]
    register = Register(str(root), load_office(root), load_sop(root), load_pasal17(), tuple(records))
    ctx = Context.of(register, today)
    out = []
    for plan, record in zip(planned, records):
        found = [f for check in RECORD_CHECKS for f in check(record, ctx)]
        out.append(PlannedRecord(plan.row, plan.record_id, plan.path, plan.text, plan.data,
                                 backlog.gaps(record, found), plan.notes))
    return out


def _as_row(finding: Finding, shown: str, row_of_path: dict[str, int]) -> Finding:
    """A finding about a would-be record, moved to the import file's row and column."""
    row = row_of_path.get(finding.path)
    if row is None:
        return finding
    column = column_of(finding.field)
    where = f"Baris {row}" + (f", kolom {column}" if column else "")
    return Finding(shown, row, finding.code, finding.level, f"{where}: {finding.message}", field=column)


REFUSED = "Tidak ada catatan yang dibuat: perbaiki baris yang disebut di berkas impor, lalu impor ulang seluruh berkas."


def summary_lines(plan: ImportPlan, commit: str, created: str | None) -> list[str]:
    """What the person reads after a successful import (every face shows the same sentences)."""
    from registri import steps

    ids = [r.record_id for r in plan.records]
    lines = []
    if created:
        lines.append(f"Anda berada di main; impor ini dibuat di cabang baru '{created}'.")
    kind = "catatan warisan" if plan.existing else "catatan"
    lines.append(f"{len(ids)} {kind} dibuat dari {plan.source} dan divalidasi (langkah 1) oleh {plan.actor_name}: "
                 f"{steps.id_list(ids)} (commit {commit[:10]}).")
    if plan.existing:
        lines.append(f"{plan.whole} butir lengkap, {len(ids) - plan.whole} butir dengan kekurangan "
                     f"({plan.gap_count} kekurangan seluruhnya):")
        for record in plan.records:
            if record.gaps:
                names = "; ".join(g.kind.label.split(" (")[0] for g in record.gaps)
                lines.append(f"  {record.record_id} (baris {record.row}): {names}")
            for note in record.notes:
                lines.append(f"    catatan baris {record.row}: {note}")
        lines.append("Kekurangan ini tunggakan, bukan kesalahan: validasi dan CI menerimanya. Lengkapi tiap catatan "
                     f"lewat langkah 2 (`registri step 2 {ids[0]}`) dan langkah 3; daftarnya ada di "
                     "`registri attention` dan di situs.")
    else:
        lines.append(f"Langkah berikutnya: lengkapi bagian klasifikasi tiap catatan, lalu `registri step 2 {ids[0]} …`.")
    lines.append("Kirim cabang ini (git push) agar Atasan PPID dapat memeriksanya.")
    return lines
