"""The public DIK's long PDF made of parts kept in the build cache (report/pdfparts.py): the same
document however it was put together, numbered right, and only what changed laid out again."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
import pytest

import registri.report.pdfparts as pdfparts
import registri.report.public as public
from registri.cache import Store
from registri.report.public import PublicDik, PublicItem, render_public_pdf

TODAY = dt.date(2026, 11, 26)
PART = 30            # rows per part in these tests (a real one holds PART_ROWS)


def item(n: int, extra: str = "") -> PublicItem:
    return PublicItem(n, f"Dokumen evaluasi pengadaan paket {n:03d}{extra}",
                      "Pasal 17 huruf b UU 14/2008; Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah Pasal 7",
                      "Dapat menghambat proses penegakan hukum dan mengganggu persaingan usaha yang sehat " * 2,
                      "Kepentingan publik tetap terlayani melalui pengumuman hasil pemilihan",
                      "Sampai dengan kontrak ditandatangani", id=f"DIK-2026-{n:03d}")


def dik(items: list[PublicItem]) -> PublicDik:
    return PublicDik("Kementerian Pendidikan Dasar dan Menengah", "Balai Contoh Provinsi Kalimantan Selatan",
                     "Banjarbaru", TODAY, tuple(items), "BCK")


@pytest.fixture
def parted(monkeypatch):
    """Parts of PART rows, and every part laid out counted (by its first item's number)."""
    monkeypatch.setattr(public, "PART_ROWS", PART)
    laid = []
    real = pdfparts.lay_out_pdf

    def counted(story, *args, **kwargs):
        laid.append(story)
        return real(story, *args, **kwargs)

    monkeypatch.setattr(pdfparts, "lay_out_pdf", counted)
    return laid


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def numbers(texts: list[str]) -> list[tuple[int, int]]:
    found = []
    for text in texts:
        match = re.findall(r"Halaman (\d+) dari (\d+)", text)
        assert len(match) == 1, text[-200:]
        found.append(tuple(map(int, match[0])))
    return found


def assert_whole(pdf: bytes, items: list[PublicItem]) -> None:
    """Every page numbered n of the page count, every item once and in order, the letterhead once."""
    texts = pages(pdf)
    assert numbers(texts) == [(n, len(texts)) for n in range(1, len(texts) + 1)]
    flat = "".join(texts).replace("\n", " ")
    spots = [flat.find(f"paket {it.no:03d}") for it in items]
    assert -1 not in spots and spots == sorted(spots)
    assert flat.count("DAFTAR INFORMASI YANG DIKECUALIKAN") == 1
    assert "Balai Contoh Provinsi Kalimantan Selatan" in texts[0]


def test_a_long_list_in_parts_is_one_whole_numbered_document(parted, tmp_path):
    items = [item(n) for n in range(1, 101)]
    pdf = render_public_pdf(dik(items), Store(tmp_path / "parts"))
    assert len(parted) == 4                                # 100 rows in parts of 30
    assert_whole(pdf, items)
    assert len(pages(pdf)) > 4                             # parts of several pages each
    info = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert info.title == "Daftar Informasi yang Dikecualikan" and info.author == "Balai Contoh Provinsi Kalimantan Selatan"
    # The same bytes from the parts kept, and from parts made again elsewhere (reproducible).
    assert render_public_pdf(dik(items), Store(tmp_path / "parts")) == pdf
    assert len(parted) == 4
    assert render_public_pdf(dik(items), Store(tmp_path / "elsewhere")) == pdf


def test_one_changed_item_lays_out_only_its_part_again(parted, tmp_path):
    store = Store(tmp_path / "parts")
    items = [item(n) for n in range(1, 101)]
    render_public_pdf(dik(items), store)
    parted.clear()
    items[44] = item(45, " (diperbaiki)")
    pdf = render_public_pdf(dik(items), store)
    assert len(parted) == 1                                # the part of rows 31-60 only
    assert_whole(pdf, items)
    assert "paket 045 (diperbaiki)" in "".join(pages(pdf)).replace("\n", " ")
    assert pdf == render_public_pdf(dik(items), Store(tmp_path / "fresh"))
    # The store keeps only the parts of the document it made last.
    kept = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert len(kept) == 8 and all(name.startswith("pdfpart-dik-publik-") for name in kept)


def test_a_part_that_grows_a_page_numbers_every_page_again(parted, tmp_path):
    store = Store(tmp_path / "parts")
    items = [item(n) for n in range(1, 101)]
    before = pages(render_public_pdf(dik(items), store))
    parted.clear()
    for n in range(36, 41):                                # five rows of its second part grow
        items[n - 1] = item(n, " dengan lampiran" + " rincian teknis dan harga perkiraan sendiri" * 15)
    pdf = render_public_pdf(dik(items), store)
    assert len(pages(pdf)) > len(before)
    # Every part is laid out again: each page names the page count.
    assert len(parted) == 4
    assert_whole(pdf, items)
    assert pdf == render_public_pdf(dik(items), Store(tmp_path / "fresh"))


def test_a_wrong_page_count_in_the_store_is_not_believed(parted, tmp_path):
    store = Store(tmp_path / "parts")
    items = [item(n) for n in range(1, 101)]
    pdf = render_public_pdf(dik(items), store)
    for count in (tmp_path / "parts").glob("*.count"):
        store.write(count.name, 1)                         # a cache written by something else
    for part in (tmp_path / "parts").glob("*.pdf"):
        part.unlink()
    assert render_public_pdf(dik(items), store) == pdf


def test_a_damaged_part_in_the_store_is_made_again(parted, tmp_path):
    store = Store(tmp_path / "parts")
    items = [item(n) for n in range(1, 101)]
    pdf = render_public_pdf(dik(items), store)
    for part in (tmp_path / "parts").glob("*.pdf"):
        part.write_bytes(b"not a pickle")
    assert render_public_pdf(dik(items), store) == pdf


def test_without_a_store_or_with_a_short_list_the_pdf_is_one_document(parted, tmp_path):
    items = [item(n) for n in range(1, 101)]
    alone = render_public_pdf(dik(items))
    assert parted == []                                    # one document, no parts
    assert_whole(alone, items)
    short = [item(n) for n in range(1, PART + 1)]
    assert_whole(render_public_pdf(dik(short), Store(tmp_path / "parts")), short)
    assert not (tmp_path / "parts").exists()


def test_parts_made_by_other_code_are_not_used(parted, tmp_path, monkeypatch):
    store = Store(tmp_path / "parts")
    items = [item(n) for n in range(1, 101)]
    render_public_pdf(dik(items), store)
    parted.clear()
    monkeypatch.setattr(pdfparts, "code_version", lambda: "another version")
    render_public_pdf(dik(items), store)
    assert len(parted) == 4


def test_a_cell_longer_than_a_page_is_cut_and_says_where_the_whole_text_is(tmp_path):
    # 19,600 characters: within the schema's 20,000 for a consequence. Rows never split across
    # pages, and reportlab refused the whole document for a row taller than one.
    long = dataclasses.replace(item(1), if_opened="Konsekuensi yang timbul apabila dibuka. " * 490)
    items = [long, item(2)]
    flat = " ".join(pages(render_public_pdf(dik(items)))).replace("\n", " ")
    assert "teks lengkapnya ada pada daftar ini dalam HTML, XLSX dan CSV" in flat and "paket 002" in flat
    assert flat.count("Konsekuensi yang timbul apabila dibuka.") < 100
    # The same cut in any table of a report (portrait A4), naming the record as where the rest is.
    from registri.report.pdfkit import build_pdf, content_width, styles, table_flowable
    from registri.report.tables import Column, Table
    table = Table("t", "Daftar", (Column("id", "Id"), Column("uraian", "Uraian", width=3.0)),
                  (("DIK-2026-001", "Uraian panjang sekali. " * 900), ("DIK-2026-002", "pendek")), "Kosong.")
    text = " ".join(pages(build_pdf(table_flowable(table, styles(), content_width()), "x", "y", "z"))).replace("\n", " ")
    assert "teks lengkapnya ada pada catatannya di register" in text and "DIK-2026-002" in text
