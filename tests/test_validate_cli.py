"""`registri validate`: output format, exit codes, file selection, configuration errors, speed of imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, registri

BAD_RECORD = "records/2026/DIK-2026-003.yaml"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_register(tmp_path_factory.mktemp("sample") / "register")


def test_sample_register_is_clean(sample: Path) -> None:
    result = registri(sample, "validate", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list((sample / "records").rglob("*.yaml")))
    assert result.stdout.strip() == f"{count} catatan diperiksa, tidak ada kesalahan."


def test_error_exit_one_with_path_line_code_level_message(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    record = root / BAD_RECORD
    record.write_text(record.read_text("utf-8").replace("keamanan: terbatas", "keamanan: biasa"), "utf-8")
    result = registri(root, "validate", "--today", TODAY)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(record.read_text("utf-8").splitlines(), 1) if "keamanan:" in text)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{BAD_RECORD}:{line}: DIK026 [kesalahan] Keamanan 'biasa'")
    assert lines[-1] == "Ditemukan 1 kesalahan dan 0 peringatan."


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    record = root / BAD_RECORD
    record.write_text(record.read_text("utf-8").replace("tinjau_ulang: 2027-01-28", "tinjau_ulang: 2026-11-01"), "utf-8")
    result = registri(root, "validate", "--today", TODAY)
    assert result.returncode == 0
    assert " DIK019 [peringatan] " in result.stdout
    assert "tidak ada kesalahan (hanya peringatan)" in result.stdout


def test_json_lists_findings_and_waived(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    record = root / BAD_RECORD
    text = record.read_text("utf-8").replace('"arsip-ppid:/dikecualikan/2026/DIK-2026-003/"', "https://arsip.bpmp-kalsel.example/dik/3")
    text += "abaikan_aturan:\n  - kode: DIK029\n    alasan: Sistem arsip internal yang hanya dapat dibuka dengan login kantor.\n"
    record.write_text(text, "utf-8")
    other = root / "records/2026/DIK-2026-002.yaml"
    other.write_text(other.read_text("utf-8").replace("keamanan: terbatas", "keamanan: terbuka"), "utf-8")
    result = registri(root, "validate", "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["hari_ini"] == TODAY and data["ringkasan"] == {"kesalahan": 1, "peringatan": 0}
    assert [(f["code"], f["path"], f["level"]) for f in data["temuan"]] == [("DIK026", "records/2026/DIK-2026-002.yaml", "error")]
    assert [(f["code"], f["record"]) for f in data["diabaikan"]] == [("DIK029", "DIK-2026-003")]


def test_files_relative_to_cwd_and_non_records_ignored(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    (root / "notes.yaml").write_text("- bukan catatan\n", "utf-8")
    (root / "records/2026/README.txt").write_text("bukan yaml\n", "utf-8")
    bad = root / "records/2026/DIK-2026-002.yaml"
    bad.write_text(bad.read_text("utf-8").replace("keamanan: terbatas", "keamanan: biasa"), "utf-8")
    folder = root / "records/2026"
    result = registri(folder, "validate", "DIK-2026-003.yaml", "../../notes.yaml", "README.txt", "--today", TODAY)
    assert (result.returncode, result.stdout.strip()) == (0, "1 catatan diperiksa, tidak ada kesalahan.")
    result = registri(folder, "validate", "DIK-2026-002.yaml", "--today", TODAY)
    assert result.returncode == 1 and result.stdout.startswith("records/2026/DIK-2026-002.yaml:")


def test_missing_record_file_is_a_finding(sample: Path) -> None:
    result = registri(sample, "validate", "records/2026/DIK-2026-099.yaml", "--today", TODAY)
    assert result.returncode == 1 and "YML001 [kesalahan]" in result.stdout


def test_today_changes_the_verdict(sample: Path) -> None:
    """DIK-2025-005 runs to 2026-12-19: closed on the 19th, expired-but-closed after it."""
    assert registri(sample, "validate", "--today", "2026-12-19").returncode == 0
    late = registri(sample, "validate", "--today", "2026-12-20")
    assert late.returncode == 1 and "DIK-2025-005.yaml" in late.stdout and " DIK020 " in late.stdout
    env = registri(sample, "validate", env={"REGISTRI_TODAY": "2026-12-20"})
    assert env.returncode == 1 and " DIK020 " in env.stdout


def test_bad_today_is_a_usage_error(sample: Path) -> None:
    result = registri(sample, "validate", "--today", "2026-02-30")
    assert result.returncode == 2 and "--today" in result.stderr and "Traceback" not in result.stderr


def test_broken_office_config_exit_two(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    config = root / "registri.yaml"
    config.write_text(config.read_text("utf-8").replace("zona_waktu: Asia/Makassar", "zona_waktu: [Asia/Makassar"), "utf-8")
    text = registri(root, "validate", "--today", TODAY)
    assert text.returncode == 2 and "registri.yaml" in text.stderr and "YML004" in text.stderr
    assert "Traceback" not in text.stderr
    data = registri(root, "validate", "--today", TODAY, "--format", "json")
    assert data.returncode == 2
    payload = json.loads(data.stdout)
    assert payload["temuan"][0]["path"] == "registri.yaml" and "registri.yaml" in payload["galat"]


def test_broken_office_sop_exit_two(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "register")
    (root / "sop.yaml").write_text("nomor: 1\nnomor: 2\n", "utf-8")
    result = registri(root, "validate", "--today", TODAY)
    assert result.returncode == 2 and "sop.yaml" in result.stderr and "Traceback" not in result.stderr


def test_outside_a_register_is_a_usage_error(tmp_path: Path) -> None:
    result = registri(tmp_path, "validate")
    assert result.returncode == 2 and "registri.yaml" in result.stderr


def test_one_file_path_imports_no_heavy_modules(sample: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling")}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "registri", "validate",
                             "records/2026/DIK-2026-003.yaml", "--today", TODAY],
                            cwd=sample, env=env, text=True, capture_output=True)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "registri.rules" in imported
    heavy = sorted(name for name in imported
                   if name.split(".")[0] in {"matplotlib", "mkdocs", "openpyxl", "reportlab", "jinja2", "git", "numpy", "PIL",
                                                "jsonschema"})
    assert heavy == []


def test_invalid_record_loads_the_reference_validator_to_explain(tmp_path: Path) -> None:
    # jsonschema is imported lazily (the fast validator's "valid" needs no explanation); a broken
    # record must still get the reference validator's field-by-field message.
    register = copy_register(tmp_path / "reg")
    record = register / "records/2026/DIK-2026-003.yaml"
    record.write_text(record.read_text("utf-8").replace("judul:", "judull:", 1), "utf-8")
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling")}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "registri", "validate",
                             "records/2026/DIK-2026-003.yaml", "--today", TODAY],
                            cwd=register, env=env, text=True, capture_output=True)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "DIK001" in result.stdout and "judull" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "jsonschema" in imported


def test_a_folder_stands_for_its_records(sample: Path) -> None:
    result = registri(sample, "validate", "records/2025", "--today", TODAY)
    assert (result.returncode, result.stdout.strip()) == (0, "8 catatan diperiksa, tidak ada kesalahan.")
