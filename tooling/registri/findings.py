"""Findings: the one shape every check reports in, and its two renderings (text and JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"


LEVEL_WORD = {Level.ERROR: "kesalahan", Level.WARNING: "peringatan"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where (path, line, field), which rule (code), how bad, and what to do."""

    path: str
    line: int | None
    code: str
    level: Level
    message: str
    field: str | None = None
    record: str | None = None
    commit: str | None = None

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    def as_text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        commit = f" (commit {self.commit[:10]})" if self.commit else ""
        return f"{where}: {self.code} [{LEVEL_WORD[self.level]}] {self.message}{commit}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["level"] = self.level.value
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.code, f.message))


def render_text(findings: Iterable[Finding]) -> str:
    items = sort_findings(findings)
    errors = sum(1 for f in items if f.is_error)
    warnings = len(items) - errors
    lines = [f.as_text() for f in items]
    if items:
        lines.append(f"Ditemukan {errors} kesalahan dan {warnings} peringatan.")
    return "\n".join(lines)


def render_json(findings: Iterable[Finding], **extra: object) -> str:
    items = sort_findings(findings)
    payload = {
        **extra,
        "ringkasan": {
            "kesalahan": sum(1 for f in items if f.is_error),
            "peringatan": sum(1 for f in items if not f.is_error),
        },
        "temuan": [f.as_dict() for f in items],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False)


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when no error (warnings allowed), 1 when any error."""
    return 1 if any(f.is_error for f in findings) else 0
