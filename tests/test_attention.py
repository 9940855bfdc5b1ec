"""`registri attention`: ended periods, overdue reviews and periods ending soon, in three formats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT, TODAY, copy_register, registri
from registri.attention import collect, md_text, render_markdown
from registri.loader import load_file
from registri.register import load_register

SAMPLE = PROJECT / "records" / "2026" / "DIK-2026-003.yaml"


def write_record(root: Path, ident: str, *, status: str = "didokumentasikan", period: dict | None = None,
                 review: str = "2027-06-30", title: str | None = None, opened: dict | None = None) -> Path:
    """A valid record made from the sample DIK-2026-003 with the dates a test needs."""
    data = load_file(SAMPLE).data
    data["id"] = ident
    data["status"] = status
    if title:
        data["judul"] = title
    klas = data["klasifikasi"]
    klas["tinjau_ulang"] = dt.date.fromisoformat(review)
    if period:
        klas["jangka_waktu"] = {k: dt.date.fromisoformat(v) if k in ("mulai", "berakhir") else v
                                for k, v in period.items()}
    if opened:
        data["dibuka"] = {**opened, "tanggal": dt.date.fromisoformat(opened["tanggal"])}
    year = ident.split("-")[1]
    path = root / "records" / year / f"{ident}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fixed(start: str, years: int, end: str) -> dict:
    return {"jenis": "durasi_tetap", "mulai": start, "tahun": years, "berakhir": end}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """A register folder with the sample office and no records."""
    return copy_register(tmp_path / "kantor", with_records=False)


def test_ended_period_on_closed_record_is_listed_and_fails(office: Path) -> None:
    write_record(office, "DIK-2021-001", period=fixed("2021-01-04", 5, "2026-01-04"))
    result = registri(office, "attention", "--today", TODAY)
    assert result.returncode == 1, result.stderr
    assert "Masa pengecualian sudah berakhir" in result.stdout
    assert "records/2021/DIK-2021-001.yaml: DIK-2021-001" in result.stdout
    assert "2026-01-04" in result.stdout and "326 hari lalu" in result.stdout


def test_overdue_review_is_listed_and_fails(office: Path) -> None:
    write_record(office, "DIK-2026-010", review="2026-11-01")
    result = registri(office, "attention", "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["perlu_tindakan"] is True
    assert [i["id"] for i in payload["tinjau_terlambat"]] == ["DIK-2026-010"]
    assert payload["tinjau_terlambat"][0]["selisih_hari"] == -25
    assert payload["berakhir"] == [] and payload["segera_berakhir"] == []


def test_expiring_within_days_is_listed_but_passes(office: Path) -> None:
    write_record(office, "DIK-2023-002", period=fixed("2023-12-20", 3, "2026-12-20"))
    within = registri(office, "attention", "--today", TODAY, "--format", "json")
    assert within.returncode == 0, within.stdout
    assert [i["id"] for i in json.loads(within.stdout)["segera_berakhir"]] == ["DIK-2023-002"]
    narrow = registri(office, "attention", "--today", TODAY, "--days", "10", "--format", "json")
    assert json.loads(narrow.stdout)["segera_berakhir"] == []


def test_quiet_register_exits_zero_with_a_clear_sentence(office: Path) -> None:
    write_record(office, "DIK-2026-011", period=fixed("2026-01-05", 5, "2031-01-05"))
    result = registri(office, "attention", "--today", TODAY)
    assert result.returncode == 0
    assert "Tidak ada catatan yang perlu tindakan." in result.stdout


def test_opened_records_never_need_action(office: Path) -> None:
    write_record(office, "DIK-2020-004", status="dibuka", period=fixed("2020-02-03", 5, "2025-02-03"),
                 review="2025-01-15",
                 opened={"tanggal": "2025-02-04", "alasan": "jangka_waktu_berakhir",
                         "dasar": "Penetapan pembukaan 03/B12/HK.03.01/2025"})
    register = load_register(office)
    assert register.load_findings == ()
    attention = collect(register, dt.date.fromisoformat(TODAY))
    assert attention.total == 0 and not attention.urgent


def test_markdown_is_the_issue_body_with_links_and_escaped_titles(office: Path) -> None:
    write_record(office, "DIK-2021-001", period=fixed("2021-01-04", 5, "2026-01-04"),
                 title="Nilai ujian | kunci <b>jawaban</b> @kepala untuk *pelatihan* 2021")
    result = registri(office, "attention", "--today", TODAY, "--format", "md",
                      "--link-base", "https://github.com/contoh/registri/blob/main/")
    assert result.returncode == 1
    body = result.stdout
    assert body.startswith("<!-- registri-attention -->")
    assert "| Masa pengecualian sudah berakhir, catatan masih tertutup | 1 |" in body
    assert "[DIK-2021-001](https://github.com/contoh/registri/blob/main/records/2021/DIK-2021-001.yaml)" in body
    assert "<b>" not in body and "&lt;b&gt;" in body
    assert "Nilai ujian \\| kunci" in body
    assert "@kepala" not in body          # no one is mentioned by a record's text
    assert "4 Januari 2026" in body


def test_md_text_keeps_a_table_cell_on_one_line() -> None:
    assert md_text("baris satu\nbaris | dua") == "baris satu baris \\| dua"


def test_markdown_without_items_says_so(office: Path) -> None:
    attention = collect(load_register(office), dt.date.fromisoformat(TODAY))
    body = render_markdown(attention)
    assert "Tidak ada catatan yang perlu tindakan." in body
    assert "| Tinjau ulang sudah lewat waktunya | 0 |" in body


def test_unreadable_record_is_mentioned_not_hidden(office: Path) -> None:
    write_record(office, "DIK-2026-012")
    broken = office / "records" / "2026" / "DIK-2026-013.yaml"
    broken.write_text("id: DIK-2026-013\njudul: [tidak ditutup\n", encoding="utf-8")
    result = registri(office, "attention", "--today", TODAY)
    assert "1 berkas catatan tidak dapat dibaca" in result.stdout
    assert "registri validate" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("--days", "-3"), "--days: -3 tidak boleh negatif"),
    (("--today", "2026-02-30"), "2026-02-30"),
    (("--format", "html"), "pilihan 'html' tidak dikenal"),
])
def test_bad_options_are_usage_errors_without_traceback(office: Path, args: tuple, message: str) -> None:
    result = registri(office, "attention", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_sample_register_has_nothing_urgent_on_the_test_date() -> None:
    """The sample register is kept lawful on TODAY: the daily run would be green."""
    result = registri(PROJECT, "attention", "--today", TODAY)
    assert result.returncode == 0, result.stdout
