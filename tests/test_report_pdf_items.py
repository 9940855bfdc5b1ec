"""A period's PDF and page stay readable at 10,000 records (issue 12): beyond ITEM_LIST_LIMIT rows
the item list (section XII) is not printed nor shown; the PDF and the Markdown page say how many
items there are and that the full list is in the same report's XLSX (and CSV), which still hold
every row."""

from __future__ import annotations

import io

import openpyxl
import pypdf

import registri.report.pdf as pdf
import registri.report.tables as tables
from registri.report.markdown import render_markdown
from registri.report.compute import compute_report
from registri.report.period import parse_period
from registri.report.xlsx import render_xlsx
from test_report_compute import TODAY, trail
from test_report_support import sample_register


def text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def report():
    register = sample_register()
    return compute_report(register, trail(register), parse_period("2026"), TODAY)


def test_a_short_item_list_is_printed_in_full():
    made = report()
    assert 0 < len(made.items) <= tables.ITEM_LIST_LIMIT
    printed = text(pdf.render_pdf(made))
    assert made.items[0].id in printed and "lihat lembar" not in printed
    page = render_markdown(made)
    assert made.items[-1].id.replace("-", "&#45;") in page or made.items[-1].id in page
    assert "lihat lembar" not in page


def test_a_long_item_list_moves_to_the_xlsx_with_a_pointer(monkeypatch):
    made = report()
    monkeypatch.setattr(tables, "ITEM_LIST_LIMIT", 1)
    printed = " ".join(text(pdf.render_pdf(made)).split())
    assert f"{len(made.items)} informasi" in printed and "XLSX" in printed and "XII" in printed
    assert "tidak dimuat di PDF ini" in printed and made.items[-1].id not in printed
    page = render_markdown(made)
    assert "tidak dimuat di halaman ini" in page and f"{len(made.items)} informasi" in page
    assert made.items[-1].id not in page and made.items[-1].id.replace("-", "&#45;") not in page
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(made)))
    sheet = next(s for s in book.worksheets if s.title.startswith("XII"))
    ids = {row[0] for row in sheet.iter_rows(values_only=True)}
    assert {item.id for item in made.items} <= ids
