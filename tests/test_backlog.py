"""Inherited records: their gaps are a backlog while divalidasi, and the rules apply in full from step 2."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
from rulecases import apply, bases, make_register, write_record  # noqa: E402

from registri import backlog  # noqa: E402
from registri.register import load_register  # noqa: E402
from registri.validation import run  # noqa: E402

DAY = dt.date(2026, 11, 26)
WARISAN = {"daftar": "DIK-lama.xlsx", "baris": 5, "diimpor": "2026-11-20",
           "asli": {"informasi": "Rincian HPS pelatihan daring", "jangka_waktu": "selama masih dibutuhkan"}}


def inherited(**changes) -> dict:
    """The step-1 base as an import of an old list makes it: no sumber, no minutes, a partial klasifikasi."""
    data = apply(bases()["step1"], {"sumber": None, "uji_konsekuensi.nomor": None, "uji_konsekuensi.tanggal": None,
                                     "uji_konsekuensi.waktu": None, "warisan": WARISAN,
                                     "klasifikasi": {"pasal": ["17b"]}})
    return apply(data, changes)


def check(tmp_path: Path, data: dict):
    root = make_register(tmp_path / "reg")
    write_record(root, f"records/2026/{data['id']}.yaml", data)
    register = load_register(root)
    return register, run(register, DAY)


def test_an_inherited_record_with_gaps_passes_and_lists_them(tmp_path: Path) -> None:
    register, result = check(tmp_path, inherited(**{"uji_konsekuensi.kepentingan_publik": None}))
    assert not any(f.is_error for f in result.findings), result.findings
    assert {f.code for f in result.gaps} == {"DIK006", "DIK012"}   # no UU, no public-interest text
    assert result.backlog and result.backlog[0][1] == 6
    gaps = backlog.gaps(register.records[0], result.gaps)
    assert [g.kind.key for g in gaps] == ["uji_konsekuensi", "dasar_hukum", "jangka_waktu", "tinjau_ulang",
                                          "keamanan", "penyimpanan"]
    assert "DIK012" in gaps[0].detail or "berita acara" in gaps[0].detail


def test_the_same_record_without_warisan_is_refused(tmp_path: Path) -> None:
    data = inherited()
    data.pop("warisan")
    _, result = check(tmp_path, data)
    assert any(f.code == "DIK001" and f.is_error for f in result.findings)


def test_from_step_2_the_rules_apply_in_full(tmp_path: Path) -> None:
    _, result = check(tmp_path, inherited(status="diklasifikasi"))
    errors = {f.code for f in result.findings if f.is_error}
    assert "DIK001" in errors and not result.gaps


def test_errors_that_are_not_gaps_still_refuse_an_inherited_record(tmp_path: Path) -> None:
    _, result = check(tmp_path, inherited(**{"penetapan.tanggal": "2026-12-30"}))
    assert any(f.code == "DIK010" and f.is_error for f in result.findings)   # a future determination


def test_a_documented_inherited_record_is_out_of_the_backlog(tmp_path: Path) -> None:
    full = apply(bases()["base"], {"warisan": WARISAN})
    register, result = check(tmp_path, full)
    assert not result.backlog and backlog.collect(register, DAY).entries == ()
    assert backlog.collect(register, DAY).inherited == 1


@pytest.mark.parametrize("field", ["klasifikasi.tinjau_ulang", "klasifikasi.keamanan", "dokumentasi"])
def test_each_missing_part_is_a_gap(tmp_path: Path, field: str) -> None:
    full = apply(bases()["base"], {"warisan": WARISAN, "status": "divalidasi", "laporan": None, field: None})
    register, result = check(tmp_path, full)
    keys = {g.kind.key for g in backlog.collect(register, DAY).entries[0].gaps}
    assert keys == {{"klasifikasi.tinjau_ulang": "tinjau_ulang", "klasifikasi.keamanan": "keamanan",
                     "dokumentasi": "penyimpanan"}[field]}
