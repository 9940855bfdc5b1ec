"""What every rule module shares: the checking context and one way to turn a rule into a finding."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from registri.catalog import Rule
from registri.findings import Finding
from registri.model import Record, Register, as_date
from registri.pasal17 import Pasal17


@dataclass(frozen=True)
class Context:
    """Facts a rule may need beyond the record itself."""

    today: dt.date
    pasal17: Pasal17
    max_years: Mapping[str, int] = field(default_factory=dict)   # registri.yaml batas_tahun
    root: Path = Path(".")
    repo_entries: frozenset[str] = frozenset()   # top-level names in the repository, lower case

    @classmethod
    def of(cls, register: Register, today: dt.date) -> "Context":
        root = Path(register.root)
        try:
            entries = frozenset(p.name.lower() for p in root.iterdir())
        except OSError:
            entries = frozenset()
        return cls(today=today, pasal17=register.pasal17, max_years=dict(register.office.max_years),
                   root=root, repo_entries=entries)


# A per-record check: yields findings for one record.
RecordCheck = Callable[[Record, Context], Iterable[Finding]]


def finding(rule: Rule, record: Record, field_path: str | None, message: str) -> Finding:
    """A finding of `rule` at the line of `field_path` (or its nearest parent) in `record`."""
    line = record.line_of(field_path) if field_path else None
    return Finding(record.path, line or 1, rule.code, rule.level, message,
                   field=field_path or None, record=record.id or None)


def fmt(day: dt.date | None) -> str:
    """A date as Indonesian readers write it in forms: YYYY-MM-DD (the format records use)."""
    return day.isoformat() if day else "-"


def date_at(record: Record, dotted: str) -> dt.date | None:
    return as_date(record.get(dotted))


_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def normalize(text: str) -> str:
    """Lower case, single spaces, no surrounding punctuation: for comparing short phrases."""
    return " ".join(words(str(text).lower()))
