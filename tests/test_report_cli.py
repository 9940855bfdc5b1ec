"""`registri report` end to end on a real Git repository: reports, the public DIK, the submission
report for a pull request, the site's report files, and Indonesian errors without tracebacks."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

from conftest import registri
from registri.history import load_history
from registri.register import load_register
from registri.report.cells import read_csv
from registri.report.site import report_files
from test_history_support import Trail, record_text

TODAY = "2026-11-26"


class ReportTrail(Trail):
    """Trail whose reported records carry their `laporan` period, as the schema requires."""

    period = "2026-T1"

    def write(self, record_id: str, status: str, source_day: str = "2026-02-03") -> str:
        rel = self.path(record_id)
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        text = record_text(record_id, status, source_day)
        if status == "dilaporkan":
            text += f"\nlaporan: {self.period}\n"
        (self.root / rel).write_text(text, encoding="utf-8")
        return rel


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """Two records through steps 1-4 and accepted in March; a third reported on an open branch."""
    trail = ReportTrail(tmp_path_factory.mktemp("laporan") / "repo")
    trail.full_cycle(["DIK-2026-101", "DIK-2026-102"], branch="dik/batch-1", start_day="2026-03-03")
    trail.period = "2026-T3"
    trail.branch("dik/batch-2")
    for number, hour in ((1, "09:00"), (2, "09:20"), (3, "10:00"), (4, "10:10")):
        trail.step(number, ["DIK-2026-103"], f"2026-07-06T{hour}:00+08:00")
    return trail.root


def test_report_for_the_quarter_with_the_accepting_merge(repo: Path, tmp_path: Path) -> None:
    result = registri(repo, "report", "--period", "2026-T1", "--today", TODAY, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["laporan-2026-T1-dik.csv", "laporan-2026-T1-informasi.csv"] + [
        f"laporan-2026-T1.{ext}" for ext in ("csv", "json", "md", "pdf", "xlsx")]
    items = read_csv((tmp_path / "laporan-2026-T1-informasi.csv").read_bytes())
    long = read_csv((tmp_path / "laporan-2026-T1.csv").read_bytes())
    assert items[0][:2] == ["id", "judul"] and len(items) > 1
    assert not [row for row in long[1:] if row[2] == "daftar"] and {row[0] for row in long[1:]} >= {"I", "XI", "XIII"}
    data = json.loads((tmp_path / "laporan-2026-T1.json").read_text(encoding="utf-8"))
    merges = data["acceptance"]["merges"]
    assert [(m["day"], m["record_ids"], m["person"]) for m in merges] == [
        ("2026-03-03", ["DIK-2026-101", "DIK-2026-102"], "Dr. Hendra Wijaya, M.Pd.")]
    assert data["signature"]["accepted_on"] == "2026-03-03"
    steps = {s["step"]: s for s in data["timing"]["steps"]}
    assert steps[2]["count"] == 2 and steps[2]["median"] == 40.0 and steps[5]["count"] == 2
    assert data["audit"]["commits"] >= 5 and data["audit"]["checked"] is True
    assert data["identity"]["commit"] == load_history(repo).head
    md = (tmp_path / "laporan-2026-T1.md").read_text(encoding="utf-8")
    assert "diterima 3 Maret 2026" in md


def test_reported_but_not_accepted_is_pending(repo: Path) -> None:
    result = registri(repo, "report", "--period", "2026-T3", "--today", TODAY, "--format", "json", "--out", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["acceptance"]["pending"]] == ["DIK-2026-103"]
    assert data["signature"]["accepted_text"].startswith("belum diterima")


def test_default_period_is_the_current_quarter(repo: Path) -> None:
    result = registri(repo, "report", "--today", TODAY, "--format", "md", "--out", "-")
    assert result.returncode == 0, result.stderr
    assert "Triwulan IV 2026" in result.stdout


def test_submission_report_lists_only_what_the_branch_brings(repo: Path, tmp_path: Path) -> None:
    result = registri(repo, "report", "--submission", "main..dik/batch-2", "--today", TODAY, "--out", str(tmp_path))
    assert result.returncode in (0, 1), result.stderr
    assert "DIK-2026-103" in result.stdout and "DIK-2026-101" not in result.stdout
    assert result.stdout.startswith("# Laporan penyerahan: 1 catatan")
    assert (tmp_path / "laporan-penyerahan.pdf").read_bytes().startswith(b"%PDF")


def test_public_dik_files(repo: Path, tmp_path: Path) -> None:
    result = registri(repo, "report", "--public", "--today", TODAY, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"dik-publik.{e}" for e in ("csv", "html", "json", "pdf", "xlsx")]


@pytest.mark.parametrize("args, words", [
    (["--period", "2026-T9"], "--period"),
    (["--format", "docx"], "--format"),
    (["--period", "2027-T1"], "belum dimulai"),
    (["--submission", "main"], "BASIS..UJUNG"),
    (["--submission", "tidak-ada..HEAD"], "bukan commit"),
    (["--format", "pdf", "--out", "-"], "satu bentuk teks"),
])
def test_bad_input_is_a_usage_error_without_traceback(repo: Path, args: list[str], words: str, capsys) -> None:
    from registri.cli import main    # in process (same boundary as the console script), to keep the suite fast
    assert main(["report", "--root", str(repo), "--today", TODAY, "--no-audit", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_site_report_files(repo: Path) -> None:
    register = load_register(repo)
    files = report_files(register, load_history(repo), dt.date(2026, 11, 26))
    assert {"laporan/index.md", "laporan/2026-T1.md", "laporan/unduh/2026-T1.pdf", "laporan/2026.md",
            "laporan/2026-T3.md", "publik/index.md", "publik/dik-publik.csv"} <= set(files)
    assert "laporan/2026-T2.md" not in files                  # no activity in the second quarter
    assert "[Triwulan I 2026](2026-T1.md)" in files["laporan/index.md"]
    assert "[PDF](unduh/2026-T1.pdf)" in files["laporan/2026-T1.md"]
    assert isinstance(files["laporan/unduh/2026-T1.xlsx"], bytes)
    # One flat DIK list for the whole register, linked from every period and the index; no copy per period.
    assert not [name for name in files if name.endswith("-dik.csv") and "daftar-dik" not in name]
    listed = read_csv(files["laporan/unduh/daftar-dik.csv"])
    assert listed[0][:2] == ["id", "judul"]
    determined = [r for r in register.records if r.determined_on and r.determined_on <= dt.date(2026, 11, 26)]
    assert sorted(row[0] for row in listed[1:]) == sorted(r.id for r in determined)
    for page in ("laporan/2026-T1.md", "laporan/index.md"):
        assert "[Daftar DIK (XLSX)](unduh/daftar-dik.xlsx)" in files[page]
        assert "[Daftar DIK (CSV)](unduh/daftar-dik.csv)" in files[page]
    book = openpyxl.load_workbook(io.BytesIO(files["laporan/unduh/daftar-dik.xlsx"]))
    assert book.sheetnames == ["Daftar DIK"] and book["Daftar DIK"].max_row == len(listed)
    assert json.loads(files["publik/dik-publik.json"])["kantor"]["kode"] == "bpmp-kalsel"
    assert "[JSON](dik-publik.json)" in files["publik/index.md"]


def test_register_dik_keeps_opened_items_with_when_and_why(repo: Path) -> None:
    import dataclasses
    from registri.report.basis import build_basis
    from registri.report.compute import register_dik
    register = load_register(repo)
    first = next(r for r in register.records if r.determined_on)
    opened = dict(first.data, status="dibuka", dibuka={"tanggal": "2026-10-01", "alasan": "jangka_waktu_berakhir"})
    changed = dataclasses.replace(register, records=tuple(dataclasses.replace(r, data=opened) if r is first else r
                                                          for r in register.records))
    rows = {row.id: row for row in register_dik(build_basis(changed, load_history(repo)), dt.date(2026, 11, 26))}
    assert rows[first.id].opened_on == dt.date(2026, 10, 1) and rows[first.id].open_reason == "jangka_waktu_berakhir"
    before = {row.id: row for row in register_dik(build_basis(changed, load_history(repo)), dt.date(2026, 9, 30))}
    assert before[first.id].opened_on is None                   # not yet opened on that day: still in the DIK


def test_report_outside_git_has_no_history_but_still_computes(register_copy: Path) -> None:
    result = registri(register_copy, "report", "--period", "2026", "--today", TODAY, "--format", "json", "--out", "-")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["identity"]["commit"] is None and data["audit"]["checked"] is False
    assert data["stock"]["at_end"] == data["grounds"]["total_active"] > 0


def test_submission_without_reported_records_says_so(repo: Path) -> None:
    result = registri(repo, "report", "--submission", "dik/batch-2..dik/batch-2", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Laporan penyerahan: 0 catatan")
    assert "tidak membawa catatan ke status dilaporkan" in result.stdout
