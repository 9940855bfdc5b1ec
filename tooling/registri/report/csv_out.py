"""The report as CSV files for spreadsheets (cells.py: `;`, UTF-8 with BOM, formula-safe text).

Two files per report:
- the long file, one row per table cell: bagian, judul_bagian, tabel, baris, kolom, nilai. A
  single file keeps every section of one report together (one download, one attachment) and
  stays easy to filter or pivot;
- the flat DIK file (`…-dik.csv`), one row per record in the DIK during the period, one column
  per field, for sorting and filtering the list itself.
Dates are YYYY-MM-DD, fractional numbers have a decimal comma, yes/no is `ya`/`tidak`, empty
means "no value".
"""

from __future__ import annotations

from typing import Any, Iterable

from registri.report.cells import csv_bytes
from registri.report.figures import Report
from registri.report.tables import Section, Table, dik_table, report_sections

HEADER = ("bagian", "judul_bagian", "tabel", "baris", "kolom", "nilai")


def long_rows(sections: Iterable[Section]) -> Iterable[tuple[Any, ...]]:
    for section in sections:
        for table in section.tables:
            for number, row in enumerate(table.rows, start=1):
                for column, value in zip(table.columns, row):
                    yield (section.number, section.title, table.key, number, column.key, value)


def table_csv(table: Table) -> bytes:
    """One table as its own CSV: the column keys as the header row, one line per row."""
    return csv_bytes(tuple(c.key for c in table.columns), table.rows)


def render_csv(report: Report) -> bytes:
    return csv_bytes(HEADER, long_rows(report_sections(report)))


def render_dik_csv(report: Report) -> bytes:
    return table_csv(dik_table(report))
