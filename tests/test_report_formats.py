"""The report's formats: PDF (read back as text, one page rendered to PNG), XLSX with typed
cells, CSV with BOM, JSON valid against its schema, Markdown escaped; all reproducible."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import openpyxl
import pypdf
import pytest

from registri.report import compute_report, parse_period
from registri.report.csv_out import render_csv, render_dik_csv
from registri.report.json_out import SCHEMA_FILE, render_json
from registri.report.markdown import md_text, render_markdown
from registri.report.pdf import render_pdf
from registri.report.xlsx import render_xlsx
from test_report_compute import TODAY, trail
from test_report_support import sample_register, with_record

HOSTILE = "<script>alert(1)</script> **tebal** | [tautan](javascript:alert(1)) `kode` _miring_ ~~coret~~ :smile: ==x=="


@pytest.fixture(scope="module")
def report():
    register = sample_register()
    return compute_report(register, trail(register), parse_period("2026-T2"), TODAY)


@pytest.fixture(scope="module")
def pdf_bytes(report) -> bytes:
    return render_pdf(report)


def pdf_text(data: bytes) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_pdf_holds_sections_totals_and_signature(report, pdf_bytes) -> None:
    text = " ".join(pdf_text(pdf_bytes).split())
    for heading in ("I. IDENTITAS LAPORAN", "II. PENERIMAAN LAPORAN", "III. STOK DAN ARUS", "IV. MENURUT DASAR",
                    "VI. JANGKA WAKTU", "VIII. STANDAR WAKTU POS", "IX. KEUTUHAN JEJAK AUDIT",
                    "X. SEPULUH INFORMASI", "XI. PERBANDINGAN", "XII. DAFTAR INFORMASI", "PENGESAHAN"):
        assert heading in text, heading
    s = report.stock
    assert f"Stok awal {s.at_start} + ditambahkan {s.added} − dibuka {s.opened} = {s.at_end}" in text
    assert "Dibuat oleh" in text and "Diterima oleh" in text
    assert "Nurul Hasanah, S.Sos." in text and "Dr. Hendra Wijaya, M.Pd." in text
    assert "Diterima 15 Juni 2026" in text
    pages = len(pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert "commit c0ffee000000" in text
    assert pypdf.PdfReader(io.BytesIO(pdf_bytes)).pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)  # A4


def test_pdf_is_reproducible(report, pdf_bytes) -> None:
    assert render_pdf(report) == pdf_bytes


def test_pdf_streams_are_deflated_bytes_without_an_ascii85_layer(report, pdf_bytes) -> None:
    # Issue 12: ASCII85 made every stream a quarter larger; readers need only FlateDecode.
    from reportlab import rl_config
    assert b"/ASCII85Decode" not in pdf_bytes and pdf_bytes.count(b"/FlateDecode") >= 2
    assert rl_config.useA85 == 1                     # ReportLab's own default is back after a build
    assert "Identitas" in pdf_text(pdf_bytes)        # still read by another PDF library


def test_pdf_first_and_last_pages_render_to_png(pdf_bytes, artifacts: Path) -> None:
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf_bytes)
    for index, name in ((0, "laporan-halaman-1.png"), (len(document) - 1, "laporan-halaman-akhir.png")):
        image = document[index].render(scale=1.4).to_pil()
        image.save(artifacts / name)
        assert image.size[0] > 700 and (artifacts / name).stat().st_size > 10_000


def test_xlsx_has_a_sheet_per_section_and_typed_cells(report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames[0].startswith("I ") and book.sheetnames[11].startswith("XII ")
    assert len(book.sheetnames) == 13 and book.sheetnames[12].startswith("XIII ")   # the DIK list is its own file
    identity = book[book.sheetnames[0]]
    values = {row[1].value: row[2].value for row in identity.iter_rows(min_row=4) if len(row) > 2}
    assert values["Mulai"] == dt.datetime(2026, 4, 1)          # a real date, not text
    stock = book[book.sheetnames[2]]
    counts = {row[0].value: row[2].value for row in stock.iter_rows() if row[0].value in ("stok_awal", "stok_akhir")}
    assert counts == {"stok_awal": report.stock.at_start, "stok_akhir": report.stock.at_end}
    assert all(isinstance(v, int) for v in counts.values())
    timing = book[book.sheetnames[7]]
    shares = [row[8] for row in timing.iter_rows() if isinstance(row[8].value, float)]
    assert shares and shares[0].number_format == "0.0%"


def test_csv_has_bom_and_indonesian_text_intact(report) -> None:
    data = render_csv(report)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["bagian", "judul_bagian", "tabel", "baris", "kolom", "nilai"]
    flat = {(r[2], r[3], r[4]): r[5] for r in rows[1:]}
    assert ("arus", "4", "nilai") in flat and flat[("arus", "4", "nilai")] == str(report.stock.at_end)
    assert any("≤ 3 bulan" == r[5] for r in rows) and any("−" in r[5] for r in rows)


def test_json_validates_against_the_documented_schema(report) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(render_json(report))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["stock"]["at_end"] == report.stock.at_end and data["identity"]["period_start"] == "2026-04-01"
    data["stock"]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_json_is_one_compact_line_holding_the_whole_report(report) -> None:
    # Issue 12: indentation was a sixth of every report JSON on the site; the data stays the same.
    from registri.report.json_out import report_data
    text = render_json(report)
    assert text.endswith("}\n") and text.count("\n") == 1
    assert json.loads(text) == report_data(report)
    assert '{"versi_skema":3,"ok":' in text and '",\n' not in text and '": ' not in text


def test_json_leaves_the_item_list_to_the_items_csv_and_counts_it(report) -> None:
    # Issue 12 (schema 3): section XII was nine tenths of every period's JSON; it is the
    # `…-informasi.csv` of the same report (and a sheet of its XLSX), one row per item.
    from registri.report.csv_out import render_items_csv
    data = json.loads(render_json(report))
    assert "items" not in data and "dik" not in data and report.items
    assert data["items_count"] == len(report.items)
    rows = list(csv.reader(io.StringIO(render_items_csv(report).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 == data["items_count"] and {r[0] for r in rows[1:]} == {i.id for i in report.items}


def test_same_inputs_give_byte_identical_text_outputs() -> None:
    register = sample_register()
    first = compute_report(register, trail(register), parse_period("2026"), TODAY)
    second = compute_report(sample_register(), trail(register), parse_period("2026"), TODAY)
    assert render_csv(first) == render_csv(second)
    assert render_dik_csv(first) == render_dik_csv(second)
    assert render_json(first) == render_json(second)
    assert render_markdown(first) == render_markdown(second)


def test_same_inputs_give_byte_identical_workbooks(report) -> None:
    import time
    first = render_xlsx(report)
    time.sleep(1.1)                       # openpyxl would stamp a new save time into the file
    assert render_xlsx(report) == first
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.modified == book.properties.created == dt.datetime(2026, 11, 26)


def test_markdown_escapes_hostile_record_values() -> None:
    register = with_record(sample_register(), "DIK-2026-003", judul=HOSTILE)
    text = render_markdown(compute_report(register, trail(register), parse_period("2026"), TODAY))
    assert "<script>" not in text and "**tebal**" not in text and "[tautan]" not in text and "`kode`" not in text
    line = next(line for line in text.splitlines() if "DIK-2026-003" in line and "alert" in line)
    assert line.count(" | ") == line.count("|") - 2 or "&#124;" in line     # the title adds no table cell
    assert md_text("- daftar") == "&#45; daftar" and md_text("1. satu").startswith("&#49;")


def test_escaped_markdown_renders_as_plain_text_in_mkdocs_markdown() -> None:
    import markdown
    html = markdown.markdown(f"| a |\n| --- |\n| {md_text(HOSTILE)} |", extensions=["tables"])
    assert "<script>" not in html and "<strong>" not in html and "<a " not in html and "<code>" not in html
    import html as html_lib
    cell = html.split("<td>")[1].split("</td>")[0]
    assert html_lib.unescape(cell) == HOSTILE        # shown to the reader exactly as written


def test_pdf_falls_back_to_helvetica_without_dejavu(report, monkeypatch, tmp_path) -> None:
    from registri.report import pdfkit
    pdfkit.fonts.cache_clear()
    monkeypatch.setattr(pdfkit, "DEJAVU", tmp_path)          # no fonts there
    try:
        text = pdf_text(render_pdf(report))
    finally:
        pdfkit.fonts.cache_clear()
    assert "PENGESAHAN" in text and "<= 3 bulan" in text and "≤" not in text
