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
    sheet.append([heading])
    sheet.cell(row=1, column=1).font = TITLE
    widths: dict[int, int] = {}
    for table in tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        sheet.append([c.label for c in table.columns])
        for index in range(1, len(table.columns) + 1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            cell.font, cell.fill = BOLD, HEAD_FILL
        if not table.rows:
            sheet.append([table.empty])
        for row in table.rows:
            sheet.append([_value(v, c) for v, c in zip(row, table.columns)])
            line = sheet.max_row
            for index, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=line, column=index)
                if column.kind in FORMATS and cell.value is not None:
                    cell.number_format = FORMATS[column.kind]
                if column.kind == "text":
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                widths[index] = max(widths.get(index, 8), min(60, len(str(cell.value or "")) + 2))
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
