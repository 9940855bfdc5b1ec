"""Everything one site build reads, gathered once: register, history, findings, rules, reports.

Modules written by other parts of the project are imported lazily, so the site still builds
(with a note) while one of them is missing; a module that exists but is broken still fails loudly.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from registri.attention import Attention, collect
from registri.catalog import Rule, all_rules
from registri.clock import today as office_today
from registri.errors import RegistriError
from registri.findings import Finding, sort_findings
from registri.history import History
from registri.model import Register
from registri.register import load_register

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
    validation_ran: bool
    rules: dict[str, Rule]
    attention_soon: Attention            # within SOON days
    attention_later: Attention           # within LATER days
    reports: dict[str, str | bytes]      # site path -> page text or download bytes


def _optional(module: str) -> ModuleType | None:
    """The module, or None when it does not exist (yet). Errors inside it are not hidden."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def read_history(root: Path) -> tuple[History, str | None]:
    module = _optional("registri.history")
    loader = getattr(module, "load_history", None)
    if loader is None:
        return History.empty(), "Riwayat Git belum dapat dibaca oleh versi Registri ini."
    try:
        return loader(root), None
    except NotImplementedError:
        return History.empty(), "Riwayat Git belum dapat dibaca oleh versi Registri ini."
    except RegistriError as exc:
        log.info("registri: riwayat tidak dibaca: %s", exc.message)
        return History.empty(), f"Riwayat Git tidak dapat dibaca: {exc.message}"


def validate(register: Register, today: dt.date) -> tuple[list[Finding], bool]:
    module = _optional("registri.validation")
    check = getattr(module, "check", None)
    if check is None:
        return [], False
    return list(check(register, today)), True


def report_files(register: Register, history: History, today: dt.date) -> dict[str, str | bytes]:
    module = _optional("registri.report.site")
    make = getattr(module, "report_files", None)
    return dict(make(register, history, today)) if make else {}


def load_site_data(root: Path, today: str | dt.date | None = None) -> SiteData:
    """Read the register at `root` as of `today` (None: --today, $REGISTRI_TODAY, or the clock)."""
    register = load_register(root)
    day = office_today(register.office.tz, today)
    history, note = read_history(root)
    if note is None and not history.commits:
        note = "Belum ada riwayat Git untuk catatan di register ini."
    checked, ran = validate(register, day)
    findings = tuple(sort_findings(set(register.load_findings) | set(checked)))
    return SiteData(
        register=register, history=history, history_note=note, today=day, findings=findings,
        validation_ran=ran, rules=all_rules(), attention_soon=collect(register, day, SOON),
        attention_later=collect(register, day, LATER), reports=report_files(register, history, day),
    )
