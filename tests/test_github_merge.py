"""Acceptance as the office works on GitHub (issue 10): the Atasan PPID's click on **Merge pull
request** is SOP step 5 for exactly the records the branch brings to `dilaporkan`; squash and
rebase merges stay violations; plain merges carry only `Pelaksana`; a `Langkah-POS: 5` merge that
accepts nothing is reported; `--require-signed` and GitHub's own signature.

The GitHub merges are made as GitHub writes them, in a real repository: `git merge-tree
--write-tree` for the result, `git commit-tree` with GitHub's committer and the Atasan PPID's
no-reply address as author, then main is moved (what the merge button does on the server)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import TODAY, git, registri
from registri.audit import run_audit
from registri.history import load_history
from test_history_support import Trail, record_text, trailers

DAY = dt.date.fromisoformat(TODAY)
A, B, C = "DIK-2026-201", "DIK-2026-202", "DIK-2026-203"
HENDRA_NOREPLY = "2097152+hendrawijaya@users.noreply.github.com"   # listed for him in registri.yaml
NURUL_NOREPLY = "1048571+nurulhasanah@users.noreply.github.com"
GITHUB = {"GIT_COMMITTER_NAME": "GitHub", "GIT_COMMITTER_EMAIL": "noreply@github.com"}


class ReportTrail(Trail):
    """Reported records carry their `laporan` period, as the schema requires."""

    def write(self, record_id: str, status: str, source_day: str = "2026-02-03") -> str:
        rel = self.path(record_id)
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        text = record_text(record_id, status, source_day)
        if status == "dilaporkan":
            text += "\nlaporan: 2026-T1\n"
        (self.root / rel).write_text(text, encoding="utf-8")
        return rel


def github_merge(trail: Trail, branch: str, when: str, number: int = 12, author: str = HENDRA_NOREPLY,
                 name: str = "Hendra Wijaya", message: str | None = None) -> str:
    """What GitHub's 'Create a merge commit' writes on main (author: the person who clicked)."""
    tree = git(trail.root, "merge-tree", "--write-tree", "main", branch).stdout.split()[0]
    env = {**GITHUB, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": author, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_DATE": when}
    message = message or f"Merge pull request #{number} from bpmp-kalsel/{branch}\n\nUsulan {branch}"
    sha = git(trail.root, "commit-tree", tree, "-p", "main", "-p", branch, "-m", message, env=env).stdout.strip()
    git(trail.root, "update-ref", "refs/heads/main", sha)
    git(trail.root, "switch", "-q", "main")
    return sha


def github_commit(trail: Trail, tree_of: str, parent: str, message: str, when: str, author: str) -> str:
    """A single-parent commit GitHub writes on main (squash or rebase merge)."""
    tree = git(trail.root, "rev-parse", f"{tree_of}^{{tree}}").stdout.strip()
    env = {**GITHUB, "GIT_AUTHOR_NAME": "Staf", "GIT_AUTHOR_EMAIL": author, "GIT_AUTHOR_DATE": when,
           "GIT_COMMITTER_DATE": when}
    sha = git(trail.root, "commit-tree", tree, "-p", parent, "-m", message, env=env).stdout.strip()
    git(trail.root, "update-ref", "refs/heads/main", sha)
    return sha


def steps_on_branch(trail: Trail, branch: str, reported: list[str], classified: list[str] = ()) -> None:
    trail.branch(branch)
    every = [*reported, *classified]
    trail.step(1, every, "2026-03-03T09:00:00+08:00")
    trail.step(2, every, "2026-03-03T09:40:00+08:00")
    trail.step(3, reported, "2026-03-03T10:30:00+08:00")
    trail.step(4, reported, "2026-03-03T11:00:00+08:00")


def codes(root: Path, **kwargs) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in run_audit(root, today=DAY, **kwargs):
        found.setdefault(finding.code, []).append(finding)
    return found


@pytest.fixture
def trail(tmp_path: Path) -> ReportTrail:
    return ReportTrail(tmp_path / "repo")


def test_the_atasan_ppid_clicking_merge_on_github_is_step_5(trail: ReportTrail, tmp_path: Path) -> None:
    """Done when: audit clean, "5 diterima" in history, the acceptance in the report with the merge's date."""
    steps_on_branch(trail, "dik/batch-1", [A, B])
    merge = github_merge(trail, "dik/batch-1", "2026-03-04T08:15:00+08:00")
    assert git(trail.root, "log", "-1", "--format=%ce|%ae|%s|%(trailers:only)", merge).stdout.strip() == (
        f"noreply@github.com|{HENDRA_NOREPLY}|Merge pull request #12 from bpmp-kalsel/dik/batch-1|")

    result = registri(trail.root, "audit", "--today", TODAY)
    assert result.returncode == 0 and "AUD" not in result.stdout, result.stdout + result.stderr

    shown = registri(trail.root, "history", A)
    assert shown.returncode == 0, shown.stderr
    line = next(l for l in shown.stdout.splitlines() if "5 diterima" in l)
    assert "Dr. Hendra Wijaya, M.Pd." in line and merge[:7] in line

    out = tmp_path / "laporan"
    report = registri(trail.root, "report", "--period", "2026-T1", "--format", "json", "--today", TODAY,
                      "--out", str(out))
    assert report.returncode == 0, report.stderr
    data = json.loads((out / "laporan-2026-T1.json").read_text(encoding="utf-8"))
    assert [(m["day"], m["merge"], m["record_ids"]) for m in data["acceptance"]["merges"]] == [
        ("2026-03-04", merge, [A, B])]
    assert data["acceptance"]["accepted_in_period"] == 2 and data["signature"]["accepted_on"] == "2026-03-04"


