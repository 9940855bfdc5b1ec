"""Every value Registri writes into a spreadsheet cell passes here: one rule for CSV and XLSX.

Two jobs, both about what happens when an office opens the file in Excel:

1. **Formula injection** (OWASP "CSV injection"). A record's text is typed by people and may
   start with `=`, `+`, `-`, `@`, a tab or a carriage return (`=HYPERLINK(…)`,
   `=cmd|' /C calc'!A0`, a DDE payload). A spreadsheet evaluates such a cell as a formula.
   Registri shows it as text, readable as written:
   - XLSX: a string cell (written as a string, never as a formula; xlsx.py) with Excel's own
     *quote prefix* style set, so the cell shows the text exactly and stays text even when someone edits it (F2,
     Enter). Nothing is added to the text.
   - CSV: a CSV has no types, so the text gets the neutralisation OWASP recommends: a leading
     apostrophe (`'=HYPERLINK(…)`), and the field is quoted. We chose the apostrophe over a
     leading tab: a tab is invisible, is stripped by some import wizards (which makes the formula
     live again) and changes what a machine reading the file sees without showing why; the
     apostrophe is visible, is what Excel itself uses to mark "text", and a reader can remove it
     knowing the rule (`neutralised()` below is that rule, tested both ways).
   Numbers, dates and yes/no stay typed values and are never prefixed: a negative count stays
   the number -3; only *text* that looks like a formula is neutralised.

2. **Indonesian Excel.** Under Indonesian regional settings Excel's list separator is `;` and its
   decimal separator is `,`. A comma-separated file opens there as one column, and a decimal
   point is read as a thousands separator (12.5 becomes 125). Registri's CSVs therefore use
   `;` between fields, a decimal comma in fractional numbers, ISO dates (YYYY-MM-DD, which Excel
   reads as dates in every locale), CRLF line ends, and UTF-8 with a byte-order mark (BOM) so
   Excel reads Indonesian text and symbols (≤, −, é) as UTF-8 rather than the ANSI code page.
   We do **not** write a `sep=;` first line. It is an Excel-only hint, honoured only when Excel
   opens the file itself; it is widely reported not to combine with the BOM (depending on the
   version, either the hint or the BOM is ignored, so the columns or the text break — we could
   not try Excel here, so we do not rely on either behaviour); and every other reader
   (LibreOffice, pandas, Python's csv, Excel's own Data > From Text/CSV) shows it as a data row.
   BOM + `;` needs no hint: it opens in columns on a double-click under Indonesian settings, and
   imports cleanly everywhere else when the separator `;` is named (docs/panduan/excel.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any, Iterable

CSV_DELIMITER = ";"
CSV_ENCODING = "utf-8-sig"           # UTF-8 with BOM
CSV_LINE_END = "\r\n"

# The characters that make a spreadsheet read a cell as a formula or a command (OWASP), plus
# their full-width forms, which some Excel versions normalise to the ASCII ones.
FORMULA_START = frozenset("=+-@\t\r\n" "\uff1d\uff0b\uff0d\uff20")
# Excel skips leading spaces when it decides whether typed text is a formula (" =1+1").
_LEADING_BLANKS = " \u00a0"
# XML 1.0 forbids these control characters; a workbook holding them does not open. YAML's "\x07" escapes can put
# them in a record, so they are shown as U+FFFD instead of failing the whole workbook.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    if first in FORMULA_START:
        return True
    if first not in _LEADING_BLANKS:
        return False
    stripped = text.lstrip(_LEADING_BLANKS)
    return bool(stripped) and stripped[0] in FORMULA_START


def neutralised(text: str) -> str:
    """The CSV form of a text cell: a leading apostrophe when it would be read as a formula."""
    return "'" + text if looks_like_formula(text) else text


def csv_value(value: Any) -> str:
    """One typed value as CSV text (Indonesian Excel conventions, see the module docstring)."""
    if type(value) is str:           # most cells: the fast path
        return neutralised(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return neutralised(str(value))


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    """A whole CSV file: `;`-separated, every value through csv_value, UTF-8 with BOM, CRLF.

    QUOTE_ALL, as OWASP recommends alongside the apostrophe: a field can never end early at a
    separator, quote or line break inside the text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator=CSV_LINE_END, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_value(h) for h in header])
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return buffer.getvalue().encode(CSV_ENCODING)


def read_csv(data: bytes) -> list[list[str]]:
    """Read a Registri CSV back the way Excel's import does with the documented settings."""
    return list(csv.reader(io.StringIO(data.decode(CSV_ENCODING), newline=""), delimiter=CSV_DELIMITER))


# An Excel cell holds at most 32,767 characters (UTF-16 units). Longer text would be cut without a
# word by the writer; it is cut here and says so, so nobody takes the cell for the whole text.
XLSX_TEXT_LIMIT = 32767
XLSX_CUT_NOTE = " … [terpotong: sel Excel memuat paling banyak 32.767 karakter; teks lengkap ada di catatan]"


def xlsx_value(value: Any) -> Any:
    """What the workbook writer is given for one value: typed values as they are, text made XML-safe
    and cut, with a note, to what a cell holds."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        text = _ILLEGAL_XML.sub("\ufffd", value)
        if len(text) > XLSX_TEXT_LIMIT // 2 and len(text.encode("utf-16-le")) // 2 > XLSX_TEXT_LIMIT:
            room, units = XLSX_TEXT_LIMIT - len(XLSX_CUT_NOTE), 0
            for cut, char in enumerate(text):
                units += 2 if ord(char) > 0xFFFF else 1      # beyond the BMP: two UTF-16 units
                if units > room:
                    break
            text = text[:cut] + XLSX_CUT_NOTE
        return text
    return value
