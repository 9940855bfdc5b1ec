"""Everything one site build reads, gathered once: register, history, findings, rules, reports."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from registri.attention import Attention, collect
from registri.catalog import Rule, all_rules
from registri.clock import today as office_today
from registri.errors import RegistriError
from registri.findings import Finding, sort_findings
from registri.history import History, load_history
from registri.model import Register
from registri.register import load_register
from registri.report.site import report_files
from registri.validation import check

log = logging.getLogger("mkdocs.plugins.registri")

SOON = 30        # days: "segera berakhir" on the dashboard
LATER = 90       # days: the wider horizon


@dataclass(frozen=True)
class SiteData:
    register: Register
    history: History
    history_note: str | None             # why the history is empty, in Indonesian (None when read)
    today: dt.date
    findings: tuple[Finding, ...]        # loading + validation, sorted
    rules: dict[str, Rule]
    attention_soon: Attention            # within SOON days
    attention_later: Attention           # within LATER days
    reports: dict[str, str | bytes]      # site path -> page text or download bytes


def read_history(root: Path) -> tuple[History, str | None]:
    """The Git history, or an empty one with the reason in Indonesian (e.g. not a repository)."""
    try:
        return load_history(root), None
    except RegistriError as exc:
        log.info("registri: riwayat tidak dibaca: %s", exc.message)
        return History.empty(), f"Riwayat Git tidak dapat dibaca: {exc.message}"


def load_site_data(root: Path, today: str | dt.date | None = None) -> SiteData:
    """Read the register at `root` as of `today` (None: --today, $REGISTRI_TODAY, or the clock)."""
    register = load_register(root)
    day = office_today(register.office.tz, today)
    history, note = read_history(root)
    if note is None and not history.commits:
        note = "Belum ada riwayat Git untuk catatan di register ini."
    findings = tuple(sort_findings(set(register.load_findings) | set(check(register, day))))
    return SiteData(
        register=register, history=history, history_note=note, today=day, findings=findings,
        rules=all_rules(), attention_soon=collect(register, day, SOON),
        attention_later=collect(register, day, LATER), reports=report_files(register, history, day),
    )
