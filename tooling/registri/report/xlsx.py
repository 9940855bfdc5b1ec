"""The report as an Excel workbook: one sheet per section, typed cells (dates, integers, shares)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from registri.report.figures import Report
from registri.report.tables import Column, Section, Table, report_sections

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEAD_FILL = PatternFill("solid", fgColor="D9E2F3")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {"date": "DD-MM-YYYY", "pct": "0.0%", "num": "0.0", "int": "0"}


def _value(value: Any, column: Column) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _sheet_name(section: Section) -> str:
    name = f"{section.number} {section.title}"
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:31]


def write_tables(sheet, heading: str, tables: Iterable[Table]) -> None:
    """Tables one below the other. Rows are counted here: openpyxl's max_row scans every cell."""
    sheet.append([heading])
    sheet.cell(row=1, column=1).font = TITLE
    line = 1
    widths: dict[int, int] = {}
    for table in tables:
        sheet.append([])
        sheet.append([table.title])
        line += 2
        sheet.cell(row=line, column=1).font = BOLD
        sheet.append([c.label for c in table.columns])
        line += 1
        for index in range(1, len(table.columns) + 1):
            cell = sheet.cell(row=line, column=index)
            cell.font, cell.fill = BOLD, HEAD_FILL
        if not table.rows:
            sheet.append([table.empty])
            line += 1
        for row in table.rows:
            sheet.append([_value(v, c) for v, c in zip(row, table.columns)])
            line += 1
            for index, (value, column) in enumerate(zip(row, table.columns), start=1):
                if value is None:
                    continue
                if column.kind in FORMATS:
                    sheet.cell(row=line, column=index).number_format = FORMATS[column.kind]
                elif column.kind == "text":
                    sheet.cell(row=line, column=index).alignment = WRAP
                widths[index] = max(widths.get(index, 8), min(60, len(str(value)) + 2))
        for index, column in enumerate(table.columns, start=1):
            widths[index] = max(widths.get(index, 8), len(column.label) + 2)
    for index, width in widths.items():
        sheet.column_dimensions[get_column_letter(index)].width = width


def new_workbook(today: dt.date) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    moment = dt.datetime.combine(today, dt.time())     # reproducible document properties
    book.properties.created = book.properties.modified = moment
    book.properties.creator = "Registri"
    return book


def to_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def render_xlsx(report: Report) -> bytes:
    book = new_workbook(report.identity.today)
    book.properties.title = f"Laporan Pendokumentasian DIK {report.identity.period_name}"
    for section in report_sections(report):
        sheet = book.create_sheet(_sheet_name(section))
        write_tables(sheet, f"{section.number}. {section.title}", section.tables)
    return to_bytes(book)
