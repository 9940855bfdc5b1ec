"""Small report fixes found by the trial in issue 10: each test failed before its fix."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from registri.report import compute_report, parse_period
from registri.report.xlsx import render_xlsx
from test_report_compute import TODAY, trail
from test_report_support import sample_register


@pytest.fixture(scope="module")
def report():
    register = sample_register()
    return compute_report(register, trail(register), parse_period("2026-T2"), TODAY)


def test_last_sheet_and_its_heading_keep_the_roman_numeral(report) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    sections = [name for name in book.sheetnames if name != "Daftar DIK"]
    assert sections[-1].startswith("XIII ") and not sections[-1].startswith(" ")
    assert book[sections[-1]]["A1"].value == "XIII. Pemeriksaan, Catatan, dan Pengesahan"
    assert all(re.match(r"^[IVX]+ ", name) for name in sections)
    assert all(re.match(r"^[IVX]+\. ", book[name]["A1"].value) for name in sections)


def test_markdown_keeps_colons_in_prose_readable() -> None:
    from registri.report.markdown import md_text, render_markdown
    assert md_text("Tidak ada: semua catatan yang dilaporkan sudah diterima.") == \
        "Tidak ada: semua catatan yang dilaporkan sudah diterima."
    assert md_text(":smile:").startswith("&#58;smile") and "javascript&#58;" in md_text("javascript:alert(1)")
    assert "https&#58;//" in md_text("https://contoh.example")
    register = sample_register()
    text = render_markdown(compute_report(register, trail(register), parse_period("2025"), TODAY))
    assert "&#58; " not in text and "Tidak ada&#58;" not in text


def test_report_into_an_unwritable_folder_is_one_indonesian_sentence(register_copy, tmp_path, capsys) -> None:
    from registri.cli import main
    blocker = tmp_path / "berkas-biasa"
    blocker.write_text("bukan folder", encoding="utf-8")
    code = main(["report", "--root", str(register_copy), "--today", "2026-11-26", "--no-audit", "--period", "2026",
                 "--format", "csv", "--out", str(blocker / "laporan")])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "tidak dapat ditulis ke folder" in err and "--out" in err and err.endswith(".")
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert not re.search(r"Not a directory|Permission denied|File exists|Errno", err)


def test_report_write_reasons_are_indonesian_for_permissions(tmp_path) -> None:
    import errno
    from registri.errors import RegistriError
    from registri.report.output import reason, write_files
    assert reason(PermissionError(errno.EACCES, "Permission denied")) == "Anda tidak punya izin menulis di sana"
    assert reason(OSError(errno.ENOSPC, "No space left on device")) == "disk penuh"
    (tmp_path / "x").write_text("", encoding="utf-8")
    with pytest.raises(RegistriError) as caught:
        write_files(tmp_path / "x" / "y", {"a.csv": b""})
    assert "sebagian jalurnya adalah berkas" in caught.value.message or "bukan folder" in caught.value.message
