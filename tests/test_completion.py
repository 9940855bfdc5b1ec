"""The way out for a commit without trailers (made with --no-verify or on GitHub's web editor):
`registri lengkapi COMMIT` by the commit's own author writes a follow-up commit with
`Melengkapi: <id>`; the audit then judges the commit with those trailers, so a wrong step stays
wrong, and a follow-up by anyone else is reported (AUD021)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY, git, registri
from registri.audit import run_audit
from registri.history import load_history
from test_history_support import STAFF, Trail, trailers

DAY = dt.date.fromisoformat(TODAY)
A = "DIK-2026-301"
NURUL_NOREPLY = "1048571+nurulhasanah@users.noreply.github.com"


def codes(root: Path) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in run_audit(root, today=DAY):
        found.setdefault(finding.code, []).append(finding)
    return found


def as_person(root: Path, who: str) -> None:
    name, email = STAFF[who]
    git(root, "config", "user.name", name)
    git(root, "config", "user.email", email)


@pytest.fixture
def trail(tmp_path: Path) -> Trail:
    trail = Trail(tmp_path / "repo")
    trail.branch("dik/a")
    trail.step(1, [A], "2026-03-03T09:00:00+08:00")
    return trail


def test_the_refusal_names_the_way_out_and_the_follow_up_commit_clears_it(trail: Trail) -> None:
    sha = trail.step(2, [A], "2026-03-03T09:40:00+08:00", message="Klasifikasi")   # --no-verify, no trailers
    finding = codes(trail.root)["AUD004"][0]
    assert finding.commit == sha and f"registri lengkapi {sha[:10]}" in finding.message

    as_person(trail.root, "nurul")
    result = registri(trail.root, "lengkapi", sha[:10])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "langkah 2" in result.stdout and "git push" in result.stdout
    body = git(trail.root, "log", "-1", "--format=%B").stdout
    assert f"Melengkapi: {sha}" in body and "Langkah-POS: 2" in body and "Pelaksana: PPID" in body
    assert git(trail.root, "show", "--name-only", "--format=", "HEAD").stdout.strip() == ""   # changes no file

    assert run_audit(trail.root, today=DAY) == []
    event = load_history(trail.root).of(A).step(2)
    assert event is not None and event.commit.sha == sha and event.commit.completed_by
    shown = registri(trail.root, "history", A)
    assert "langkah 2" in shown.stdout and sha[:10] in shown.stdout

    again = registri(trail.root, "lengkapi", sha[:10])
    assert again.returncode == 2 and "sudah dilengkapi" in again.stderr


def test_only_the_author_may_complete_and_a_stranger_s_follow_up_is_reported(trail: Trail) -> None:
    sha = trail.step(2, [A], "2026-03-03T09:40:00+08:00", message="Klasifikasi")
    as_person(trail.root, "fajar")
    refused = registri(trail.root, "lengkapi", sha)
    assert refused.returncode == 2 and "hanya dia" in refused.stderr and "Traceback" not in refused.stderr

    trail.commit(f"Lengkapi\n\nMelengkapi: {sha}\n{trailers(2, 'PPID')}", "fajar", "2026-03-03T10:00:00+08:00")
    found = codes(trail.root)
    assert sorted(found) == ["AUD004", "AUD021"] and "fajar" in found["AUD021"][0].message.lower()


def test_a_web_editor_commit_under_the_github_address_is_completed_from_the_office_address(trail: Trail) -> None:
    trail.write(A, "diklasifikasi")
    git(trail.root, "add", "-A")
    env = {"GIT_AUTHOR_NAME": "Nurul Hasanah", "GIT_AUTHOR_EMAIL": NURUL_NOREPLY,
           "GIT_AUTHOR_DATE": "2026-03-03T09:40:00+08:00", "GIT_COMMITTER_NAME": "GitHub",
           "GIT_COMMITTER_EMAIL": "noreply@github.com", "GIT_COMMITTER_DATE": "2026-03-03T09:40:00+08:00"}
    git(trail.root, "commit", "-q", "--no-verify", "-m", "Update DIK-2026-301.yaml", env=env)
    sha = trail.head()
    as_person(trail.root, "nurul")
    assert registri(trail.root, "lengkapi", sha).returncode == 0
    assert run_audit(trail.root, today=DAY) == []


def test_completing_does_not_launder_a_wrong_step(trail: Trail) -> None:
    sha = trail.step(3, [A], "2026-03-03T09:40:00+08:00", who="siti", message="Dokumentasi")   # skips step 2
    as_person(trail.root, "siti")
    assert registri(trail.root, "lengkapi", sha).returncode == 0
    assert sorted(codes(trail.root)) == ["AUD008"]


def test_a_complete_commit_needs_no_follow_up(trail: Trail) -> None:
    sha = trail.step(2, [A], "2026-03-03T09:40:00+08:00")
    as_person(trail.root, "nurul")
    result = registri(trail.root, "lengkapi", sha)
    assert result.returncode == 2 and "tidak ada yang perlu dilengkapi" in result.stderr


def test_registri_accept_refuses_the_branch_and_names_the_way_out(trail: Trail) -> None:
    sha = trail.step(2, [A], "2026-03-03T09:40:00+08:00", message="Klasifikasi")
    trail.switch("main")
    as_person(trail.root, "hendra")
    refused = registri(trail.root, "accept", "dik/a", "--today", TODAY)
    assert refused.returncode == 1 and "AUD004" in refused.stdout
    assert f"registri lengkapi {sha[:10]}" in refused.stdout and "Main tidak diubah" in refused.stdout
    trail.switch("dik/a")
    as_person(trail.root, "nurul")
    assert registri(trail.root, "lengkapi", sha).returncode == 0
    trail.switch("main")
    as_person(trail.root, "hendra")
    accepted = registri(trail.root, "accept", "dik/a", "--today", TODAY)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_follow_up_commit_is_made_on_a_working_branch_not_on_main(trail: Trail) -> None:
    sha = trail.step(2, [A], "2026-03-03T09:40:00+08:00", message="Klasifikasi")
    trail.switch("main")
    as_person(trail.root, "nurul")
    before = trail.head()
    refused = registri(trail.root, "lengkapi", sha)
    assert refused.returncode == 2 and "bukan di main" in refused.stderr and trail.head() == before
