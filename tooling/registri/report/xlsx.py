"""The report as an Excel workbook: one sheet per section, typed cells (dates, integers, shares).

Written with XlsxWriter, which only writes (about three times faster than openpyxl for the
100,000-cell sheets of a large register) and never reads text as a formula: every string goes
through `write_string`, and formula-shaped text also gets Excel's quote prefix (cells.py says
why). openpyxl stays the library that *reads* workbooks (imports, tests).

The flat DIK list (one row per record) is a workbook of its own (`render_table_xlsx`), not a sheet
of every period's report: at 10,000 records it was three quarters of each workbook.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Iterable

import xlsxwriter

from registri.report.cells import looks_like_formula, xlsx_value
from registri.report.figures import Report
from registri.report.tables import Table, report_sections

HEAD = {"bold": True, "bg_color": "#D9E2F3"}
TITLE = {"bold": True, "font_size": 13}
BOLD = {"bold": True}
WRAP = {"text_wrap": True, "valign": "top"}
FORMATS = {"date": "DD-MM-YYYY", "moment": "DD-MM-YYYY HH:MM", "pct": "0.0%", "num": "0.0", "int": "0"}
QUOTE = {"quote_prefix": True}
MIDNIGHT = dt.time()
DIK_SHEET = "Daftar DIK"


def sheet_name(number: str, title: str) -> str:
    name = f"{number} {title}" if number else title
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


class Book:
    """One workbook in memory, its formats made once, the same bytes for the same content."""

    def __init__(self, today: dt.date, title: str) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})
        # Reproducible document properties: the report's own day, not the moment it was written.
        self.book.set_properties({"title": title, "author": "Registri", "created": dt.datetime.combine(today, dt.time())})
        self._formats: dict[tuple, Any] = {}

    def format(self, *parts: dict | None):
        props: dict = {}
        for part in parts:
            props.update(part or {})
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.book.add_format(props) if props else None
        return self._formats[key]

    def writer(self, style: dict | None = None):
        """A function writing one cell (0-based) in `style`: text always a string cell, formula-shaped
        text with the quote prefix; numbers, yes/no and dates typed. Formats are looked up once here."""
        plain, quoted = self.format(style), self.format(style, QUOTE)
        day, moment = self.format(style, {"num_format": FORMATS["date"]}), self.format(style, {"num_format": FORMATS["moment"]})

        def write(sheet, row: int, column: int, value: Any) -> None:
            value = xlsx_value(value)
            if value is None:
                return
            if isinstance(value, str):
                sheet.write_string(row, column, value, quoted if looks_like_formula(value) else plain)
            elif isinstance(value, bool):
                sheet.write_boolean(row, column, value, plain)
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(row, column, value, day if value.time() == MIDNIGHT else moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row, column, dt.datetime.combine(value, MIDNIGHT), day)
            elif isinstance(value, (int, float)):
                sheet.write_number(row, column, value, plain)
            else:
                sheet.write_string(row, column, str(value), plain)

        return write

    def put(self, sheet, row: int, column: int, value: Any, style: dict | None = None) -> None:
        self.writer(style)(sheet, row, column, value)

    def body(self, sheet, line: int, table: Table, widths: dict[int, int]) -> int:
        """The header row at `line` (0-based), then the rows; returns the last line written."""
        head = self.format(HEAD)
        for index, column in enumerate(table.columns):
            sheet.write_string(line, index, column.label, head)
            widths[index] = max(widths.get(index, 8), len(column.label) + 2)
        if not table.rows:
            line += 1
            self.put(sheet, line, 0, table.empty)
        writers = [self.writer({"num_format": FORMATS[c.kind]} if c.kind in ("pct", "num", "int") else
                               WRAP if c.kind == "text" else None) for c in table.columns]
        longest = [0] * len(table.columns)
        for row in table.rows:
            line += 1
            for index, value in enumerate(row):
                if value is None:
                    continue
                writers[index](sheet, line, index, value)
                size = len(value) if isinstance(value, str) else len(str(value))
                if size > longest[index]:
                    longest[index] = size
        for index, size in enumerate(longest):
            if size:
                widths[index] = max(widths.get(index, 8), min(60, size + 2))
        return line

    def tables_sheet(self, name: str, heading: str, tables: Iterable[Table]) -> None:
        """Tables one below the other under a heading."""
        sheet = self.book.add_worksheet(name)
        self.put(sheet, 0, 0, heading, TITLE)
        line = 0
        widths: dict[int, int] = {}
        for table in tables:
            line += 2
            self.put(sheet, line, 0, table.title, BOLD)
            line = self.body(sheet, line + 1, table, widths)
        _widths(sheet, widths)

    def flat_sheet(self, name: str, table: Table) -> None:
        """One table with its header in row 1 and a filter on it: a list to sort and filter, not a page."""
        sheet = self.book.add_worksheet(name)
        widths: dict[int, int] = {}
        last = self.body(sheet, 0, table, widths)
        sheet.freeze_panes(1, 1)
        if table.rows:
            sheet.autofilter(0, 0, last, len(table.columns) - 1)
        _widths(sheet, widths)

    def to_bytes(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _widths(sheet, widths: dict[int, int]) -> None:
    for index, width in widths.items():
        sheet.set_column(index, index, width)


def render_xlsx(report: Report) -> bytes:
    book = Book(report.identity.today, f"Laporan Pendokumentasian DIK {report.identity.period_name}")
    for section in report_sections(report):
        book.tables_sheet(sheet_name(section.number, section.title), f"{section.number}. {section.title}", section.tables)
    return book.to_bytes()


def render_table_xlsx(table: Table, today: dt.date, sheet: str = DIK_SHEET, heading: str | None = None) -> bytes:
    """One table as a workbook: flat (header in row 1, filter on), or under `heading`."""
    book = Book(today, table.title)
    if heading is None:
        book.flat_sheet(sheet, table)
    else:
        book.tables_sheet(sheet, heading, [table])
    return book.to_bytes()
