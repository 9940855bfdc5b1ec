"""Rough edges found by the trial of issue 10, each with the input a real office produced:
a UTF-16 record, a misspelled field, Windows' upper-case SHA-256 and 'Rahasia' with a capital,
a lower-case file name, and attention advice that names the command to run."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, registri
from registri.attention import collect, render_text
from registri.normalise import normalised_text
from registri.register import load_register

RECORD = "records/2026/DIK-2026-003.yaml"
SHA = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_register(tmp_path / "register")


def text_of(root: Path) -> str:
    return (root / RECORD).read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding,kind", [("utf-16", "UTF-16 LE"), ("utf-16-le", "UTF-16 LE"),
                                           ("utf-16-be", "UTF-16 BE")])
def test_a_utf16_record_is_called_utf16_with_how_to_save_it(root: Path, encoding: str, kind: str) -> None:
    (root / RECORD).write_bytes(text_of(root).encode(encoding))      # PowerShell 5 `>` writes UTF-16 LE
    result = registri(root, "validate", RECORD, "--today", TODAY)
    assert result.returncode == 1
    assert f"{RECORD}:1: YML003 [kesalahan] Berkas ini teks {kind}, bukan UTF-8" in result.stdout
    assert "Simpan ulang sebagai UTF-8" in result.stdout and "biner" not in result.stdout


def test_a_misspelled_field_is_reported_at_its_own_line_with_the_closest_name(root: Path) -> None:
    text = text_of(root).replace("  tinjau_ulang:", "  tinjau_ulng:")
    (root / RECORD).write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "tinjau_ulng:" in l)
    result = registri(root, "validate", RECORD, "--today", TODAY)
    assert f"{RECORD}:{line}: DIK001 [kesalahan] Kolom 'tinjau_ulng' di 'klasifikasi' tidak dikenal. " \
           "Maksudnya 'tinjau_ulang'?" in result.stdout
    assert "wajib diisi" not in result.stdout   # one finding for one slip, not also "'tinjau_ulang' wajib diisi"
    top = text_of(root).replace("\nuraian:", "\nuraain:")
    (root / RECORD).write_text(top, encoding="utf-8")
    line = next(n for n, l in enumerate(top.splitlines(), 1) if l.startswith("uraain:"))
    assert f"{RECORD}:{line}: DIK001 [kesalahan] Kolom 'uraain' di catatan tidak dikenal. Maksudnya 'uraian'?" in \
        registri(root, "validate", RECORD, "--today", TODAY).stdout


def test_upper_case_sha256_and_capitalised_security_level_are_read_normalised_and_said_so(root: Path) -> None:
    text = text_of(root)
    assert SHA in text and "keamanan: terbatas" in text
    windows = text.replace(SHA, SHA.upper()).replace("keamanan: terbatas", "keamanan: Rahasia")
    (root / RECORD).write_text(windows, encoding="utf-8")
    result = registri(root, "validate", RECORD, "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert "YML012 [peringatan] Kolom 'dokumentasi.softcopy.sha256' ditulis" in result.stdout
    assert "YML012 [peringatan] Kolom 'klasifikasi.keamanan' ditulis 'Rahasia'; dibaca sebagai 'rahasia'" in result.stdout
    record = next(r for r in load_register(root).records if r.path == RECORD)
    assert record.data["klasifikasi"]["keamanan"] == "rahasia"
    assert record.data["dokumentasi"]["softcopy"]["sha256"] == SHA
    assert normalised_text(windows) == text.replace("keamanan: terbatas", "keamanan: rahasia")
    # Only what is unambiguous: a 63-digit hash and an unknown level stay errors.
    broken = text.replace(SHA, SHA.upper()[:63]).replace("keamanan: terbatas", "keamanan: Penting")
    (root / RECORD).write_text(broken, encoding="utf-8")
    assert registri(root, "validate", RECORD, "--today", TODAY).returncode == 1
    assert normalised_text(broken) == broken


def test_sangat_rahasia_with_a_space_is_sangat_rahasia() -> None:
    assert normalised_text("klasifikasi:\n  keamanan: Sangat Rahasia   # arsip\n") == \
        "klasifikasi:\n  keamanan: sangat_rahasia   # arsip\n"


def test_a_lower_case_file_name_is_never_suggested_as_the_id(root: Path) -> None:
    source = root / RECORD
    lower = source.with_name("dik-2026-003.yaml")
    source.rename(lower)
    result = registri(root, "validate", "--today", TODAY)
    line = next(l for l in result.stdout.splitlines() if "DIK002" in l)
    assert "Ubah id menjadi 'dik-" not in line and "'DIK-2026-003.yaml'" in line
    assert "git mv records/2026/dik-2026-003.yaml records/2026/DIK-2026-003.yaml" in line


def test_attention_advice_names_the_command_to_run() -> None:
    register = load_register(PROJECT)
    text = render_text(collect(register, dt.date(2031, 1, 1), 30))
    assert "Tindakan:" in text
    commands = re.findall(r"`(registri step (?:peninjauan|pembukaan) DIK-\d{4}-\d{3})`", text)
    assert commands, text


def _guide_yaml_blocks() -> list[dict]:
    import yaml

    blocks = []
    for page in sorted((PROJECT / "docs" / "panduan").glob("*.md")):
        for body in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            data = yaml.safe_load(body)
            if isinstance(data, dict):
                blocks.append(data)
    return blocks


@pytest.mark.parametrize("section", ["sumber", "penetapan", "uji_konsekuensi", "klasifikasi", "dokumentasi",
                                     "peninjauan", "dibuka"])
def test_the_guides_show_the_yaml_layout_of_every_section_a_person_writes(section: str) -> None:
    """Each layout in docs/panduan/ is valid against the record schema's part for that section."""
    import json

    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads((PROJECT / "tooling/registri/schema/record.schema.json").read_text(encoding="utf-8"))
    part = {"$defs": schema["$defs"], **schema["properties"][section]}
    shown = [b[section] for b in _guide_yaml_blocks() if section in b]
    assert shown, f"no YAML layout of '{section}' in docs/panduan/"
    for value in shown:
        value = json.loads(json.dumps(value, default=str))   # dates as YYYY-MM-DD text, as the loader gives them
        errors = [e.message for e in Draft202012Validator(part, format_checker=FormatChecker()).iter_errors(value)]
        assert errors == [], (section, errors)


