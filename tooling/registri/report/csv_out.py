"""The report as CSV files for spreadsheets (cells.py: `;`, UTF-8 with BOM, formula-safe text).

Three files per report:
- the long file, one row per table cell: bagian, judul_bagian, tabel, baris, kolom, nilai. A
  single file keeps the figures of every section together (one download, one attachment) and
  stays easy to filter or pivot. The item list of section XII is not in it: one row per cell made
  a year of 9,000 items 7.7 MB of repeated section names;
- the item list (`…-informasi.csv`), section XII with one row per item, one column per field;
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
ITEM_LIST = "daftar"          # section XII's table: a file of its own


def long_rows(sections: Iterable[Section]) -> Iterable[tuple[Any, ...]]:
    for section in sections:
        for table in section.tables:
            if table.key == ITEM_LIST:
                continue
            for number, row in enumerate(table.rows, start=1):
                for column, value in zip(table.columns, row):
                    yield (section.number, section.title, table.key, number, column.key, value)


def table_csv(table: Table) -> bytes:
    """One table as its own CSV: the column keys as the header row, one line per row."""
    return csv_bytes(tuple(c.key for c in table.columns), table.rows)


def render_csv(report: Report) -> bytes:
    return csv_bytes(HEADER, long_rows(report_sections(report)))


def render_items_csv(report: Report) -> bytes:
    """Section XII, the items that changed in the period, one row per item."""
    return table_csv(next(t for s in report_sections(report) for t in s.tables if t.key == ITEM_LIST))


def render_dik_csv(report: Report) -> bytes:
    return table_csv(dik_table(report))
