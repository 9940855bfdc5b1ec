"""Reports over the demo register's real Git history (`registri demo`): every period with activity
computes and reconciles, and one new commit that opens one record changes just what it should."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from conftest import git
from registri.demo import build_demo
from registri.history import load_history
from registri.register import load_register
from registri.report import compute_report, parse_period
from registri.report.basis import build_basis
from registri.report.site import site_periods
from test_report_compute import changed

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return build_demo(tmp_path_factory.mktemp("demo") / "repo", seed=1, today=TODAY)


def test_every_demo_period_reconciles(demo: Path) -> None:
    register, history = load_register(demo), load_history(demo)
    basis = build_basis(register, history)
    periods = site_periods(basis, TODAY)
    assert {"2025-T1", "2025", "2026-T4"} <= {p.code for p in periods}
    accepted = 0
    for period in periods:
        report = compute_report(register, history, period, TODAY, basis=basis)
        assert report.ok, (period.code, [c for c in report.checks if not c.ok])
        if period.kind == "triwulan":
            accepted += report.acceptance.accepted_in_period
            assert report.identity.commit == history.head
    assert accepted == sum(len(a.record_ids) for a in history.acceptances if a.time.date() <= TODAY) > 0


def test_one_opening_commit_changes_only_what_it_touches(demo: Path, tmp_path: Path) -> None:
    register = load_register(demo)
    before = compute_report(register, load_history(demo), parse_period("2026-T4"), TODAY)
    target = next(r for r in register.records if r.status == "dilaporkan")
    file = demo / target.path
    text = re.sub(r"(?m)^status: .*$", "status: dibuka", file.read_text(encoding="utf-8"))
    file.write_text(text + "dibuka:\n  tanggal: 2026-11-20\n  alasan: persetujuan\n"
                           "  dasar: Surat persetujuan tertulis yang bersangkutan\n", encoding="utf-8")
    git(demo, "add", target.path)
    when = "2026-11-20T10:00:00+08:00"
    git(demo, "commit", "-q", "--no-verify", "-m", f"Buka {target.id}\n\nPerubahan: pembukaan\nPelaksana: PPID",
        env={"GIT_AUTHOR_NAME": "Nurul Hasanah, S.Sos.", "GIT_AUTHOR_EMAIL": "nurul.hasanah@bpmp-kalsel.example",
             "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    after = compute_report(load_register(demo), load_history(demo), parse_period("2026-T4"), TODAY)
    assert (after.stock.opened, after.stock.at_end) == (before.stock.opened + 1, before.stock.at_end - 1)
    assert after.audit.commits == before.audit.commits + 1
    assert after.acceptance.reported == before.acceptance.reported - 1
    row = next(i for i in after.items if i.id == target.id)
    assert "pembukaan" in row.happened and "dibuka" in row.happened
    sections = {re.split(r"[.\[]", path)[0] for path in changed(before, after)}
    assert sections <= {"identity", "notes", "acceptance", "stock", "grounds", "scope", "periods", "documentation",
                        "audit", "oldest", "comparison", "items", "items_count", "checks", "signature"}
    assert "timing" not in sections                          # a named change is not an SOP step
    assert before.identity.commit != after.identity.commit
