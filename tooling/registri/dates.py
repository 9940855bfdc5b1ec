"""Dates as Indonesian offices write them, read into `datetime.date` with one clear problem sentence.

One parser for every face that takes a date from a person: `registri import` (CSV/XLSX cells),
`registri new` and the desk. Accepted: ISO `2026-03-12`; day first `12/03/2026`, `12-03-2026`,
`12.03.2026`; month names `12 Maret 2026`, `12 Mar 2026`, `Kamis, 12 Maret 2026`,
`12 Maret 2026 M`; English month names (unambiguous); real date cells (date/datetime) and
Excel serial day numbers. A two-digit year or a month-first date is refused with a hint,
never guessed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
# Every common spelling of each month (lower case), Indonesian first, then English.
_MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate((
        ("januari", "jan", "january"),
        ("februari", "feb", "pebruari", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "agst", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nov", "nop", "nopember"),
        ("desember", "des", "dec", "december")), start=1):
    for _name in _names:
        _MONTH_NAMES[_name] = _number

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad")
HINT = "tulis mis. 2026-03-12, 12/03/2026 atau 12 Maret 2026"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})$")
_NAMED = re.compile(r"^(\d{1,2})\s*[\s.\-/]\s*([A-Za-z']+)\.?\s*[\s.\-/,]\s*(\d{2,4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)   # Excel's day 0 (it counts the non-existent 29 Feb 1900)


def long_date(day: dt.date) -> str:
    """`12 Maret 2026`: how a date is written in Indonesian letters."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def parse_date(value: Any) -> tuple[dt.date | None, str | None]:
    """The date `value` names, or None and one Indonesian sentence saying what is wrong.

    `value` is what a person typed or a spreadsheet cell held (str, date, datetime, or an
    Excel serial day number). An empty value is a problem too ("kosong"); callers that allow
    an empty field check for that first.
    """
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, f"'{value}' bukan tanggal; {HINT}."
    if isinstance(value, (int, float)):
        return _excel_serial(value)
    text = " ".join(str(value or "").split())
    if not text:
        return None, f"tanggal kosong; {HINT}."
    text = _strip_weekday(text).rstrip(". ")
    text = re.sub(r"\s+(m|masehi)$", "", text, flags=re.IGNORECASE)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
        return _build(year, month, day, text)
    if match := _NUMERIC.match(text):
        day, month, year_text = match.groups()
        return _day_first(int(day), int(month), year_text, text)
    if match := _NAMED.match(text):
        day, name, year_text = match.groups()
        month = _MONTH_NAMES.get(name.lower().rstrip("."))
        if month is None:
            return None, _unknown_month(name, text)
        if len(year_text) != 4:
            return None, f"'{text}': tahun harus ditulis empat angka, mis. {int(day)} {MONTHS[month - 1]} 20{year_text[-2:]}."
        return _build(int(year_text), month, int(day), text)
    if re.fullmatch(r"\d{8}", text):
        return None, f"'{text}' tidak jelas urutannya; beri pemisah: {text[:4]}-{text[4:6]}-{text[6:]} atau {text[:2]}/{text[2:4]}/{text[4:]}."
    if re.fullmatch(r"\d{4}", text):
        return None, f"'{text}' hanya tahun; tulis tanggal lengkap surat itu, mis. 12 Maret {text}."
    return None, f"'{text}' bukan tanggal yang dikenal; {HINT}."


def _strip_weekday(text: str) -> str:
    head, _, rest = text.partition(",")
    if rest and head.strip().lower() in WEEKDAYS:
        return rest.strip()
    first, _, rest = text.partition(" ")
    return rest.strip() if rest and first.lower().rstrip(",") in WEEKDAYS else text


def _day_first(day: int, month: int, year_text: str, text: str) -> tuple[dt.date | None, str | None]:
    if len(year_text) != 4:
        return None, (f"'{text}': tahun harus ditulis empat angka, mis. {day:02d}/{month:02d}/20{year_text[-2:]} "
                      "(hari/bulan/tahun).")
    year = int(year_text)
    if month > 12 and day <= 12:
        return None, (f"'{text}': bulan {month} tidak ada. Tanggal ditulis hari/bulan/tahun; bila yang dimaksud "
                      f"{day} {MONTHS[day - 1]}, tulis {month:02d}/{day:02d}/{year} atau {month} {MONTHS[day - 1]} {year}.")
    return _build(year, month, day, text)


def _build(year: int, month: int, day: int, text: str) -> tuple[dt.date | None, str | None]:
    if not 1 <= month <= 12:
        return None, f"'{text}': bulan {month} tidak ada (1 sampai 12); {HINT}."
    if not 1900 <= year <= 2100:
        return None, f"'{text}': tahun {year} tidak masuk akal; tulis tahun empat angka."
    try:
        return dt.date(year, month, day), None
    except ValueError:
        last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        return None, (f"'{text}': tanggal {day} {MONTHS[month - 1]} {year} tidak ada ({MONTHS[month - 1]} {year} "
                      f"hanya sampai tanggal {last}). Periksa kembali tanggal pada suratnya.")


def _unknown_month(name: str, text: str) -> str:
    close = difflib.get_close_matches(name.lower(), [m.lower() for m in MONTHS], n=1, cutoff=0.6)
    if close:
        right = MONTHS[[m.lower() for m in MONTHS].index(close[0])]
        return f"'{text}': nama bulan '{name}' tidak dikenal; maksudnya {right}? Tulis mis. {text.replace(name, right)}."
    return f"'{text}': nama bulan '{name}' tidak dikenal; tulis nama bulan Indonesia, mis. 12 Maret 2026."


def _excel_serial(number: float) -> tuple[dt.date | None, str | None]:
    # A date cell saved as a plain number (Excel shows 46093 for 12 March 2026).
    if number != int(number) or not 20000 <= number <= 80000:
        return None, f"'{number:g}' bukan tanggal; {HINT}."
    return _EXCEL_EPOCH + dt.timedelta(days=int(number)), None