def test_githubs_pull_request_title_message_setting_is_recognised_too(trail: ReportTrail) -> None:
    """Settings -> Pull Requests -> merge commit message "Pull request title and description"."""
    steps_on_branch(trail, "dik/a", [A])
    merge = github_merge(trail, "dik/a", "2026-03-04T08:15:00+08:00",
                         message=f"Laporan DIK triwulan I (#14)\n\nLangkah 1-4 untuk {A}.")
    assert run_audit(trail.root, today=DAY) == []
    assert load_history(trail.root).of(A).accepted.merge.sha == merge


def test_a_merge_accepts_only_the_records_it_brings_to_dilaporkan(trail: ReportTrail, tmp_path: Path) -> None:
    steps_on_branch(trail, "dik/campur", [A], classified=[B])
    merge = github_merge(trail, "dik/campur", "2026-03-04T08:15:00+08:00")
    assert run_audit(trail.root, today=DAY) == []
    history = load_history(trail.root)
    assert [a.record_ids for a in history.acceptances] == [(A,)]
    assert history.of(B).accepted is None and history.of(A).accepted.merge.sha == merge
    merged_only = registri(trail.root, "history", B)
    assert "5 diterima" not in merged_only.stdout and "digabung (tanpa penerimaan)" in merged_only.stdout
    out = tmp_path / "laporan"
    registri(trail.root, "report", "--period", "2026-T1", "--format", "json", "--today", TODAY, "--out", str(out))
    data = json.loads((out / "laporan-2026-T1.json").read_text(encoding="utf-8"))
    assert data["acceptance"]["accepted_in_period"] == 1


