"""The report as one long CSV file (UTF-8 with BOM so spreadsheets show Indonesian text intact).

One row per table cell: bagian, tabel, baris, kolom, nilai. A single file keeps every section of
one report together (one download, one attachment) and stays easy to filter or pivot; dates are
YYYY-MM-DD, shares are decimals 0..1 with a point, empty means "no value".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any, Iterable

from registri.report.figures import Report
from registri.report.tables import Section, report_sections

HEADER = ("bagian", "judul_bagian", "tabel", "baris", "kolom", "nilai")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def long_rows(sections: Iterable[Section]) -> Iterable[tuple]:
    for section in sections:
        for table in section.tables:
            for number, row in enumerate(table.rows, start=1):
                for column, value in zip(table.columns, row):
                    yield (section.number, section.title, table.key, number, column.key, _cell(value))


def write_csv(header: tuple, rows: Iterable[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def render_csv(report: Report) -> bytes:
    return write_csv(HEADER, long_rows(report_sections(report)))
