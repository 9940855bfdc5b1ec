"""Reading an office's existing, published DIK list (CSV or XLSX) into inherited record data.

Offices publish their DIK in the Perki 1/2021 layout and its many variants. Columns are found
by the words in their header ("Informasi yang Dikecualikan", "Dasar Hukum", "Konsekuensi jika
Dibuka", "Jangka Waktu", ...), not by exact names. Title rows above the header are skipped; a
header split over two rows ("Konsekuensi" over "Jika Dibuka" | "Jika Ditutup", as merged
cells look once saved) is joined; a row of column numbers "(1) (2) (3)" under it is skipped;
blank rows are skipped. Every other row is one entry and becomes one record.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from registri.dates import parse_date
from registri.findings import Finding, Level
from registri.legal_text import read_legal_basis, read_period
from registri.pasal17 import Pasal17

TITLE_MAX = 300
TITLE_MIN = 10
UNIT_MAX = 200
HEADER_SCAN = 15          # the header is within the first rows; below them are entries


def _words(text: Any) -> list[str]:
    return re.findall(r"[a-z0-9]+", str(text or "").lower())


def header_key(text: Any) -> str | None:
    """Which column of the DIK a header names, by its words (None when it names none)."""
    words = _words(text)
    joined = " ".join(words)
    has = set(words)
    if not words:
        return None
    if joined in ("no", "nomor", "no urut", "nomor urut", "urut", "nmr"):
        return "no"
    if has & {"konsekuensi", "akibat", "dampak", "kerugian", "mudarat", "mudharat"} or \
            re.search(r"\b(jika|apabila|bila|bilamana)\s+(informasi\s+)?(dibuka|ditutup)", joined):
        return "jika_ditutup" if "ditutup" in has else "jika_dibuka"
    if "kepentingan publik" in joined:
        return "jika_ditutup"
    if "dasar hukum" in joined or "landasan hukum" in joined or "dasar pengecualian" in joined or words[0] == "pasal":
        return "dasar_hukum"
    if "alasan" in has:
        return "alasan"
    if "jangka waktu" in joined or "masa" in has or "lama pengecualian" in joined or "waktu pengecualian" in joined:
        return "jangka_waktu"
    if has & {"sk", "penetapan", "ditetapkan"} or "surat keputusan" in joined:
        if has & {"tanggal", "tgl"} and has & {"nomor", "no", "nmr"}:
            return "penetapan"   # "Nomor dan Tanggal SK": both in one cell
        if has & {"tanggal", "tgl"}:
            return "penetapan_tanggal"
        if has & {"nomor", "no", "nmr"}:
            return "penetapan_nomor"
        return "penetapan"
    if "dikecualikan" in has and has & {"informasi", "dokumen", "judul", "jenis", "nama"}:
        return "informasi"   # "Uraian Informasi yang Dikecualikan" names the item, not a summary
    if has & {"ringkasan", "uraian", "deskripsi", "penjelasan"} or "isi informasi" in joined:
        return "ringkasan"
    if has & {"unit", "satker", "bidang", "penguasa", "menguasai", "penanggung", "pengelola", "pemilik"} or \
            "satuan kerja" in joined or "perangkat daerah" in joined or "pejabat" in has or "ppid pelaksana" in joined:
        return "unit_kerja"
    if has & {"bentuk", "media", "format"}:
        return "bentuk"
    if has & {"informasi", "judul", "dokumen"} or "nama dokumen" in joined:
        return "informasi"
    if has & {"keterangan", "catatan", "ket"}:
        return "keterangan"
    return None


@dataclass(frozen=True)
class Layout:
    header_rows: tuple[int, ...]             # 0-based grid rows holding the header
    columns: dict[int, str]                  # grid column -> key
    unknown: dict[int, str]                  # grid column -> header text that names no DIK column (kept as text)
    first_data: int                          # 0-based grid row of the first entry


_CONTROL = re.compile(r"_x000[dD]_|[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")   # Excel's escaped CR, stray control bytes
TEXT_MAX = 20000          # as record.schema.json allows for every long text


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return " ".join(_CONTROL.sub(" ", str(value if value is not None else "")).split())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _keys(row: list[Any]) -> dict[int, str]:
    return {i: key for i, cell in enumerate(row) if not _blank(cell) and (key := header_key(cell))}


def _is_numbering(row: list[Any]) -> bool:
    cells = [_text(c) for c in row if not _blank(c)]
    return len(cells) >= 2 and all(re.fullmatch(r"\(?\d{1,2}\)?\.?", c) for c in cells)


def find_layout(grid: list[list[Any]]) -> Layout | None:
    """Where the header is and which column is which; None when no DIK header is found."""
    for at, row in enumerate(grid[:HEADER_SCAN]):
        keys = _keys(row)
        kinds = set(keys.values())
        if len(kinds) < 2 or ("informasi" not in kinds and len(kinds) < 3):
            continue   # a title row ("DAFTAR INFORMASI YANG DIKECUALIKAN") names one thing at most
        header_rows = [at]
        below = grid[at + 1] if at + 1 < len(grid) else []
        width = max(len(row), len(below))
        top = [_text(row[i]) if i < len(row) else "" for i in range(width)]
        sub = [_text(below[i]) if i < len(below) else "" for i in range(width)]
        # A second header row: every filled cell is a short header word ("Jika Dibuka").
        if any(sub) and all(len(c) <= 60 and header_key(c) for c in sub if c) and not _is_numbering(below):
            header_rows.append(at + 1)
            filled, last = [], ""
            for i in range(width):   # a merged top cell stretches over the sub-cells under it
                last = top[i] or (last if sub[i] else "")
                filled.append(last)
            names = [f"{filled[i]} {sub[i]}".strip() if sub[i] else top[i] for i in range(width)]
        else:
            sub = [""] * width
            names = top
        columns: dict[int, str] = {}
        unknown: dict[int, str] = {}
        for i, name in enumerate(names):
            if not name:
                continue
            key = header_key(name) or (header_key(sub[i]) if sub[i] else None)
            if key is None or key in columns.values():
                unknown[i] = name
                continue
            columns[i] = key
        if "informasi" not in columns.values():
            continue
        first = header_rows[-1] + 1
        while first < len(grid) and _is_numbering(grid[first]):
            first += 1
        return Layout(tuple(header_rows), columns, unknown, first)
    return None


@dataclass(frozen=True)
class ListDefaults:
    """What the whole list shares, from the command's options (a row's own cells win)."""

    penetapan_nomor: str | None = None
    penetapan_tanggal: dt.date | None = None
    penetapan_tempat: str | None = None
    penetapan_pejabat: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Entry:
    """One row of the old list, read: the record data (without id) and what could not be read."""

    row: int                                   # spreadsheet row number
    data: dict[str, Any] | None                # None when the row cannot become a record
    problems: tuple[tuple[str | None, str], ...] = ()   # (column, Indonesian sentence): refuse
    notes: tuple[str, ...] = ()                # what was not read or was changed, in Indonesian
    cells: dict[str, str] = field(default_factory=dict)  # key -> original text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    head = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return head + "…"


def split_units(raw: Any) -> list[str]:
    """Units named in one cell: one per line, or separated by ';', or numbered '1. … 2. …'.

    Commas are not a separator: "Subbagian Umum, Kepegawaian dan Keuangan" is one unit.
    """
    text = _CONTROL.sub(" ", str(raw or ""))
    parts = re.split(r"\n|;|\s(?=\d{1,2}[.)]\s)", text)
    units = []
    for part in parts:
        clean = " ".join(re.sub(r"^\s*(?:\d{1,2}[.)]|[-•*])\s*", "", part).split()).strip(" ,.")
        if clean and clean.lower() not in (u.lower() for u in units):
            units.append(clean)
    return units


def _penetapan_cell(text: str) -> tuple[str | None, dt.date | None]:
    """'Nomor 12/PPID/2025 tanggal 30 April 2025' -> ('12/PPID/2025', 2025-04-30)."""
    number = re.search(r"(?:nomor|no\.?)\s*[:.]?\s*([^\s,;]+(?:\s[^\s,;]+)?)", text, re.IGNORECASE)
    day = re.search(r"(?:tanggal|tgl\.?)\s*[:.]?\s*(.+)$", text, re.IGNORECASE)
    nomor = number.group(1).split(" tanggal")[0].split(" tgl")[0].strip() if number else None
    if nomor and re.match(r"^(?:tanggal|tgl)", nomor, re.IGNORECASE):
        nomor = None
    parsed = parse_date(day.group(1).strip(" .,"))[0] if day else None
    if parsed is None and "," in text:   # "Nomor 12/PPID/2025, 30 April 2025"
        parsed = parse_date(text.rsplit(",", 1)[1].strip(" ."))[0]
    if nomor and parsed is None and "," in nomor:
        nomor = nomor.split(",")[0]
    return nomor, parsed


FORMS = (("cetak", r"\b(cetak|hard\s*copy|hardcopy|fisik|kertas|tercetak|naskah)\b"),
         ("elektronik", r"\b(elektronik|soft\s*copy|softcopy|digital|file|berkas\s+elektronik|pdf)\b"))


def read_forms(text: str) -> list[str]:
    return [form for form, pattern in FORMS if re.search(pattern, text, re.IGNORECASE)]


def read_entry(number: int, cells: dict[str, Any], defaults: ListDefaults, *, city: str, office: str,
               list_name: str, today: dt.date, pasal17: Pasal17) -> Entry:
    """One old-list row as inherited record data (status divalidasi, `warisan` section)."""
    original = {key: _text(value) for key, value in cells.items() if not _blank(value)}
    problems: list[tuple[str | None, str]] = []
    notes: list[str] = []
    for key, text in list(original.items()):
        if len(text) > TEXT_MAX:
            original[key] = _cut(text, TEXT_MAX)
            notes.append(f"kolom {key} lebih dari {TEXT_MAX} karakter dipotong")
    original = {key: text for key, text in original.items() if text}
    title = original.get("informasi", "")
    if not title:
        return Entry(number, None, (("informasi", "kolom informasi yang dikecualikan kosong; isi judul informasinya "
                                                  "atau hapus baris ini dari daftar"),), (), original)

    nomor, tanggal = defaults.penetapan_nomor, defaults.penetapan_tanggal
    if "penetapan" in original:
        own_number, own_day = _penetapan_cell(original["penetapan"])
        nomor, tanggal = own_number or nomor, own_day or tanggal
    if "penetapan_nomor" in original:
        nomor = original["penetapan_nomor"]
    if "penetapan_tanggal" in cells and not _blank(cells["penetapan_tanggal"]):
        day, problem = parse_date(cells["penetapan_tanggal"])
        if problem:
            notes.append(f"tanggal penetapan tidak terbaca: {problem}")
        tanggal = day or tanggal
    if tanggal is not None and tanggal > today:
        notes.append(f"tanggal penetapan {tanggal.isoformat()} setelah hari ini; tidak dipakai")
        tanggal = None
    if not (nomor and tanggal):
        # Still a record: the missing SK is one of its gaps (most published lists name no SK).
        notes.append("tanpa SK penetapan (nomor dan tanggal): beri --penetapan-nomor dan --penetapan-tanggal untuk "
                     "seluruh daftar bila ada, atau lengkapi pada langkah 2")

    data: dict[str, Any] = {}
    judul = title
    if len(judul) > TITLE_MAX:
        judul = _cut(judul, TITLE_MAX)
        notes.append(f"judul lebih dari {TITLE_MAX} karakter dipotong; teks lengkapnya ada di warisan.asli.informasi")
    if len(judul) < TITLE_MIN:
        judul = f"{judul} (judul daftar lama)"
        notes.append("judul daftar lama sangat pendek; diberi tanda '(judul daftar lama)' sampai diperjelas")
    data["judul"] = judul
    summary = original.get("ringkasan") or (title if len(title) > TITLE_MAX else "")
    if len(summary) >= 10:
        data["uraian"] = summary
    units = split_units(cells.get("unit_kerja")) if "unit_kerja" in original else []
    if not units:
        units = [defaults.unit or office]
        if "unit_kerja" not in original:
            notes.append(f"unit kerja tidak disebut; diisi '{units[0]}'")
    if any(len(u) > UNIT_MAX for u in units):
        notes.append(f"nama unit lebih dari {UNIT_MAX} karakter dipotong; teks lengkapnya ada di warisan.asli.unit_kerja")
        units = [_cut(u, UNIT_MAX) for u in units]
    data["unit_penguasa"] = units[0]
    if len(units) > 1:
        data["unit_terkait"] = units[1:]
    forms = read_forms(original.get("bentuk", ""))
    if forms:
        data["bentuk"] = forms
    elif "bentuk" in original:
        notes.append(f"bentuk informasi '{original['bentuk']}' tidak terbaca (cetak/elektronik)")
    data["status"] = "divalidasi"
    if nomor and tanggal:
        data["penetapan"] = {"nomor": nomor[:120], "tanggal": tanggal, "tempat": defaults.penetapan_tempat or city,
                             "pejabat": defaults.penetapan_pejabat or f"PPID {office}"}

    test = {}
    if original.get("jika_dibuka"):
        test["jika_dibuka"] = original["jika_dibuka"]
    if original.get("jika_ditutup"):
        test["kepentingan_publik"] = original["jika_ditutup"]
    if test:
        data["uji_konsekuensi"] = test

    classification: dict[str, Any] = {}
    basis_text = "; ".join(original[k] for k in ("dasar_hukum", "alasan") if original.get(k))
    if basis_text:
        basis = read_legal_basis(basis_text, pasal17)
        if basis.codes:
            classification["pasal"] = list(basis.codes)
        if basis.laws:
            classification["dasar_hukum"] = [dict(law) for law in basis.laws]
        notes.extend(basis.notes)
        if basis.bare_17:
            notes.append("dasar hukum menyebut 'Pasal 17' tanpa huruf; huruf a-j harus ditetapkan di langkah 2")
    if original.get("jangka_waktu"):
        period = read_period(original["jangka_waktu"], tanggal)
        if period.value:
            classification["jangka_waktu"] = period.value
        elif period.note:
            notes.append(period.note)
    if classification:
        data["klasifikasi"] = classification

    heritage: dict[str, Any] = {"daftar": list_name[:300], "baris": number}
    if original.get("no"):
        heritage["nomor"] = original["no"][:50]
    heritage["diimpor"] = today
    heritage["asli"] = {key: original[key] for key in ASLI_KEYS if original.get(key)}
    data["warisan"] = heritage
    return Entry(number, None if problems else data, tuple(problems), tuple(notes), original)


# Keys of warisan.asli (the schema lists the same), in the order they are written.
ASLI_KEYS = ("informasi", "ringkasan", "unit_kerja", "dasar_hukum", "alasan", "jangka_waktu", "jika_dibuka",
             "jika_ditutup", "bentuk", "penetapan", "penetapan_nomor", "penetapan_tanggal", "keterangan", "lainnya")


# Reading a whole file ----------------------------------------------------------------------------
def read_existing(file: Path, shown: str, defaults: ListDefaults, office: Any,
                  today: dt.date) -> tuple[list[Entry], list[Finding]]:
    """Every entry of an old list file (the first sheet with a DIK table), or why it cannot be read."""
    from registri.importer import read_sheets
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
            entry = replace(entry, notes=(*entry.notes, *notes[number]))
        entries.append(entry)
    if not entries:
        return [], [Finding(shown, None, "IMP001", Level.ERROR, "Tidak ada baris data di bawah baris judul.")]
    return entries, []


def _fill_merged(sheet: Any, layout: Layout) -> list[list[Any]]:
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
    place, _, day = text.rpartition(",")
    if place and len(place.split()) <= 4 and parse_date(day.strip())[0] is not None:
        return True
    return bool(re.match(r"^[A-Z]\.\s|^[IVX]+\.\s", text)) or bool(_SIGNATURE.search(text)) and len(text.split()) <= 8
