"""Windows checkouts (issue 10): Git for Windows clones with core.autocrlf=true. The repository's
.gitattributes keeps records LF in the working tree, and the hooks accept a record a Windows
editor saved with CRLF (Git stores LF anyway). Steps 1-4 and the acceptance run in such a clone
with the real pre-commit hooks installed, and the audit is clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT, TODAY, copy_register, git, init_repo, registri
from registri import steps

SAMPLE = PROJECT / "records" / "2025" / "DIK-2025-003.yaml"
RECORD = "records/2025/DIK-2025-003.yaml"
STAFF = {
    "nurul": ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example"),
    "siti": ("Siti Aminah", "siti.aminah@bpmp-kalsel.example"),
    "hendra": ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example"),
}


def at(when: str) -> dict:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "REGISTRI_TODAY": TODAY}


def as_person(repo: Path, key: str) -> None:
    name, email = STAFF[key]
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)


def save_as_windows_editor(repo: Path, status_text: str, status: str) -> None:
    """What Notepad on Windows writes: the record with CRLF line ends."""
    text = steps.version_at(SAMPLE.read_text(encoding="utf-8"), status_text)
    text = text.replace(f"status: {status_text}", f"status: {status}")
    file = repo / RECORD
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


def test_steps_1_to_4_and_accept_in_an_autocrlf_clone_audit_clean(tmp_path: Path) -> None:
    origin = init_repo(copy_register(tmp_path / "kantor", with_records=False))
    shutil.copytree(PROJECT / "tooling", origin / "tooling",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "bench"))
    (origin / "records" / ".gitkeep").write_text("", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "--no-verify", "-m", "Siapkan register", env=at("2025-12-01T08:00:00+08:00"))

    clone = tmp_path / "windows"
    git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(origin), str(clone))
    assert git(clone, "config", "core.autocrlf").stdout.strip() == "true"
    assert b"\r\n" not in (clone / "registri.yaml").read_bytes()          # .gitattributes: LF on checkout
    git(clone, "config", "commit.gpgsign", "false")
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=clone, text=True,
                               capture_output=True, env={**os.environ, "REGISTRI_TODAY": TODAY})
    assert installed.returncode == 0, installed.stdout + installed.stderr

    as_person(clone, "nurul")
    save_as_windows_editor(clone, "divalidasi", "divalidasi")
    first = registri(clone, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "yamllint" in first.stdout + first.stderr or (clone / ".git" / "hooks" / "pre-commit").is_file()
    save_as_windows_editor(clone, "diklasifikasi", "divalidasi")
    second = registri(clone, "step", "2", "DIK-2025-003", env=at("2025-12-11T10:00:00+08:00"))
    assert second.returncode == 0, second.stdout + second.stderr
    as_person(clone, "siti")
    save_as_windows_editor(clone, "didokumentasikan", "diklasifikasi")
    third = registri(clone, "step", "3", "DIK-2025-003", env=at("2025-12-12T08:30:00+08:00"))
    assert third.returncode == 0, third.stdout + third.stderr
    as_person(clone, "nurul")
    fourth = registri(clone, "step", "4", "DIK-2025-003", "--laporan", "2025-T4", env=at("2025-12-15T09:00:00+08:00"))
    assert fourth.returncode == 0, fourth.stdout + fourth.stderr
    for output in (first, second, third, fourth):
        assert "wrong new line character" not in output.stdout + output.stderr

    stored = git(clone, "show", f"HEAD:{RECORD}").stdout
    assert "\r" not in stored and "status: dilaporkan" in stored                # Git stored LF

    git(clone, "switch", "-q", "main")
    as_person(clone, "hendra")
    accepted = registri(clone, "accept", "dik/DIK-2025-003", env=at("2025-12-15T10:00:00+08:00"))
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    audit = registri(clone, "audit", "--today", TODAY)
    assert audit.returncode == 0 and "AUD" not in audit.stdout, audit.stdout + audit.stderr
    history = registri(clone, "history", "DIK-2025-003")
    assert "5 diterima" in history.stdout
