"""`registri import`: the disposition list (CSV/XLSX) becomes step-1 records in one commit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo, registri
from registri import importer

DATA = PROJECT / "tooling" / "registri" / "data"
SAMPLE_CSV = DATA / "contoh-impor.csv"
SAMPLE_XLSX = DATA / "contoh-impor.xlsx"
ENV = {"REGISTRI_TODAY": TODAY, "GIT_AUTHOR_DATE": "2026-11-24T09:00:00+08:00",
       "GIT_COMMITTER_DATE": "2026-11-24T09:00:00+08:00"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = init_repo(copy_register(tmp_path / "repo", with_records=False))
    git(path, "add", "registri.yaml")
    git(path, "commit", "-q", "-m", "Siapkan register")
    return path


def sample_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(SAMPLE_CSV.read_text(encoding="utf-8-sig")), delimiter=";"))


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";", bom: bool = False) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path


def records_in(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in (repo / "records").rglob("*.yaml"))


def test_sample_csv_becomes_three_validated_records_in_one_commit(repo: Path) -> None:
    result = registri(repo, "import", str(SAMPLE_CSV), env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    files = ["records/2026/DIK-2026-001.yaml", "records/2026/DIK-2026-002.yaml", "records/2026/DIK-2026-003.yaml"]
    assert records_in(repo) == files
    assert git(repo, "rev-list", "--count", "main..HEAD").stdout.strip() == "1"
    body = git(repo, "log", "-1", "--format=%B").stdout
    assert body.startswith("Langkah 1: validasi DIK-2026-001, DIK-2026-002, DIK-2026-003")
    assert "Langkah-POS: 1\nPelaksana: PPID" in body
    assert sorted(git(repo, "show", "--name-only", "--format=", "HEAD").stdout.split()) == files
    third = (repo / files[2]).read_text(encoding="utf-8")
    assert "tempat: Banjarbaru" in third            # empty penetapan_tempat: the office's city
    assert "tanggal: 2026-11-20" in third and "status: divalidasi" in third
    assert third.startswith("# yaml-language-server: $schema=../../tooling/registri/schema/record.schema.json\n")
    check = registri(repo, "validate", "--today", TODAY)
    assert check.returncode == 0, check.stdout


def test_xlsx_with_real_dates_gives_the_same_records_as_the_csv(repo: Path, tmp_path: Path) -> None:
    assert registri(repo, "import", str(SAMPLE_XLSX), env=ENV).returncode == 0
    from_xlsx = {p: (repo / p).read_text(encoding="utf-8") for p in records_in(repo)}
    other = init_repo(copy_register(tmp_path / "other", with_records=False))
    git(other, "add", "registri.yaml")
    git(other, "commit", "-q", "-m", "Siapkan register")
    assert registri(other, "import", str(SAMPLE_CSV), env=ENV).returncode == 0
    assert from_xlsx == {p: (other / p).read_text(encoding="utf-8") for p in records_in(other)}


def test_comma_csv_without_bom_and_friendly_headers(repo: Path, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[0] = [h.replace("_", " ").title() for h in rows[0]]          # "Sumber Tanggal"
    rows[1][3] = "Surat Pengantar"
    rows[1][5] = "2026-11-20"
    file = write_csv(tmp_path / "daftar.csv", rows[:2], delimiter=",")
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (repo / "records/2026/DIK-2026-001.yaml").read_text(encoding="utf-8")
    assert "jenis: surat_pengantar" in text


def test_bad_rows_are_reported_by_row_and_nothing_is_written(repo: Path, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[1][5] = "31/02/2026"            # row 2: no such date
    rows[3][12] = "kapan saja"           # row 4: unknown choice
    rows[3][0] = ""                      # row 4: empty title
    file = write_csv(tmp_path / "daftar.csv", rows, bom=True)
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1
    out = result.stdout
    assert "daftar.csv:2: IMP003" in out and "Baris 2, kolom sumber_tanggal: '31/02/2026'" in out
    assert "Baris 4, kolom uk_waktu" in out and "Baris 4, kolom judul: wajib diisi" in out
    assert "Baris 3" not in out
    assert "Tidak ada catatan yang dibuat" in out
    assert records_in(repo) == []
    assert git(repo, "branch", "--list").stdout.split() == ["*", "main"]


def test_record_rules_are_reported_at_the_row_and_column(repo: Path, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[2][0] = "Data"                  # row 3: too short to say what is exempted
    file = write_csv(tmp_path / "daftar.csv", rows)
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1
    assert "daftar.csv:3: DIK001" in result.stdout and "Baris 3, kolom judul" in result.stdout
    assert records_in(repo) == []


def test_header_problems(repo: Path, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[0][1] = "keterangan"            # uraian missing, an unknown column instead
    file = write_csv(tmp_path / "daftar.csv", rows)
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1
    assert "daftar.csv:1: IMP002" in result.stdout
    assert "uraian" in result.stdout and "keterangan" in result.stdout


def test_unquoted_separator_in_text_is_caught(repo: Path, tmp_path: Path) -> None:
    lines = SAMPLE_CSV.read_text(encoding="utf-8-sig").splitlines()
    header, row = lines[0], next(csv.reader([lines[1]], delimiter=";"))
    row[1] = row[1] + "; lampiran"
    file = tmp_path / "daftar.csv"
    file.write_text(header + "\n" + ";".join(row) + "\n", encoding="utf-8")
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1 and "daftar.csv:2: IMP002" in result.stdout and "tanda kutip" in result.stdout


@pytest.mark.parametrize("content,suffix", [(b"judul;uraian\n\xe9t\xe9;x\n", ".csv"), (b"", ".csv"),
                                            (b"not a zip", ".xlsx"), (b"x", ".pdf")])
def test_unreadable_files(repo: Path, tmp_path: Path, content: bytes, suffix: str) -> None:
    file = tmp_path / f"daftar{suffix}"
    file.write_bytes(content)
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1
    assert "IMP001" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_numbers_continue_after_existing_records_and_year_option(repo: Path, tmp_path: Path) -> None:
    (repo / "records/2026").mkdir(parents=True)
    shutil.copy(PROJECT / "records/2026/DIK-2026-007.yaml", repo / "records/2026/")
    result = registri(repo, "import", str(SAMPLE_CSV), env=ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DIK-2026-008, DIK-2026-009, DIK-2026-010" in result.stdout
    git(repo, "switch", "-q", "main")
    # The same list again, from main: its rows are on the import branch already (issue 10).
    again = registri(repo, "import", str(SAMPLE_CSV), "--tahun", "2027", env=ENV)
    assert again.returncode == 1 and again.stdout.count("IMP004") == 3, again.stdout
    assert "sudah ada sebagai DIK-2026-008" in again.stdout and not (repo / "records/2027").exists()
    rows = sample_rows()
    for row in rows[1:]:
        row[0] = row[0] + " (gelombang kedua)"
        row[6] = row[6].replace("/2026", "/2026-B")
    other = write_csv(tmp_path / "kedua.csv", rows)
    result = registri(repo, "import", str(other), "--tahun", "2027", env=ENV)
    assert result.returncode == 0 and (repo / "records/2027/DIK-2027-001.yaml").is_file(), result.stdout


def test_year_option_before_the_rows_dates_is_refused(repo: Path) -> None:
    result = registri(repo, "import", str(SAMPLE_CSV), "--tahun", "2025", env=ENV)
    assert result.returncode == 1 and result.stdout.count("IMP005") == 3, result.stdout
    assert "--tahun 2026" in result.stdout and records_in(repo) == []


def test_personal_data_in_a_row_is_named_by_row_and_column_before_writing(repo: Path, tmp_path: Path) -> None:
    rows = sample_rows()
    rows[2][1] = rows[2][1] + " Hubungi 0812-0000-4217 untuk salinan."
    file = write_csv(tmp_path / "bocor.csv", rows)
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1 and "IMP006" in result.stdout, result.stdout
    assert "Baris 3, kolom uraian" in result.stdout and "0812-0000-4217" not in result.stdout
    assert records_in(repo) == [] and "records/" not in git(repo, "status", "--porcelain").stdout


def test_a_broken_xlsx_is_explained_in_indonesian(repo: Path, tmp_path: Path) -> None:
    file = tmp_path / "daftar.xlsx"
    file.write_bytes(b"PK\x03\x04 not really a workbook")
    result = registri(repo, "import", str(file), env=ENV)
    assert result.returncode == 1 and "IMP001" in result.stdout
    assert "BadZipFile" not in result.stdout and "bukan buku kerja Excel" in result.stdout


def test_only_a_ppid_may_import(repo: Path) -> None:
    git(repo, "config", "user.email", "siti.aminah@bpmp-kalsel.example")
    result = registri(repo, "import", str(SAMPLE_CSV), env=ENV)
    assert result.returncode == 2 and "PPID" in result.stderr
    assert records_in(repo) == []


def test_sample_files_hold_the_documented_columns() -> None:
    assert sample_rows()[0] == list(importer.COLUMNS)
    doc = (PROJECT / "docs/panduan/impor.md").read_text(encoding="utf-8")
    for column in importer.COLUMNS:
        assert f"| `{column}` |" in doc
    table = importer.read_table(SAMPLE_XLSX, "contoh-impor.xlsx")
    assert not table.findings and len(table.rows) == 3
    assert isinstance(table.rows[0].values["sumber_tanggal"], dt.datetime)


def test_emitted_text_reads_back_as_the_same_data() -> None:
    from registri.loader import parse_text

    for path in sorted((PROJECT / "records").rglob("*.yaml")):
        data = parse_text(path.read_text(encoding="utf-8"), path.name).data
        again = parse_text(importer.record_text(data), path.name)
        assert again.findings == [] and again.data == data, path.name


@pytest.mark.parametrize("value", ["yes", "no", "2026", "12:30", "a: b", "#x", "- x", "\"q\"", "ok #1", "null", "17h.4"])
def test_scalars_that_look_like_other_types_are_quoted(value: str) -> None:
    from registri.loader import parse_text

    assert parse_text(f"k: {importer.scalar(value)}\n", "-").data == {"k": value}


def test_import_rules_are_in_the_catalogue() -> None:
    from registri.catalog import all_rules

    catalogue = all_rules()
    for rule in importer.RULES:
        assert catalogue[rule.code] is rule and rule.title and rule.fix