def test_the_guides_say_how_to_start_the_commands_with_the_virtual_environment() -> None:
    text = (PROJECT / "docs" / "panduan" / "mengajukan.md").read_text(encoding="utf-8")
    for words in ("source .venv/bin/activate", ".venv\\Scripts\\Activate.ps1", ".venv/bin/registri",
                  ".venv\\Scripts\\registri", "activate.bat"):
        assert words in text, words


def test_the_error_guide_says_which_errors_may_be_waived() -> None:
    from registri.catalog import all_rules

    text = (PROJECT / "docs" / "panduan" / "pesan-kesalahan.md").read_text(encoding="utf-8")
    waivable_errors = sorted(c for c, r in all_rules().items() if r.waivable and r.level.value == "error")
    assert waivable_errors and all(c.startswith("SCN") for c in waivable_errors)   # scan's personal-data shapes
    assert "**kesalahan** pola data pribadi dari `registri scan`" in text and "**SCN001**" in text
    assert "Aturan tingkat **kesalahan** tidak\ndapat" not in text    # the old, untrue sentence


def test_scan_also_names_a_utf16_record_as_such(root: Path) -> None:
    (root / RECORD).write_bytes(text_of(root).encode("utf-16"))
    result = registri(root, "scan", RECORD)
    assert result.returncode == 1
    assert "SCN021 [kesalahan] Berkas ini teks UTF-16 LE, bukan UTF-8" in result.stdout and "biner" not in result.stdout


@pytest.mark.parametrize("args,package", [(["lint-yaml", RECORD], "yamllint"),
                                          (["check-files", "private-key", RECORD], "pre-commit-hooks")])
def test_hook_commands_without_their_package_say_so_in_indonesian(root: Path, args: list[str], package: str) -> None:
    import subprocess
    import sys

    blocked = "yamllint" if package == "yamllint" else "pre_commit_hooks"
    code = (f"import sys; sys.modules[{blocked!r}] = None; sys.path.insert(0, {str(PROJECT / 'tooling')!r}); "
            f"from registri.cli import main; sys.exit(main({args!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert result.returncode == 2 and f"butuh paket {package}" in result.stderr and "Traceback" not in result.stderr


def test_registri_step_accepts_windows_hash_and_capitalised_level(tmp_path: Path) -> None:
    """The step commits (the values are unambiguous); validate then says how to write them."""
    from conftest import git, init_repo
    from registri import steps

    repo = init_repo(copy_register(tmp_path / "repo", with_records=False))
    git(repo, "add", "registri.yaml")
    git(repo, "commit", "-q", "-m", "Siapkan register")
    sample = (PROJECT / "records" / "2025" / "DIK-2025-003.yaml").read_text(encoding="utf-8")
    rel = "records/2025/DIK-2025-003.yaml"
    (repo / "records" / "2025").mkdir(parents=True)
    env = {"REGISTRI_TODAY": TODAY}

    def run(number: int, status_text: str, status: str, who: str, email: str, fix=lambda t: t) -> None:
        text = steps.version_at(sample, status_text).replace(f"status: {status_text}", f"status: {status}")
        (repo / rel).write_text(fix(text), encoding="utf-8")
        git(repo, "config", "user.email", email)
        result = registri(repo, "step", str(number), "DIK-2025-003", env={**env, "GIT_AUTHOR_DATE": f"2025-12-1{number}T09:00:00+08:00"})
        assert result.returncode == 0, result.stdout + result.stderr

    sha = re.search(r"sha256: ([0-9a-f]{64})", sample).group(1)
    windows = lambda t: t.replace(sha, sha.upper()).replace("keamanan: terbatas", "keamanan: Terbatas")  # noqa: E731
    run(1, "divalidasi", "divalidasi", "nurul", "nurul.hasanah@bpmp-kalsel.example")
    run(2, "diklasifikasi", "divalidasi", "nurul", "nurul.hasanah@bpmp-kalsel.example", windows)
    run(3, "didokumentasikan", "diklasifikasi", "siti", "siti.aminah@bpmp-kalsel.example", windows)
    # registri step wrote the canonical spellings: nothing left to warn about in the committed text
    stored = git(repo, "show", f"HEAD:{rel}").stdout
    assert f"sha256: {sha}" in stored and "keamanan: terbatas" in stored
    assert "YML012" not in registri(repo, "validate", rel, "--today", TODAY).stdout
    # a file typed by hand with Windows spellings is read normalised, with the warning
    (repo / rel).write_text(windows(stored), encoding="utf-8")
    checked = registri(repo, "validate", rel, "--today", TODAY)
    assert checked.returncode == 0 and "ditulis 'Terbatas'; dibaca sebagai 'terbatas'" in checked.stdout
    assert "dokumentasi.softcopy.sha256" in checked.stdout
