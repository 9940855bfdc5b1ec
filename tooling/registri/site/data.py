"""Everything one site build reads, gathered once: register, history, findings, rules, reports."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable


from registri import cache
from registri.attention import Attention, collect
from registri.catalog import Rule, all_rules
from registri.clock import today as office_today
from registri.errors import RegistriError
from registri.findings import Finding, sort_findings
from registri.history import History, load_history
from registri.model import Register
from registri.report.site import report_files
from registri.site import forked
from registri.validation import CHECK_CACHE, check_setting, load_register_cached, run

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
    reports: dict[str, str | bytes]      # site path -> page text or download bytes (b"" while `late`)
    # Downloads still being rendered in forked children (load_site_data(defer=True)): waits for
    # them, stores them in the cache and returns them by site path.
    late: Callable[[], dict[str, bytes | str]] | None = None


def read_history(root: Path) -> tuple[History, str | None]:
    """The Git history, or an empty one with the reason in Indonesian (e.g. not a repository)."""
    try:
        return load_history(root), None
    except RegistriError as exc:
        log.info("registri: riwayat tidak dibaca: %s", exc.message)
        return History.empty(), f"Riwayat Git tidak dapat dibaca: {exc.message}"


REPORT_CACHE = "{key}-{file}.pickle"     # in <cache>/reports/: one entry per rendered file


def report_memo(store: cache.Store):
    """report_files' memo: each rendered file by a hash of the report's data (its repr: dataclasses of
    dates, numbers and text), the code version and the file's path.

    A page (.md) not in the cache is rendered at once: MkDocs needs it. A download not in the
    cache is not: `memo.start()` forks one job per file (site/forked.py; the public DIK's long PDF
    and its XLSX on different cores) and returns at once, `memo.finish()` waits for them, stores
    them and returns them. Between the two, the build renders its pages on the same cores.
    """
    used: list[str] = []
    pending: list[tuple[str, str, object]] = []
    running: list = []

    def memo(inputs, makers):
        # The inputs' repr, not their pickle: equal reports pickle differently when their objects
        # are shared differently (computed here or in a forked child), and a key must follow the
        # values only. A repr holding an object's address never matches: rendered again, never stale.
        key = cache.digest(cache.code_version(), repr(inputs))
        files = {}
        for path, make in makers.items():
            name = REPORT_CACHE.format(key=key, file=cache.digest(path)[:16])
            used.append(name)
            hit = store.read(name, (str, bytes))
            if hit is not None:
                files[path] = hit
            elif path.endswith(".md"):
                files[path] = made = make()
                store.write(name, made)
            else:
                pending.append((name, path, make))
        return files

    def start() -> list[str]:
        """Start rendering the files not in the cache; returns their site paths."""
        pending.sort(key=lambda job: not job[1].endswith((".pdf", ".xlsx")))   # the long jobs first
        running.append(forked.start([make for _, _, make in pending]))
        return [path for _, path, _ in pending]

    def finish() -> dict:
        if not running:
            start()
        files: dict = {}
        for (name, path, _), made in zip(pending, running.pop().results()):
            store.write(name, made)
            files[path] = made
        pending.clear()
        return files

    memo.used = used
    memo.start = start
    memo.finish = finish
    return memo


def load_site_data(root: Path, today: str | dt.date | None = None, use_cache: bool = True,
                   defer: bool = False) -> SiteData:
    """Read the register at `root` as of `today` (None: --today, $REGISTRI_TODAY, or the clock).

    With `use_cache`, records, their findings and the rendered reports come from the build cache
    (registri.cache) when their inputs have not changed. With `defer`, downloads not in the cache
    are still being rendered when this returns: `reports` holds b"" for them and `late()` gives them.
    """
    store = cache.Store(cache.cache_folder(root)) if use_cache else None
    if store is not None:
        register, ids = load_register_cached(root)
    else:
        from registri.register import load_register
        register, ids = load_register(root), None
    day = office_today(register.office.tz, today)
    history, note = read_history(root)
    if note is None and not history.commits:
        note = "Belum ada riwayat Git untuk catatan di register ini."
    known = _known_checks(store, root, day)
    checked = run(register, day, known=known, ids=ids).findings
    if store is not None and known is not None:
        store.write(known.name, {k: v for k, v in known.items() if ids.get(k[0]) == k[1]})
    findings = tuple(sort_findings(set(register.load_findings) | set(checked)))
    memo = report_memo(cache.Store(store.folder / "reports")) if store is not None else None
    reports = report_files(register, history, day, memo=memo)
    late = None
    if memo is not None:
        reports_store = cache.Store(store.folder / "reports")

        def late() -> dict:
            files = memo.finish()
            reports_store.prune("*.pickle", memo.used)
            return files

        if defer:
            reports.update(dict.fromkeys(memo.start(), b""))
        else:
            reports.update(late())
            late = None
    return SiteData(
        register=register, history=history, history_note=note, today=day, findings=findings,
        rules=all_rules(), attention_soon=collect(register, day, SOON),
        attention_later=collect(register, day, LATER), reports=reports, late=late,
    )


class _Known(dict):
    name = ""


def _known_checks(store: cache.Store | None, root: Path, day: dt.date) -> _Known | None:
    """Per-record findings remembered by validation.run_root, under the same key."""
    if store is None:
        return None
    setting = check_setting(root, day)
    known = _Known(store.read(CHECK_CACHE.format(key=setting), dict) or {})
    known.name = CHECK_CACHE.format(key=setting)
    return known
