"""`registri accept`: the Atasan PPID's merge into main is SOP step 5, after a clean branch audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY, git, registri
from registri import demo

HENDRA = ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example")
NURUL = ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example")
RECORD = "records/2026/DIK-2026-002.yaml"      # documented (step 3) on main in the demo


def at(when: str) -> dict:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "REGISTRI_TODAY": TODAY}


def as_person(repo: Path, who: tuple[str, str]) -> None:
    git(repo, "config", "user.name", who[0])
    git(repo, "config", "user.email", who[1])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The demo register with DIK-2026-002 reported (step 4) on branch dik/DIK-2026-002."""
    path = demo.build_demo(tmp_path / "demo", seed=1, today=dt.date.fromisoformat(TODAY))
    result = registri(path, "step", "4", "DIK-2026-002", "--laporan", "2026-T4", env=at("2026-11-25T13:00:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    git(path, "switch", "-q", "main")
    as_person(path, HENDRA)
    return path


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def test_atasan_accepts_with_a_no_ff_merge_that_passes_the_audit(repo: Path) -> None:
    before = head(repo)
    result = registri(repo, "accept", "dik/DIK-2026-002", env=at("2026-11-25T13:20:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DIK-2026-002" in result.stdout and "Dr. Hendra Wijaya" in result.stdout
    parents = git(repo, "log", "-1", "--format=%P").stdout.split()
    assert parents[0] == before and len(parents) == 2
    assert git(repo, "log", "-1", "--format=%B").stdout.strip() == (
        "Terima laporan pendokumentasian: DIK-2026-002\n\nLangkah-POS: 5\nPelaksana: Atasan PPID")
    assert git(repo, "log", "-1", "--format=%ae").stdout.strip() == HENDRA[1]
    assert "status: dilaporkan" in (repo / RECORD).read_text(encoding="utf-8")
    audit = registri(repo, "audit", "--today", TODAY)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    history = registri(repo, "history", "DIK-2026-002")
    assert "Atasan PPID" in history.stdout


def test_only_the_atasan_ppid_may_accept(repo: Path) -> None:
    as_person(repo, NURUL)
    before = head(repo)
    result = registri(repo, "accept", "dik/DIK-2026-002", env=at("2026-11-25T13:20:00+08:00"))
    assert result.returncode == 2
    assert "Atasan PPID" in result.stderr and "Nurul Hasanah" in result.stderr
    assert head(repo) == before


def test_accept_needs_main_a_clean_tree_and_a_real_branch(repo: Path) -> None:
    (repo / "registri.yaml").write_text((repo / "registri.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    dirty = registri(repo, "accept", "dik/DIK-2026-002")
    assert dirty.returncode == 2 and "belum di-commit" in dirty.stderr and "registri.yaml" in dirty.stderr
    git(repo, "checkout", "-q", "--", "registri.yaml")
    missing = registri(repo, "accept", "dik/tidak-ada")
    assert missing.returncode == 2 and "tidak ada" in missing.stderr
    git(repo, "switch", "-q", "dik/DIK-2026-002")
    elsewhere = registri(repo, "accept", "dik/DIK-2026-002")
    assert elsewhere.returncode == 2 and "git switch main" in elsewhere.stderr
    assert "Traceback" not in dirty.stderr + missing.stderr + elsewhere.stderr


def test_a_branch_whose_trail_is_broken_is_refused_and_main_stays(repo: Path) -> None:
    git(repo, "switch", "-q", "dik/DIK-2026-002")
    file = repo / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("status: dilaporkan", "status: didokumentasikan"),
                    encoding="utf-8")
    as_person(repo, NURUL)     # a PPID doing step 3, which the SOP gives to the Pengadministrasi Umum
    git(repo, "commit", "-q", "-am", "Ubah status\n\nLangkah-POS: 3\nPelaksana: PPID",
        env=at("2026-11-25T13:10:00+08:00"))
    git(repo, "switch", "-q", "main")
    as_person(repo, HENDRA)
    before = head(repo)
    result = registri(repo, "accept", "dik/DIK-2026-002", env=at("2026-11-25T13:20:00+08:00"))
    assert result.returncode == 1
    assert "AUD003" in result.stdout and "DIK-2026-002" in result.stdout
    assert "belum dapat diterima" in result.stdout
    assert head(repo) == before
    assert git(repo, "status", "--porcelain").stdout == ""


def test_a_review_branch_is_merged_not_received(repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "dik/peninjauan-DIK-2025-003", "main")
    as_person(repo, NURUL)
    file = repo / "records/2025/DIK-2025-003.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.rstrip("\n") + "\n\npeninjauan:\n  - tanggal: 2026-11-25\n    hasil: Pengecualian dipertahankan.\n",
                    encoding="utf-8")
    result = registri(repo, "step", "peninjauan", "DIK-2025-003", env=at("2026-11-25T10:00:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    git(repo, "switch", "-q", "main")
    as_person(repo, HENDRA)
    accepted = registri(repo, "accept", "dik/peninjauan-DIK-2025-003", env=at("2026-11-25T10:30:00+08:00"))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert registri(repo, "audit", "--today", TODAY).returncode == 0
    assert git(repo, "log", "-1", "--format=%B").stdout.strip() == (
        "Gabungkan perubahan: DIK-2025-003\n\nPelaksana: Atasan PPID")
