"""The demo repository (`registri demo`) keeps a clean audit trail that the history model reads fully."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY, registri
from registri.demo import build_demo
from registri.history import load_history
from registri.register import load_register

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "repo", today=DAY)


def test_demo_repository_passes_audit(demo: Path) -> None:
    result = registri(demo, "audit", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tidak ada kesalahan" in result.stdout


def test_every_reported_demo_record_has_four_steps_and_an_acceptance(demo: Path) -> None:
    history = load_history(demo)
    register = load_register(demo)
    reported = [r for r in register.records if r.status == "dilaporkan"]
    assert reported
    for record in reported:
        trail = history.of(record.id)
        assert [trail.step(n).person.roles[0] for n in (1, 2, 3, 4)] == [
            "ppid", "ppid", "pengadministrasi_umum", "ppid"], record.id
        assert trail.accepted is not None and trail.accepted.person.has_role("atasan_ppid")
        assert trail.accepted.time >= trail.step(4).time
        assert all(trail.step(n).work_minutes is not None for n in (2, 3, 4))


def test_synthetic_demo_passes_audit(tmp_path: Path) -> None:
    repo = build_demo(tmp_path / "synthetic", records=40, seed=7, today=DAY)
    from registri.audit import run_audit

    assert [f for f in run_audit(repo, today=DAY) if f.is_error] == []
    assert len(load_history(repo).records) == 40
