"""The report as an Excel workbook: one sheet per section, typed cells (dates, integers, shares).
Every cell is written through cells.put, so text that looks like a formula stays text.

The flat DIK list (one row per record) is a workbook of its own (`render_dik_xlsx`), not a sheet
of every period's report: at 10,000 records it was three quarters of each workbook."""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
import re
import zipfile
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from registri.report.cells import put, put_row
from registri.report.figures import Report
from registri.report.tables import Section, Table, report_sections

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"date": "DD-MM-YYYY", "pct": "0.0%", "num": "0.0", "int": "0"}
DIK_SHEET = "Daftar DIK"


def sheet_name(number: str, title: str) -> str:
    name = f"{number} {title}" if number else title
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def _widths(sheet, widths: dict[int, int]) -> None:
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width


def _column_styles(sheet, table: Table) -> list:
    """Per column, the style its body cells get (number format or wrapped text), or None.

    Assigning a Font/Alignment to a cell makes openpyxl hash the style object to find its index:
    most of the time of a sheet of 100,000 cells. The style is made once on a scratch cell and
    copied (`cell._style = copy(...)`, openpyxl's own way to copy a cell's style)."""
    found = []
    for column in table.columns:
        if column.kind in FORMATS or column.kind == "text":
            scratch = Cell(sheet)
            if column.kind in FORMATS:
                scratch.number_format = FORMATS[column.kind]
            else:
                scratch.alignment = WRAP
            found.append(scratch._style)
        else:
            found.append(None)
    return found


def _body(sheet, line: int, table: Table, widths: dict[int, int]) -> int:
    """The header row at `line`, then the rows; returns the last line written."""
    put_row(sheet, line, [c.label for c in table.columns])
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=line, column=index)
        cell.font, cell.fill = BOLD, HEAD_FILL
        widths[index] = max(widths.get(index, 8), len(column.label) + 2)
    if not table.rows:
        line += 1
        put(sheet, line, 1, table.empty)
    styles = _column_styles(sheet, table)
    kinds = [c.kind for c in table.columns]
    longest = [0] * len(table.columns)
    for row in table.rows:
        line += 1
        for index, value in enumerate(row):
            if value is None:
                continue
            cell = put(sheet, line, index + 1, value)
            if styles[index] is None:
                pass
            elif kinds[index] == "text" and not isinstance(value, str):
                cell.alignment = WRAP               # keep the number format openpyxl gave a date or number
            else:
                quoted = cell.quotePrefix          # put() marks formula-shaped text: keep the mark
                cell._style = copy(styles[index])
                if quoted:
                    cell.quotePrefix = True
            size = len(value) if isinstance(value, str) else len(str(value))
            if size > longest[index]:
                longest[index] = size
    for index, size in enumerate(longest, start=1):
        if size:
            widths[index] = max(widths.get(index, 8), min(60, size + 2))
    return line


def write_tables(sheet, heading: str, tables: Iterable[Table]) -> None:
    """Tables one below the other. Rows are counted here: openpyxl's max_row scans every cell."""
    put(sheet, 1, 1, heading).font = TITLE
    line = 1
    widths: dict[int, int] = {}
    for table in tables:
        line += 2
        put(sheet, line, 1, table.title).font = BOLD
        line = _body(sheet, line + 1, table, widths)
    _widths(sheet, widths)


def write_flat(sheet, table: Table) -> None:
    """One table with its header in row 1 and a filter on it: a list to sort and filter, not a page."""
    widths: dict[int, int] = {}
    last = _body(sheet, 1, table, widths)
    sheet.freeze_panes = "B2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{last}"
    _widths(sheet, widths)


def new_workbook(today: dt.date) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    moment = dt.datetime.combine(today, dt.time())     # reproducible document properties
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "Registri"
    return book


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def to_bytes(book: Workbook) -> bytes:
    """The workbook's bytes, the same for the same content: openpyxl stamps the save time into
    docProps/core.xml and every zip entry, so both are set back to the book's own date."""
    buffer = io.BytesIO()
    book.save(buffer)
    moment = book.properties.created or dt.datetime(1980, 1, 1)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return fixed.getvalue()


def render_xlsx(report: Report) -> bytes:
    book = new_workbook(report.identity.today)
    book.properties.title = f"Laporan Pendokumentasian DIK {report.identity.period_name}"
    for section in report_sections(report):
        sheet = book.create_sheet(sheet_name(section.number, section.title))
        write_tables(sheet, f"{section.number}. {section.title}", section.tables)
    return to_bytes(book)


def render_table_xlsx(table: Table, today: dt.date) -> bytes:
    """One flat table (header in row 1, filter on) as a workbook, e.g. the DIK list."""
    book = new_workbook(today)
    book.properties.title = table.title
    write_flat(book.create_sheet(DIK_SHEET), table)
    return to_bytes(book)
