"""The commit-msg check: trailers against what is staged, the author's role and the SOP —
called directly, through a plain Git hook, and through the installed pre-commit hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, git, registri
from registri.commitmsg import MSG_CODE, REFUSED_CONTENT, RULES, check_message
from registri.config import load_office
from registri.sop import load_sop
from registri.steps import version_at
from test_history_support import STAFF, Trail, trailers

A = "DIK-2026-010"


@pytest.fixture
def trail(tmp_path: Path) -> Trail:
    made = Trail(tmp_path / "repo")
    made.branch("dik/uji")   # staff commit records on a working branch; on main the guard refuses them
    return made


def as_person(root: Path, key: str) -> None:
    name, email = STAFF[key]
    git(root, "config", "user.name", name)
    git(root, "config", "user.email", email)


def check(trail: Trail, message: str) -> tuple[set[str], str | None]:
    file = trail.root / ".git" / "COMMIT_EDITMSG"
    file.write_text(message, encoding="utf-8")
    result = check_message(trail.root, file, load_office(trail.root), load_sop(trail.root))
    return {f.code for f in result.findings}, result.example


def stage(trail: Trail, record_id: str, status: str, source_day: str = "2026-02-03") -> None:
    git(trail.root, "add", trail.write(record_id, status, source_day))


def test_rule_codes_are_declared() -> None:
    assert [r.code for r in RULES] == [f"MSG{i:03d}" for i in range(1, 14)]


def test_right_step_one_passes(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    assert check(trail, f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}\n") == (set(), None)


def test_commits_touching_no_records_need_no_trailers(trail: Trail) -> None:
    (trail.root / "catatan.txt").write_text("x\n", encoding="utf-8")
    git(trail.root, "add", "catatan.txt")
    assert check(trail, "Tambah catatan rapat\n") == (set(), None)


def test_missing_trailers_are_refused_with_an_example(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    codes, example = check(trail, "Tambah catatan baru\n")
    assert codes == {MSG_CODE["missing"]}
    assert "Langkah-POS: 1" in example and "Pelaksana: PPID" in example and A in example


def test_trailers_outside_the_last_paragraph_are_explained(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    codes, _ = check(trail, "Tambah catatan\nLangkah-POS: 1\nPelaksana: PPID\n\nsudah dicek\n")
    assert codes == {MSG_CODE["missing"]}


def test_comment_lines_are_ignored(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    message = f"Langkah 1\n\n{trailers(1, 'PPID')}\n# Please enter the commit message\n# On branch main\n"
    assert check(trail, message)[0] == set()


@pytest.mark.parametrize(("message", "kind"), [
    ("Langkah-POS: 1\nLangkah-POS: 2\nPelaksana: PPID", "duplicate"),
    ("Langkah-POS: 1\nPerubahan: koreksi\nPelaksana: PPID", "contradictory"),
    ("Langkah-POS: 9\nPelaksana: PPID", "invalid"),
    ("Langkah-POS: 1\nPelaksana: Kepala Dinas", "invalid"),
])
def test_bad_trailers(trail: Trail, message: str, kind: str) -> None:
    stage(trail, A, "divalidasi")
    assert MSG_CODE[kind] in check(trail, f"Langkah 1\n\n{message}\n")[0]


def test_unknown_author(trail: Trail) -> None:
    as_person(trail.root, "tamu")
    stage(trail, A, "divalidasi")
    assert check(trail, f"Langkah 1\n\n{trailers(1, 'PPID')}\n")[0] == {MSG_CODE["unknown_author"]}


def test_author_identity_from_the_environment_wins(trail: Trail, monkeypatch) -> None:
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", STAFF["tamu"][1])
    stage(trail, A, "divalidasi")
    assert check(trail, f"Langkah 1\n\n{trailers(1, 'PPID')}\n")[0] == {MSG_CODE["unknown_author"]}


def test_role_not_held_and_not_allowed(trail: Trail) -> None:
    as_person(trail.root, "siti")
    stage(trail, A, "divalidasi")
    assert check(trail, f"Langkah 1\n\n{trailers(1, 'PPID')}\n")[0] == {MSG_CODE["role_not_held"]}
    codes, example = check(trail, f"Langkah 1\n\n{trailers(1, 'Pengadministrasi Umum')}\n")
    assert codes == {MSG_CODE["role_not_allowed"]}
    # No message of Siti's can be right: the example says who does step 1 instead of showing
    # `Pelaksana: PPID`, which she was just refused.
    assert "Pelaksana: PPID" not in example and "Nurul Hasanah" in example and "langkah 1" in example


def test_the_example_never_repeats_the_rejected_role(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    trail.commit(f"Langkah 1\n\n{trailers(1, 'PPID')}", "nurul", "2026-03-03T09:00:00+08:00")
    stage(trail, A, "divalidasi", source_day="2026-02-04")
    as_person(trail.root, "hendra")
    rejected = f"Koreksi {A}\n\n{trailers(role='PPID', change='koreksi')}\n"
    codes, example = check(trail, rejected)
    assert codes == {MSG_CODE["role_not_held"]}
    assert "Pelaksana: PPID" not in example and "Perubahan: koreksi" in example and "Pelaksana: Atasan PPID" in example


def test_step_order_and_status_against_head(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    trail.commit(f"Langkah 1\n\n{trailers(1, 'PPID')}", "nurul", "2026-03-03T09:00:00+08:00")
    stage(trail, A, "didokumentasikan")
    assert check(trail, f"Langkah 3\n\n{trailers(3, 'PPID')}\n")[0] >= {MSG_CODE["skipped"]}
    assert check(trail, f"Langkah 2\n\n{trailers(2, 'PPID')}\n")[0] == {MSG_CODE["status"]}
    stage(trail, A, "diklasifikasi")
    assert check(trail, f"Langkah 2\n\n{trailers(2, 'PPID')}\n")[0] == set()
    assert check(trail, f"Langkah 1\n\n{trailers(1, 'PPID')}\n")[0] == {MSG_CODE["twice"], MSG_CODE["status"]}


def test_deleting_a_record_is_refused(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    trail.commit(f"Langkah 1\n\n{trailers(1, 'PPID')}", "nurul", "2026-03-03T09:00:00+08:00")
    git(trail.root, "rm", "-q", trail.path(A))
    assert check(trail, f"Hapus\n\n{trailers(role='PPID', change='koreksi')}\n")[0] == {MSG_CODE["deleted"]}


def test_merge_into_main_is_step_five_by_the_atasan(trail: Trail) -> None:
    trail.branch("dik/a")
    for number in (1, 2, 3, 4):
        trail.step(number, [A], f"2026-03-03T0{number + 4}:00:00+08:00")
    trail.switch("main")
    git(trail.root, "merge", "-q", "--no-ff", "--no-commit", "dik/a")
    message = f"Terima laporan pendokumentasian: {A}\n\n{trailers(5, 'Atasan PPID')}\n"
    as_person(trail.root, "nurul")
    assert check(trail, message)[0] == {MSG_CODE["role_not_held"]}
    as_person(trail.root, "hendra")
    assert check(trail, message)[0] == set()
    codes, example = check(trail, f"Merge branch 'dik/a'\n\n{trailers(2, 'Atasan PPID')}\n")
    assert codes == {MSG_CODE["invalid"]} and "Langkah-POS: 5" in example
    codes, example = check(trail, f"Gabungkan perubahan: {A}\n\n{trailers(role='Atasan PPID')}\n")
    assert codes == {MSG_CODE["missing"]} and f"Terima laporan pendokumentasian: {A}" in example


def test_a_merge_without_reported_records_is_a_plain_merge(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], "2026-03-03T09:00:00+08:00")
    trail.switch("main")
    git(trail.root, "merge", "-q", "--no-ff", "--no-commit", "dik/a")
    as_person(trail.root, "hendra")
    assert check(trail, f"Gabungkan perubahan: {A}\n\n{trailers(role='Atasan PPID')}\n")[0] == set()
    codes, example = check(trail, f"Terima laporan\n\n{trailers(5, 'Atasan PPID')}\n")
    assert codes == {MSG_CODE["accepts_nothing"]} and MSG_CODE["accepts_nothing"] == "MSG012"
    assert f"Gabungkan perubahan: {A}" in example and "Langkah-POS" not in example


def test_cli_prints_findings_and_an_example(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    file = trail.root / "pesan.txt"
    file.write_text("Tambah catatan\n", encoding="utf-8")
    result = registri(trail.root, "check-message", str(file))
    assert result.returncode == 1
    assert "MSG004" in result.stderr and "Contoh pesan commit yang benar" in result.stderr
    assert "Langkah-POS: 1" in result.stderr and "Traceback" not in result.stderr


def _commit(root: Path, message: str) -> subprocess.CompletedProcess:
    return git(root, "commit", "-q", "-m", message, check=False)


def test_plain_git_hook_refuses_wrong_trailers(trail: Trail) -> None:
    hook = trail.root / ".git" / "hooks" / "commit-msg"
    hook.write_text(f'#!/bin/sh\nPYTHONPATH="{PROJECT / "tooling"}" exec "{sys.executable}" -m registri '
                    'check-message "$1"\n', encoding="utf-8")
    hook.chmod(0o755)
    stage(trail, A, "divalidasi")
    before = trail.head()
    refused = _commit(trail.root, f"Langkah 2\n\n{trailers(2, 'PPID')}")
    assert refused.returncode != 0 and "MSG" in refused.stderr and trail.head() == before
    accepted = _commit(trail.root, f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}")
    assert accepted.returncode == 0, accepted.stderr
    assert trail.head() != before


@pytest.mark.slow
def test_installed_pre_commit_hook_refuses_wrong_trailers(tmp_path: Path) -> None:
    """The real thing: `pre-commit install` from the project's .pre-commit-config.yaml."""
    trail = Trail(tmp_path / "repo")
    shutil.copytree(PROJECT / "tooling", trail.root / "tooling",
                    ignore=shutil.ignore_patterns("__pycache__", "bench", "*.pyc", "*.egg-info"))
    for name in (".pre-commit-config.yaml", ".yamllint.yaml"):
        shutil.copy2(PROJECT / name, trail.root / name)
    git(trail.root, "add", ".")
    trail.commit("Siapkan register", "nurul", "2026-03-02T07:10:00+08:00", None, "--no-verify")
    trail.branch("dik/DIK-2026-003")   # record commits belong on a working branch (the main guard)
    pre_commit = Path(sys.executable).parent / "pre-commit"
    installed = subprocess.run([str(pre_commit), "install"], cwd=trail.root, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    assert (trail.root / ".git" / "hooks" / "commit-msg").is_file()
    final = (PROJECT / "records" / "2026" / "DIK-2026-003.yaml").read_text(encoding="utf-8")
    rel = "records/2026/DIK-2026-003.yaml"
    (trail.root / rel).write_text(version_at(final, "divalidasi"), encoding="utf-8")
    git(trail.root, "add", rel)
    before = trail.head()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
    refused = subprocess.run(["git", "commit", "-q", "-m", "Tambah catatan\n\nLangkah-POS: 3\nPelaksana: PPID"],
                             cwd=trail.root, capture_output=True, text=True, env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "registri check-message" in output and "MSG008" in output, output
    assert trail.head() == before
    accepted = subprocess.run(["git", "commit", "-q", "-m", "Langkah 1: DIK-2026-003\n\nLangkah-POS: 1\nPelaksana: PPID"],
                              cwd=trail.root, capture_output=True, text=True, env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert trail.head() != before


def result_of(trail: Trail, message: str):
    file = trail.root / ".git" / "COMMIT_EDITMSG"
    file.write_text(message, encoding="utf-8")
    return check_message(trail.root, file, load_office(trail.root), load_sop(trail.root))


def test_a_record_commit_directly_on_main_is_refused_whatever_the_message(trail: Trail, monkeypatch) -> None:
    trail.switch("main")
    stage(trail, A, "divalidasi")
    result = result_of(trail, f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}\n")   # a right message does not help
    assert result.refusal and "langsung di cabang main" in result.refusal and f"git switch -c dik/{A}" in result.refusal
    assert result.findings == ()
    monkeypatch.setenv("REGISTRI_ADOPSI", "1")                        # adopting the template: allowed once
    assert result_of(trail, "Hapus catatan contoh\n").refusal is None


def test_the_main_guard_refuses_through_the_cli_in_indonesian(trail: Trail) -> None:
    trail.switch("main")
    stage(trail, A, "divalidasi")
    file = trail.root / "pesan.txt"
    file.write_text(f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}\n", encoding="utf-8")
    result = registri(trail.root, "check-message", str(file), env={"REGISTRI_ADOPSI": ""})
    assert result.returncode == 1 and "Commit ditolak: commit ini mengubah catatan (DIK-2026-010)" in result.stderr
    assert "REGISTRI_ADOPSI=1" in result.stderr and "Traceback" not in result.stderr


def _with_warisan(trail: Trail, record_id: str) -> None:
    path = trail.root / trail.path(record_id)
    path.write_text(path.read_text(encoding="utf-8") + "\nwarisan:\n  daftar: dik-lama.csv\n  baris: 2\n"
                    "  diimpor: 2026-03-02\n  asli:\n    informasi: Hasil asesmen\n", encoding="utf-8")
    git(trail.root, "add", trail.path(record_id))


def test_a_warisan_section_given_to_an_existing_record_is_refused(trail: Trail) -> None:
    trail.step(1, [A], "2026-03-03T09:00:00+08:00")
    _with_warisan(trail, A)
    result = result_of(trail, f"Koreksi {A}\n\n{trailers(role='PPID', change='koreksi')}\n")
    assert {f.code for f in result.findings} == {MSG_CODE["inherited_added"]} == {"MSG013"}
    assert result.findings[0].path == trail.path(A) and "registri import --existing" in result.findings[0].message
    assert result.example is None and result.headline == REFUSED_CONTENT   # the message itself was right


def test_a_record_created_with_its_warisan_section_or_already_inherited_is_not_refused(trail: Trail) -> None:
    stage(trail, A, "divalidasi")
    _with_warisan(trail, A)                                             # created by the import: allowed
    assert check(trail, f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}\n") == (set(), None)
    trail.commit(f"Langkah 1: {A}\n\n{trailers(1, 'PPID')}", "nurul", "2026-03-03T09:00:00+08:00")
    path = trail.root / trail.path(A)
    path.write_text(path.read_text(encoding="utf-8").replace("informasi: Hasil asesmen", "informasi: Hasil asesmen 2024"),
                    encoding="utf-8")                                  # an inherited record edited later: allowed
    git(trail.root, "add", trail.path(A))
    assert check(trail, f"Koreksi {A}\n\n{trailers(role='PPID', change='koreksi')}\n") == (set(), None)
