"""registri.dates.parse_date: every common Indonesian way of writing a date, and one clear sentence otherwise."""

from __future__ import annotations

import datetime as dt

import pytest

from registri.dates import long_date, parse_date

D = dt.date(2025, 4, 30)


@pytest.mark.parametrize("text", [
    "30 April 2025", "30 april 2025", "30 Apr 2025", "30-04-2025", "30/04/2025", "30.04.2025", "2025-04-30",
    "Rabu, 30 April 2025", "30 April 2025 M", "30-Apr-2025", " 30  April   2025 ", "30 Apr. 2025",
])
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == (D, None)


def test_cells_and_other_month_spellings() -> None:
    assert parse_date(dt.datetime(2025, 4, 30, 0, 0)) == (D, None)
    assert parse_date(D) == (D, None)
    assert parse_date(45777) == (D, None)                     # an Excel serial day number
    assert parse_date("17 Agustus 2025")[0] == dt.date(2025, 8, 17)
    assert parse_date("17 Agt 2025")[0] == dt.date(2025, 8, 17)
    assert parse_date("1 Nopember 2025")[0] == dt.date(2025, 11, 1)
    assert parse_date("1 Pebruari 2025")[0] == dt.date(2025, 2, 1)
    assert parse_date("3 Mei 2025")[0] == dt.date(2025, 5, 3)


@pytest.mark.parametrize("text, words", [
    ("2026-02-30", "Februari 2026 hanya sampai tanggal 28"),
    ("30 Februari 2026", "Februari 2026 hanya sampai tanggal 28"),
    ("12 Maert 2026", "maksudnya Maret?"),
    ("12/03/26", "tahun harus ditulis empat angka"),
    ("03/25/2026", "bila yang dimaksud 3 Maret"),
    ("2026", "hanya tahun"),
    ("20260312", "beri pemisah"),
    ("besok", "bukan tanggal yang dikenal"),
    ("", "tanggal kosong"),
    ("12 Foo 2026", "nama bulan 'Foo' tidak dikenal"),
])
def test_refused_with_a_hint_fitting_what_was_typed(text: str, words: str) -> None:
    value, problem = parse_date(text)
    assert value is None and words in problem, problem
    assert problem.count(".") >= 1 and "Traceback" not in problem


def test_long_date() -> None:
    assert long_date(D) == "30 April 2025"
