"""Validation of the register: load findings + per-record rules + cross-record rules, waivers applied.

The public entry point is `check(register, today, files)`; `run` returns the same findings plus
the waived ones, for `registri validate --format json`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from registri import backlog
from registri.catalog import RULE_MODULES, Rule, all_rules
from registri.findings import Finding, sort_findings
from registri.model import Register
from registri.rules import BY_CODE, RECORD_CHECKS, Context, consequence_texts, identity, waivers


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]   # what stands, sorted by file and line
    waived: tuple[Finding, ...]     # what records validly set aside with abaikan_aturan
    # Errors that are an inherited record's gaps (backlog.py): accepted while it is divalidasi.
    gaps: tuple[Finding, ...] = ()
    backlog: tuple[tuple[str, int], ...] = ()   # inherited records still lacking something: (path, gaps)


def run(register: Register, today: dt.date, files: Sequence[Path] | None = None) -> Result:
    """Check `register` (all records, or the records loaded from `files`) as of `today`."""
    ctx = Context.of(register, today)
    catalogue = lru_cache(maxsize=1)(_catalogue)
    kept: list[Finding] = list(register.load_findings)
    waived: list[Finding] = []
    gaps: list[Finding] = []
    open_records: list[tuple[str, int]] = []
    root = Path(register.root)
    # Uniqueness looks at every record file's name, not only the files being validated.
    others = identity.record_file_names(root)
    unique = identity.check_unique(register.records, others)
    unique += consequence_texts.check_repeated(register.records)   # cross-record, like uniqueness
    for record in register.records:
        found = [f for check in RECORD_CHECKS for f in check(record, ctx)]
        found += [f for f in unique if f.path == record.path]
        if backlog.is_inherited(record) and (missing := backlog.gaps(record, found)):
            open_records.append((record.path, len(missing)))
        found, record_gaps = backlog.split(record, found)
        gaps.extend(record_gaps)
        outcome = waivers.apply(record, found, BY_CODE, catalogue)
        kept.extend(outcome.kept)
        waived.extend(outcome.waived)
    return Result(tuple(sort_findings(kept)), tuple(sort_findings(waived)), tuple(sort_findings(gaps)),
                  tuple(sorted(open_records)))


def check(register: Register, today: dt.date, files: Sequence[Path] | None = None) -> list[Finding]:
    """Every finding that stands for `register` on `today` (waived findings left out)."""
    return list(run(register, today, files).findings)


def _catalogue() -> Mapping[str, Rule]:
    """Every tool's rules, for waivers naming another tool's code (e.g. scan's SCN codes).

    A module that cannot be imported where validation runs (a hook environment with fewer
    packages) is skipped rather than turning a waiver into a crash.
    """
    try:
        return all_rules()
    except ImportError:
        rules: dict[str, Rule] = {}
        for name in RULE_MODULES:
            try:
                rules.update({r.code: r for r in getattr(importlib.import_module(name), "RULES", ())})
            except ImportError:
                continue
        return rules


def inherited_note(result: Result) -> str:
    """One sentence about inherited records still lacking something (accepted, not refused)."""
    total = sum(count for _, count in result.backlog)
    return (f"{len(result.backlog)} catatan warisan masih memiliki {total} kekurangan (tunggakan, bukan kesalahan): "
            "lengkapi lewat langkah 2 dan 3; daftarnya ada di `registri attention` dan di situs.")