def test_registri_accept_style_messages_pass_and_a_step_5_merge_accepting_nothing_is_reported(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/campur", [A], classified=[B])
    message = f"Terima laporan pendokumentasian: {A}\n\nDigabung tanpa penerimaan: {B}\n\n{trailers(5, 'Atasan PPID')}"
    trail.merge("dik/campur", "2026-03-04T08:15:00+08:00", message=message)
    trail.branch("dik/dua")
    trail.step(3, [B], "2026-03-05T09:00:00+08:00")
    trail.merge("dik/dua", "2026-03-05T10:00:00+08:00",
                message=f"Gabungkan perubahan: {B}\n\n{trailers(role='Atasan PPID')}")
    assert run_audit(trail.root, today=DAY) == []

    trail.branch("dik/tiga")
    trail.step(1, [C], "2026-03-06T09:00:00+08:00")
    sha = trail.merge("dik/tiga", "2026-03-06T10:00:00+08:00",
                      message=f"Terima laporan: {C}\n\n{trailers(5, 'Atasan PPID')}")
    found = codes(trail.root)
    assert list(found) == ["AUD020"] and found["AUD020"][0].commit == sha
    assert "Gabungkan perubahan" in found["AUD020"][0].message
    assert load_history(trail.root).of(C).accepted is None


def test_a_plain_merge_that_brings_a_reported_record_still_needs_step_5(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/a", [A])
    sha = trail.merge("dik/a", "2026-03-04T08:15:00+08:00",
                      message=f"Gabungkan perubahan: {A}\n\n{trailers(role='Atasan PPID')}")
    assert [f.commit for f in codes(trail.root)["AUD004"]] == [sha]


def test_a_github_merge_by_someone_without_the_atasan_role_is_reported(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/a", [A])
    sha = github_merge(trail, "dik/a", "2026-03-04T08:15:00+08:00", author=NURUL_NOREPLY, name="Nurul Hasanah")
    found = codes(trail.root)
    assert list(found) == ["AUD014"] and found["AUD014"][0].commit == sha
    assert load_history(trail.root).acceptances == ()


def test_a_look_alike_merge_not_committed_by_github_needs_its_trailers(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/a", [A])
    sha = trail.merge("dik/a", "2026-03-04T08:15:00+08:00", message="Merge pull request #3 from bpmp-kalsel/dik/a")
    assert {f.commit for f in codes(trail.root)["AUD004"]} == {sha}


def test_github_squash_and_rebase_merges_stay_violations(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/a", [A])
    start = git(trail.root, "rev-parse", "main").stdout.strip()
    squash = github_commit(trail, "dik/a", start, "Batch 1 (#12)\n\n* Langkah 1\n* Langkah 2",
                           "2026-03-04T08:15:00+08:00", NURUL_NOREPLY)
    assert [f.commit for f in codes(trail.root, rev_range=f"{start}..main")["AUD013"]] == [squash]

    git(trail.root, "update-ref", "refs/heads/main", start)
    parent = start
    for sha in git(trail.root, "rev-list", "--reverse", f"{start}..dik/a").stdout.split():   # "Rebase and merge"
        body = git(trail.root, "log", "-1", "--format=%B", sha).stdout
        parent = github_commit(trail, sha, parent, body, "2026-03-04T08:15:00+08:00", NURUL_NOREPLY)
    found = codes(trail.root, rev_range=f"{start}..main")
    assert len(found["AUD012"]) == 4 and "Rebase and merge" in found["AUD012"][0].message


def test_require_signed_asks_for_githubs_own_signature_on_its_merges(trail: ReportTrail) -> None:
    steps_on_branch(trail, "dik/a", [A])
    merge = github_merge(trail, "dik/a", "2026-03-04T08:15:00+08:00")
    found = [f for f in run_audit(trail.root, today=DAY, require_signed=True) if f.commit == merge]
    assert [f.code for f in found] == ["AUD017"]
    assert "GitHub" in found[0].message and "web-flow" in found[0].message


def _gpg_key(home: Path, uid: str) -> str:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(["gpg", "--batch", "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never"],
                   env=env, check=True, capture_output=True)
    listed = subprocess.run(["gpg", "--batch", "--with-colons", "--list-secret-keys"], env=env, check=True,
                            capture_output=True, text=True).stdout
    return next(line.split(":")[4] for line in listed.splitlines() if line.startswith("sec"))


@pytest.mark.skipif(shutil.which("gpg") is None, reason="needs GnuPG (Debian: apt-get install gnupg)")
def test_require_signed_accepts_a_good_signature_from_githubs_key_only(trail: ReportTrail, tmp_path: Path,
                                                                      monkeypatch) -> None:
    """A stand-in for GitHub's web-flow key (same user id), imported where the audit runs."""
    steps_on_branch(trail, "dik/a", [A])
    home = tmp_path / "gnupg"
    key = _gpg_key(home, "GitHub (web-flow commit signing) <noreply@github.com>")
    monkeypatch.setenv("GNUPGHOME", str(home))
    git(trail.root, "config", "user.signingkey", key)
    tree = git(trail.root, "merge-tree", "--write-tree", "main", "dik/a").stdout.split()[0]
    env = {**GITHUB, "GIT_AUTHOR_NAME": "Hendra Wijaya", "GIT_AUTHOR_EMAIL": HENDRA_NOREPLY,
           "GIT_AUTHOR_DATE": "2026-03-04T08:15:00+08:00", "GIT_COMMITTER_DATE": "2026-03-04T08:15:00+08:00",
           "GNUPGHOME": str(home)}
    merge = git(trail.root, "commit-tree", f"-S{key}", tree, "-p", "main", "-p", "dik/a", "-m",
                "Merge pull request #12 from bpmp-kalsel/dik/a", env=env).stdout.strip()
    git(trail.root, "update-ref", "refs/heads/main", merge)
    git(trail.root, "switch", "-q", "main")
    assert git(trail.root, "log", "-1", "--format=%G?|%GS").stdout.strip().endswith("<noreply@github.com>")
    found = [f for f in run_audit(trail.root, today=DAY, require_signed=True) if f.commit == merge]
    assert found == []

    other = tmp_path / "gnupg-lain"
    forged = _gpg_key(other, "Bukan GitHub <penyamar@luar.example>")
    monkeypatch.setenv("GNUPGHOME", str(other))
    env["GNUPGHOME"] = str(other)
    fake = git(trail.root, "commit-tree", f"-S{forged}", tree, "-p", f"{merge}^1", "-p", "dik/a", "-m",
               "Merge pull request #13 from bpmp-kalsel/dik/a", env=env).stdout.strip()
    git(trail.root, "update-ref", "refs/heads/main", fake)
    found = [f for f in run_audit(trail.root, today=DAY, require_signed=True) if f.commit == fake]
    assert [f.code for f in found] == ["AUD017"] and "web-flow" in found[0].message


def test_a_github_merge_that_brings_no_reported_record_is_a_clean_merge_without_acceptance(trail: ReportTrail) -> None:
    trail.branch("dik/awal")
    trail.step(1, [A], "2026-03-03T09:00:00+08:00")
    github_merge(trail, "dik/awal", "2026-03-03T10:00:00+08:00")
    assert run_audit(trail.root, today=DAY) == []
    history = load_history(trail.root)
    assert history.acceptances == () and len(history.of(A).merged) == 1
