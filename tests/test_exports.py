"""What leaves the register as a spreadsheet cannot run code, and opens in columns in Indonesian Excel.

A register whose every text field starts like a formula (=, +, -, @, tab, carriage return, a DDE
payload) is written to every CSV and XLSX Registri makes; the files are read back with openpyxl
and Python's csv exactly as Excel's import reads them (UTF-8 with BOM, separator `;`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from registri.report import compute_report, parse_period
from registri.report.cells import CSV_DELIMITER, looks_like_formula, neutralised, read_csv
from registri.report.csv_out import HEADER, render_csv, render_dik_csv
from registri.report.public import public_dik, render_public
from registri.report.site import report_files
from registri.report.tables import DIK_COLUMNS, dik_table
from registri.report.xlsx import render_table_xlsx, render_xlsx
from test_report_compute import TODAY, trail
from test_report_support import sample_register

PREFIXES = ("=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!A0 ", " =")
# Enumerations the report computes with; every other text leaf of every record is replaced.
KEEP = {"id", "status", "laporan", "klasifikasi.keamanan", "dibuka.alasan", "uji_konsekuensi.waktu",
        "klasifikasi.jangka_waktu.jenis", "sumber.jenis"}


def _formula_text(n: int) -> str:
    return f'{PREFIXES[n % len(PREFIXES)]}HYPERLINK("http://contoh.example/{n}","Klik") RUMUS{n:04d}'


def _plant(value, path: str, planted: dict[str, str]):
    if isinstance(value, dict):
        return {k: _plant(v, f"{path}.{k}" if path else k, planted) for k, v in value.items()}
    if isinstance(value, list):
        return [_plant(v, path, planted) if isinstance(v, (dict, list)) or path != "klasifikasi.pasal" else v
                for v in value]
    if isinstance(value, str) and path not in KEEP and not path.startswith("abaikan_aturan"):
        text = _formula_text(len(planted))
        planted[text] = path
        return text
    return value


@pytest.fixture(scope="module")
def hostile():
    register = sample_register()
    planted: dict[str, str] = {}
    records = tuple(dataclasses.replace(r, data=_plant(r.data, "", planted)) for r in register.records)
    office = register.office
    names = {"name": "=HYPERLINK(\"http://contoh.example/kantor\",\"Kantor\") RUMUSKANTOR",
             "public_body": "@SUM(1+1) RUMUSBADAN", "city": "-Banjarbaru RUMUSKOTA"}
    planted |= {text: f"kantor.{key}" for key, text in names.items()}
    register = dataclasses.replace(register, records=records, office=dataclasses.replace(office, **names))
    assert len(planted) > 150 and {"judul", "uji_konsekuensi.jika_dibuka", "unit_penguasa"} <= set(planted.values())
    return register, planted


def _exports(register) -> dict[str, bytes]:
    report = compute_report(register, trail(register), parse_period("2026"), TODAY)
    dik = public_dik(register, TODAY)
    files = {"laporan.csv": render_csv(report), "laporan-dik.csv": render_dik_csv(report),
             "laporan.xlsx": render_xlsx(report), "laporan-dik.xlsx": render_table_xlsx(dik_table(report), TODAY), "dik-publik.csv": render_public(dik, "csv"),
             "dik-publik.xlsx": render_public(dik, "xlsx")}
    site = report_files(register, trail(register), TODAY, run_audit=False)
    files |= {name: content for name, content in site.items() if name.endswith((".csv", ".xlsx"))}
    return files


def _numberlike(text: str) -> bool:
    return re.fullmatch(r"-?\d+(,\d+)?", text) is not None


def test_every_export_shows_formula_shaped_text_as_text(hostile) -> None:
    register, planted = hostile
    files = _exports(register)
    assert any(n.startswith("laporan/unduh/") for n in files) and any(n.startswith("publik/") for n in files)
    for name, content in files.items():
        found: set[str] = set()
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(content))
            for sheet in book:
                for row in sheet.iter_rows():
                    for cell in row:
                        assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
                        if isinstance(cell.value, str) and cell.value in planted:
                            found.add(cell.value)                      # intact: exactly as written
                            assert cell.quotePrefix, (name, cell.coordinate)
            with zipfile.ZipFile(io.BytesIO(content)) as archive:     # no <f> element in any sheet's XML
                assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in archive.namelist()
                               if n.startswith("xl/worksheets/"))
        else:
            assert content.startswith(b"\xef\xbb\xbf")
            for row in read_csv(content):
                for field in row:
                    # No field starts a formula; the only ones starting with a trigger are numbers.
                    assert not looks_like_formula(field) or _numberlike(field), (name, field)
                    if field.startswith("'") and field[1:] in planted:
                        found.add(field[1:])                           # the text behind the apostrophe, intact
                    assert field not in planted, (name, field)         # never raw
        assert found, name
        if name in ("laporan-dik.csv", "laporan-dik.xlsx", "laporan.xlsx", "dik-publik.csv", "dik-publik.xlsx",
                    "laporan/unduh/daftar-dik.csv", "laporan/unduh/daftar-dik.xlsx"):
            assert any(planted[t] == "judul" for t in found), name     # titles came through as text


def test_numbers_and_dates_stay_typed_in_the_hostile_workbook(hostile) -> None:
    register, _ = hostile
    report = compute_report(register, trail(register), parse_period("2026"), TODAY)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    stock = book[book.sheetnames[2]]
    values = {row[0].value: row[2].value for row in stock.iter_rows() if row[0].value in ("stok_awal", "stok_akhir")}
    assert values == {"stok_awal": report.stock.at_start, "stok_akhir": report.stock.at_end}
    flat = openpyxl.load_workbook(io.BytesIO(render_table_xlsx(dik_table(report), TODAY)))["Daftar DIK"]
    dates = [c.value for c in next(flat.iter_cols(min_col=8, max_col=8, min_row=2))]
    assert dates and all(isinstance(d, dt.datetime) for d in dates if d is not None)
    partial = [c.value for c in next(flat.iter_cols(min_col=18, max_col=18, min_row=2))]
    assert partial and all(isinstance(v, bool) for v in partial)


def test_negative_numbers_are_numbers_not_neutralised_text() -> None:
    from registri.report.cells import csv_bytes, csv_value
    assert csv_value(-3) == "-3" and csv_value(0.25) == "0,25" and csv_value(dt.date(2026, 3, 1)) == "2026-03-01"
    assert csv_value("-3") == "'-3" and csv_value("=1+1") == "'=1+1" and csv_value("Rp 1.250.000") == "Rp 1.250.000"
    rows = read_csv(csv_bytes(("a", "b"), [(-3, "@SUM(A1)")]))
    assert rows == [["a", "b"], ["-3", "'@SUM(A1)"]]


@pytest.mark.parametrize("text", ["=1+1", "+62 811", "-x", "@SUM(A1)", "\tx", "\rx", "\nx", " =1", "\u00a0=1",
                                  "＝1+1", "=cmd|' /C calc'!A0"])
def test_formula_starts_are_recognised(text: str) -> None:
    assert looks_like_formula(text) and neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Hasil asesmen", "17h.4", "2026-03-01", "'kutip", "a=b", "Rp 1.250.000", "–"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text) and neutralised(text) == text


def test_control_characters_do_not_break_the_workbook() -> None:
    from registri.report.tables import Column, Table
    table = Table("t", "Uji", (Column("a", "A", "text"), Column("b", "B", "int"), Column("c", "C", "date")),
                  (("=a\x07b", -3, dt.date(2026, 3, 1)), ("biasa", 7, None)), "kosong")
    sheet = openpyxl.load_workbook(io.BytesIO(render_table_xlsx(table, TODAY)))["Daftar DIK"]
    cell = sheet["A2"]
    assert cell.value == "=a\ufffdb" and cell.data_type == "s" and cell.quotePrefix
    assert sheet["A3"].value == "biasa" and not sheet["A3"].quotePrefix
    assert sheet["B2"].value == -3 and sheet["C2"].value == dt.datetime(2026, 3, 1) and sheet["C2"].is_date


# --- Indonesian Excel: list separator `;`, UTF-8 with BOM ---------------------------------------

@pytest.fixture(scope="module")
def report():
    register = sample_register()
    return compute_report(register, trail(register), parse_period("2026-T2"), TODAY)


def test_every_csv_opens_in_columns_with_a_semicolon_separator(report) -> None:
    dik = public_dik(sample_register(), TODAY)
    for data, header in ((render_csv(report), list(HEADER)), (render_dik_csv(report), [c.key for c in DIK_COLUMNS]),
                         (render_public(dik, "csv"), None)):
        assert data.startswith(b"\xef\xbb\xbf") and not data[3:].lower().startswith(b"sep=")
        text = data.decode("utf-8-sig")
        assert "\r\n" in text and CSV_DELIMITER == ";"
        rows = read_csv(data)                         # Excel: Data > From Text/CSV, UTF-8, delimiter ;
        width = len(rows[0])
        assert width >= 6 and all(len(r) == width for r in rows), "every row has the header's columns"
        if header:
            assert rows[0] == header
        # A comma reader (Excel under English settings reads a ;-file as one column) sees one field per line.
        first = text.splitlines()[0]
        assert first.count(";") == width - 1


def test_decimals_use_a_comma_and_dates_are_iso(report) -> None:
    rows = read_csv(render_csv(report))
    values = [r[5] for r in rows[1:]]
    shares = [r[5] for r in rows[1:] if r[2] == "per_langkah" and r[4] == "persen_sesuai" and r[5]]
    assert shares and all("," in s or s in ("0", "1") or re.fullmatch(r"\d+", s) for s in shares)
    assert not any(re.fullmatch(r"\d+\.\d+", v) for v in values)       # 12.5 would become 125 in id-ID Excel
    assert "2026-04-01" in values


def test_flat_dik_has_one_row_per_record_in_csv_and_xlsx(report) -> None:
    rows = read_csv(render_dik_csv(report))
    ids = [r[0] for r in rows[1:]]
    assert ids == [d.id for d in report.dik] and len(ids) == len(set(ids)) > 5
    register = sample_register()
    ref = report.identity.reference_day
    active = {r.id for r in register.records if r.determined_on and r.determined_on <= ref
              and not (r.opened_on and r.opened_on <= ref)}
    assert active <= set(ids)
    assert "Daftar DIK" not in openpyxl.load_workbook(io.BytesIO(render_xlsx(report))).sheetnames   # its own file
    book = openpyxl.load_workbook(io.BytesIO(render_table_xlsx(dik_table(report), report.identity.today)))
    sheet = book["Daftar DIK"]
    header = [c.value for c in sheet[1]]
    assert header == [c.label for c in DIK_COLUMNS]
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ids
    assert sheet.auto_filter.ref and sheet.freeze_panes == "B2"
    first = report.dik[0]
    row = next(sheet.iter_rows(min_row=2, max_row=2))
    assert row[7].value == dt.datetime.combine(first.determined_on, dt.time())     # a real date
    assert row[17].value is first.partial                                          # a real yes/no


def test_text_longer_than_an_excel_cell_is_cut_and_says_so() -> None:
    from registri.report.cells import XLSX_CUT_NOTE, XLSX_TEXT_LIMIT
    from registri.report.tables import Column, Table
    long = "=" + "uraian panjang 😀 " * 3000                   # formula-shaped, with characters beyond the BMP
    table = Table("t", "Uji", (Column("a", "A", "text"),), ((long,), ("pendek",)), "kosong")
    sheet = openpyxl.load_workbook(io.BytesIO(render_table_xlsx(table, TODAY)))["Daftar DIK"]
    cell = sheet["A2"]
    assert cell.value.endswith(XLSX_CUT_NOTE) and long.startswith(cell.value[:-len(XLSX_CUT_NOTE)])
    assert len(cell.value.encode("utf-16-le")) // 2 <= XLSX_TEXT_LIMIT
    assert cell.data_type == "s" and cell.quotePrefix and sheet["A3"].value == "pendek"
