"""A damaged Git repository gets one clear Indonesian sentence, never a traceback or a wall of Git errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import git, registri
from registri.demo import build_demo


@pytest.fixture(scope="module")
def corrupt_repo(tmp_path_factory) -> Path:
    repo = build_demo(tmp_path_factory.mktemp("rusak") / "repo", seed=1)
    git(repo, "gc", "-q")
    pack = next((repo / ".git" / "objects" / "pack").glob("*.pack"))
    data = bytearray(pack.read_bytes())
    for offset in range(200, len(data) - 20, 997):  # damage the object data, keep the header
        data[offset] ^= 0xFF
    pack.chmod(0o644)
    pack.write_bytes(bytes(data))
    cache = repo / ".git" / "registri-cache"
    if cache.exists():
        for file in cache.rglob("*"):
            if file.is_file():
                file.unlink()
    return repo


@pytest.mark.parametrize("command", [["audit"], ["history", "DIK-2026-003"], ["report", "--format", "json", "--out", "-"]])
def test_a_corrupt_repository_is_reported_in_one_sentence(corrupt_repo: Path, command: list[str]) -> None:
    result = registri(corrupt_repo, *command)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "Repositori Git ini rusak" in result.stderr and "git fsck" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_an_empty_repository_is_not_mistaken_for_a_damaged_one(tmp_path: Path) -> None:
    from conftest import copy_register, init_repo

    repo = init_repo(copy_register(tmp_path / "kosong", with_records=False))
    result = registri(repo, "audit")
    assert result.returncode == 0, result.stderr
    assert "rusak" not in result.stderr


def test_the_site_still_builds_from_a_damaged_repository_and_says_why_the_trail_is_empty(corrupt_repo: Path, tmp_path: Path) -> None:
    result = registri(corrupt_repo, "build", "--out", str(tmp_path / "situs"))
    assert result.returncode == 0, result.stderr
    assert "Perhatian: Riwayat Git tidak dapat dibaca" in result.stdout and "git fsck" in result.stdout
    assert "Riwayat Git tidak dapat dibaca" in (tmp_path / "situs" / "index.html").read_text("utf-8")
