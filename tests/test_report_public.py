"""The public DIK: only active, classified items, only the public columns, nothing internal."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile

import openpyxl
import pypdf
import pytest

from registri.report.public import PUBLIC_FIELDS, public_dik, render_public, render_public_markdown
from test_report_formats import HOSTILE
from test_report_support import sample_register, with_record

TODAY = dt.date(2026, 11, 26)
FORMATS = ("html", "md", "csv", "xlsx", "pdf", "json")


def _plant(value, path: str, markers: list[str]):
    """Replace every string leaf outside the public fields with a unique marker."""
    if path in PUBLIC_FIELDS or any(path.startswith(f + ".") or path.startswith(f + "[") for f in PUBLIC_FIELDS):
        return value
    if isinstance(value, dict):
        return {k: _plant(v, f"{path}.{k}" if path else k, markers) for k, v in value.items()}
    if isinstance(value, list):
        return [_plant(v, f"{path}[{i}]", markers) for i, v in enumerate(value)]
    if isinstance(value, str) and path not in ("status", "id", "klasifikasi.keamanan", "laporan", "dibuka.alasan",
                                               "uji_konsekuensi.waktu"):
        marker = f"BOCOR{len(markers):04d}X"
        markers.append(path)
        return marker
    return value


def _text(fmt: str, content) -> str:
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(content))
        return "\n".join(str(c.value) for s in book for row in s.iter_rows() for c in row if c.value is not None)
    if fmt == "pdf":
        return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages).replace("\n", "")
    return content.decode("utf-8-sig") if isinstance(content, bytes) else content


def test_no_internal_field_reaches_any_public_output() -> None:
    register = sample_register()
    markers: list[str] = []
    planted = dataclasses.replace(register, records=tuple(
        dataclasses.replace(r, data=_plant(r.data, "", markers)) for r in register.records))
    internal = {"unit_penguasa", "uraian", "dokumentasi.softcopy.lokasi", "dokumentasi.softcopy.sha256",
                "dokumentasi.hardcopy.lokasi", "klasifikasi.akses_khusus[0]", "penetapan.pejabat", "sumber.nomor"}
    assert internal <= set(markers) and len(markers) > 150     # internal text of every record was replaced
    dik = public_dik(planted, TODAY)
    assert len(dik.items) == 10
    for fmt in FORMATS:
        content = render_public(dik, fmt)
        text = _text(fmt, content)
        assert "BOCOR" not in text, fmt
        if fmt == "xlsx":                                       # nor hidden in the workbook's XML parts
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                assert not any(b"BOCOR" in archive.read(n) for n in archive.namelist())
    # the public columns themselves do come through
    first = next(r for r in register.records if r.id == "DIK-2025-003")
    assert first.title in _text("csv", render_public(dik, "csv"))


def test_only_active_classified_items_are_listed() -> None:
    register = sample_register()
    listed = {item.information for item in public_dik(register, TODAY).items}
    by_title = {r.title: r for r in register.records}
    assert all(not by_title[t].is_open and by_title[t].status_rank >= 2 for t in listed)
    opened = [r for r in register.records if r.is_open]
    unclassified = [r for r in register.records if r.status == "divalidasi"]
    assert opened and unclassified
    assert not {r.title for r in opened + unclassified} & listed


def test_public_columns_and_files() -> None:
    dik = public_dik(sample_register(), TODAY)
    rows = list(csv.reader(io.StringIO(render_public(dik, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["no", "informasi", "dasar_hukum", "jika_dibuka", "jika_ditutup", "jangka_waktu"]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(rows))]
    assert any("Pasal 17 huruf h angka 4 dan 5 UU 14/2008" in r[2] for r in rows)
    assert any(r[5].startswith("30 tahun sejak 16 Juni 2025") for r in rows)
    html = render_public(dik, "html")
    assert "<th>Konsekuensi jika dibuka</th>" in html and "<th>Jangka waktu</th>" in html
    book = openpyxl.load_workbook(io.BytesIO(render_public(dik, "xlsx")))
    numbers = [row[0].value for row in book["DIK"].iter_rows(min_row=5) if isinstance(row[0].value, int)]
    assert numbers == list(range(1, len(dik.items) + 1))


def test_the_site_page_leaves_a_long_list_to_its_files_but_the_markdown_file_is_whole() -> None:
    from registri.report.public import render_public_markdown
    dik = public_dik(sample_register(), TODAY)
    last = dik.items[-1].information
    whole = render_public_markdown(dik)
    assert whole.count("\n| ") == len(dik.items) + 2 and "dik-publik.html" not in whole
    page = render_public_markdown(dik, limit=len(dik.items) - 1)
    assert "| No |" not in page and f"({len(dik.items)} baris)" in page and "[daftar lengkap (HTML)](dik-publik.html)" in page
    assert render_public_markdown(dik, limit=len(dik.items)) == whole
    assert last.split()[0] in whole


def test_hostile_titles_are_escaped_in_html_and_markdown() -> None:
    register = with_record(sample_register(), "DIK-2026-003", judul=HOSTILE)
    dik = public_dik(register, TODAY)
    html = render_public(dik, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = render_public_markdown(dik)
    assert "<script>" not in md and "**tebal**" not in md and "](javascript" not in md


def test_public_json_is_valid_against_its_schema_with_stable_ids_and_the_office() -> None:
    import json

    import jsonschema

    from registri.report.public_json import SCHEMA_FILE, render_public_json
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    register = sample_register()
    dik = public_dik(register, TODAY)
    data = json.loads(render_public_json(dik))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["kantor"] == {"kode": "bpmp-kalsel", "nama": register.office.name, "singkatan": "BPMP Kalsel",
                              "badan_publik": register.office.public_body, "kota": "Banjarbaru"}
    assert data["jumlah"] == len(data["informasi"]) == len(dik.items)
    ids = [item["id"] for item in data["informasi"]]
    assert ids == [item.id for item in dik.items] and len(set(ids)) == len(ids)
    assert all(item["id_global"] == f"bpmp-kalsel/{item['id']}" for item in data["informasi"])
    # Stable: an earlier list holds fewer items, numbered differently, but each keeps its identifier.
    earlier = {item.id: item for item in public_dik(register, dt.date(2026, 3, 31)).items}
    assert 0 < len(earlier) < len(dik.items)
    now = {item.id: item for item in dik.items}
    assert all(now[i].information == item.information for i, item in earlier.items())
    assert any(now[i].no != item.no for i, item in earlier.items())
    assert render_public_json(dik) == render_public_json(public_dik(sample_register(), TODAY))   # reproducible
    first = next(i for i in data["informasi"] if i["id"] == "DIK-2025-003")
    assert first["pasal_17"] and first["jangka_waktu"]["jenis"] and first["dasar_hukum"].startswith("Pasal 17")
    data["informasi"][0]["lokasi"] = "arsip"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_public_json_is_one_compact_line_with_every_item() -> None:
    # Issue 12: at 10,000 records the indentation alone was 1.9 MB of the 10.8 MB file.
    import json

    from registri.report.public_json import public_data, render_public_json
    dik = public_dik(sample_register(), TODAY)
    text = render_public_json(dik)
    assert text.endswith("}\n") and text.count("\n") == 1 and '": ' not in text
    data = json.loads(text)
    assert data == public_data(dik) and len(data["informasi"]) == len(dik.items) > 0


def test_public_json_holds_no_staff_storage_fingerprint_or_access_list() -> None:
    from registri.report.public_json import render_public_json
    register = sample_register()
    text = render_public_json(public_dik(register, TODAY))
    for person in register.office.staff:
        assert person.name not in text
        assert not any(mail in text for mail in person.emails)
    for record in register.records:
        for dotted in ("dokumentasi.softcopy.lokasi", "dokumentasi.softcopy.sha256", "dokumentasi.hardcopy.lokasi",
                       "dokumentasi.softcopy.pengamanan", "unit_penguasa", "uraian", "penetapan.nomor", "sumber.nomor"):
            value = record.get(dotted)
            if isinstance(value, str) and len(value) > 8:
                assert value not in text, dotted
        for who in record.get("klasifikasi.akses_khusus", []) or []:
            assert f'"{who}"' not in text
    assert "@" not in text and "sha256" not in text and "lokasi" not in text
