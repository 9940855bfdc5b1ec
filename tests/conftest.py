"""Shared test fixtures: the project root, a fixed 'today', and real Git repositories."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-26"            # the fixed date the sample register is checked against
ARTIFACTS = PROJECT / "tests" / "artifacts"   # screenshots and rendered pages kept for review

sys.path.insert(0, str(PROJECT / "tooling"))  # tests import the package from the source tree


def git(cwd: Path, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run real Git in `cwd`; output as text."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(["git", *args], cwd=cwd, env=full_env, check=check, text=True, capture_output=True)


def registri(cwd: Path, *args: str, env: dict | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the real `registri` command (the installed console script when present)."""
    exe = shutil.which("registri", path=str(Path(sys.executable).parent)) or None
    cmd = [exe] if exe else [sys.executable, "-m", "registri"]
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling"), **(env or {})}
    return subprocess.run([*cmd, *args], cwd=cwd, env=full_env, text=True, capture_output=True, input=stdin)


def copy_register(dest: Path, with_records: bool = True) -> Path:
    """A copy of this repository's register files (config, records, hooks config) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("registri.yaml", ".pre-commit-config.yaml", ".yamllint.yaml", ".gitattributes"):
        if (PROJECT / name).exists():
            shutil.copy2(PROJECT / name, dest / name)
    config = dest / "registri.yaml"  # a new repository's trail starts at its own first commit
    config.write_text(re.sub(r"(?m)^mulai_jejak:.*$", "mulai_jejak: null", config.read_text("utf-8")), "utf-8")
    if with_records:
        shutil.copytree(PROJECT / "records", dest / "records", dirs_exist_ok=True)
    else:
        (dest / "records").mkdir(exist_ok=True)
    return dest


def init_repo(path: Path, name: str = "Nurul Hasanah, S.Sos.", email: str = "nurul.hasanah@bpmp-kalsel.example") -> Path:
    """`git init -b main` with a local identity; nothing committed."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", name)
    git(path, "config", "user.email", email)
    git(path, "config", "commit.gpgsign", "false")
    return path


@pytest.fixture
def register_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of the sample register (not a Git repository)."""
    return copy_register(tmp_path / "register")


@pytest.fixture
def git_register(tmp_path: Path) -> Path:
    """A real Git repository holding a copy of the sample register, nothing committed yet."""
    return init_repo(copy_register(tmp_path / "repo"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
