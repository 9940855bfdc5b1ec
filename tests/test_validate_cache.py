"""`registri validate` remembers what it found by blob id (issue 12), and is never stale: every
change to what the check reads — a record staged, unstaged or new, a deleted record, the
configuration, the code, the day — is checked again; only an unchanged register is answered from
the cache. Real Git repositories; the real command where the output matters."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import TODAY, git, registri

import registri.validation as validation
from registri import cache

RECORD = "records/2026/DIK-2026-003.yaml"


@pytest.fixture
def repo(git_register: Path) -> Path:
    git(git_register, "add", "-A")
    git(git_register, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Register awal")
    return git_register


def codes(root: Path, today: str = TODAY) -> list[tuple[str, str]]:
    result, _, _ = validation.run_root(root, today)
    return sorted((f.path, f.code) for f in result.findings)


def forbid_checking(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the register was checked again although nothing changed")
    monkeypatch.setattr(validation, "run", refuse)


def break_record(root: Path) -> None:
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("status: ", "status: tidak_ada_", 1), encoding="utf-8")


def test_an_unchanged_register_is_answered_from_the_cache(repo, monkeypatch):
    first = codes(repo)
    forbid_checking(monkeypatch)
    assert codes(repo) == first


@pytest.mark.parametrize("how", ["unstaged", "staged", "committed"])
def test_a_changed_record_is_checked_again(repo, how):
    assert not any(path == RECORD for path, _ in codes(repo))
    break_record(repo)
    if how in ("staged", "committed"):
        git(repo, "add", RECORD)
    if how == "committed":
        git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "rusak")
    assert any(path == RECORD for path, _ in codes(repo))


def test_a_new_untracked_record_and_a_deleted_one_are_seen(repo):
    codes(repo)
    new = repo / "records" / "2026" / "DIK-2026-099.yaml"
    new.write_text("id: DIK-2026-099\njudul: tanpa kolom lain\n", encoding="utf-8")
    assert any(path == "records/2026/DIK-2026-099.yaml" for path, _ in codes(repo))
    new.unlink()
    assert not any(path == "records/2026/DIK-2026-099.yaml" for path, _ in codes(repo))


def test_the_configuration_the_code_and_the_day_are_part_of_the_key(repo, monkeypatch):
    codes(repo)
    calls = []
    real = validation.run
    monkeypatch.setattr(validation, "run", lambda *a, **k: calls.append(1) or real(*a, **k))
    config = repo / "registri.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# diubah\n", encoding="utf-8")
    codes(repo)
    assert len(calls) == 1                                   # configuration
    codes(repo, today="2026-11-27")
    assert len(calls) == 2                                   # another day
    monkeypatch.setattr(cache, "code_version", lambda: "kode-lain")
    codes(repo, today="2026-11-27")
    assert len(calls) == 3                                   # another version of the code
    codes(repo, today="2026-11-27")
    assert len(calls) == 3                                   # and now nothing changed


def test_the_command_gives_the_same_answer_cold_and_cached(repo):
    break_record(repo)
    cold = registri(repo, "validate", "--today", TODAY)
    again = registri(repo, "validate", "--today", TODAY)
    assert cold.returncode == again.returncode == 1
    assert cold.stdout == again.stdout and RECORD in cold.stdout
    assert list((repo / ".git" / "registri-cache").glob("validate-*.pickle"))


def test_records_read_on_two_cores_are_those_read_on_one(repo, monkeypatch):
    # A cold cache with the child's threshold lowered: half the records are parsed in a forked
    # child. The register (records and loading findings, a broken record among them) is the one
    # read without any cache, and what the child read is in the cache for the next run.
    from registri import forked
    from registri.register import load_register

    break_record(repo)
    (repo / "records" / "2026" / "DIK-2026-098.yaml").write_text("judul: [tidak ditutup\n", encoding="utf-8")
    git(repo, "add", "-A")
    monkeypatch.setattr(validation, "PARSE_IN_A_CHILD_FROM", 2)
    children = []
    real_beside = forked.beside
    monkeypatch.setattr(forked, "beside", lambda job: children.append(1) or real_beside(job))
    register, ids = validation.load_register_cached(repo)
    assert children == [1]
    plain = load_register(repo)
    assert register.records == plain.records and len(register.records) >= 2
    assert sorted(map(repr, register.load_findings)) == sorted(map(repr, plain.load_findings))
    assert {f.path for f in register.load_findings} == {RECORD, "records/2026/DIK-2026-098.yaml"}
    children.clear()
    again, _ = validation.load_register_cached(repo)
    assert children == [] and again.records == register.records      # every record from the cache
