"""--require-signed: real SSH keys (ssh-keygen), real signed commits, Git's allowed-signers check."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, git
from registri.audit import run_audit
from registri.config import load_office
from registri.history import load_history
from registri.signing import allowed_signers_text
from test_history_support import Trail

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
DAY = dt.date.fromisoformat(TODAY)
A = "DIK-2026-010"


def make_key(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / f"id_{name}"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@kunci", "-f", str(key)], check=True)
    return key, (folder / f"id_{name}.pub").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("keys")
    return {name: make_key(folder, name) for name in ("nurul", "siti", "hendra", "asing")}


def config_with_keys(keys: dict) -> str:
    """registri.yaml with the public keys of nurul, siti and hendra (not 'asing')."""
    text = (PROJECT / "registri.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^mulai_jejak:.*$", "mulai_jejak: null", text)  # the test repo's own trail
    for person in ("nurul", "siti", "hendra"):
        text = re.sub(rf"(  - kode: {person}\n(?:    .*\n|      .*\n)*?    kunci_ssh: )\[\]",
                      rf'\g<1>["{keys[person][1]}"]', text, count=1)
    return text


def sign_as(trail: Trail, key: Path | None) -> None:
    if key is None:
        git(trail.root, "config", "commit.gpgsign", "false")
        return
    git(trail.root, "config", "gpg.format", "ssh")
    git(trail.root, "config", "user.signingkey", str(key))
    git(trail.root, "config", "commit.gpgsign", "true")


@pytest.fixture
def trail(tmp_path: Path, keys) -> Trail:
    trail = Trail(tmp_path / "repo", config_text=config_with_keys(keys))
    trail.branch("dik/a")
    return trail


def signed_steps(trail: Trail, keys, who_signs: dict[int, str | None]) -> dict[int, str]:
    shas = {}
    for number, time in ((1, "09:00"), (2, "09:30"), (3, "10:00")):
        signer = who_signs.get(number, {1: "nurul", 2: "nurul", 3: "siti"}[number])
        sign_as(trail, keys[signer][0] if signer else None)
        shas[number] = trail.step(number, [A], f"2026-03-03T{time}:00+08:00")
    return shas


def test_allowed_signers_lists_each_key_with_the_persons_emails(keys, trail: Trail) -> None:
    text = allowed_signers_text(load_office(trail.root))
    line = next(l for l in text.splitlines() if keys["nurul"][1].split()[1] in l)
    assert line.startswith("nurul.hasanah@bpmp-kalsel.example,1048571+nurulhasanah@users.noreply.github.com ")
    assert 'namespaces="git" ssh-ed25519 ' in line and "nurul@kunci" not in line


def test_commits_signed_by_their_authors_pass(trail: Trail, keys) -> None:
    signed_steps(trail, keys, {})
    assert run_audit(trail.root, rev_range="main..dik/a", require_signed=True, today=DAY) == []
    history = load_history(trail.root)
    assert {e.commit.signature for e in history.of(A).events} == {"G"}


def test_unsigned_commit_is_reported(trail: Trail, keys) -> None:
    shas = signed_steps(trail, keys, {2: None})
    found = run_audit(trail.root, rev_range="main..dik/a", require_signed=True, today=DAY)
    assert [(f.code, f.commit) for f in found] == [("AUD017", shas[2])]
    assert "tanpa tanda tangan" in found[0].message
    # Without --require-signed the same history is clean.
    assert run_audit(trail.root, rev_range="main..dik/a", today=DAY) == []


def test_key_not_listed_in_registri_yaml_is_reported(trail: Trail, keys) -> None:
    shas = signed_steps(trail, keys, {1: "asing"})
    found = run_audit(trail.root, rev_range="main..dik/a", require_signed=True, today=DAY)
    assert [(f.code, f.commit) for f in found] == [("AUD017", shas[1])]


def test_signature_with_another_persons_key_is_reported(trail: Trail, keys) -> None:
    shas = signed_steps(trail, keys, {3: "nurul"})   # Siti's step signed with Nurul's key
    found = run_audit(trail.root, rev_range="main..dik/a", require_signed=True, today=DAY)
    assert [(f.code, f.commit) for f in found] == [("AUD018", shas[3])]
    assert "Nurul Hasanah" in found[0].message
