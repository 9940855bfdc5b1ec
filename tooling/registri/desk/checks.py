"""The live check: a draft goes through the hooks' validation and scan, and each finding is
placed beside the form field it is about."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from registri import workflow
from registri.desk.forms import Field, Form
from registri.findings import Finding, sort_findings
from registri.loader import parse_text


def check_draft(root: Path, file: Path, text: str, today: dt.date) -> list[Finding]:
    """Kelengkapan (schema and rules, as the pre-commit hook) and the personal-data scan: the
    core's check, the same one the hooks and CI run."""
    return sort_findings(set(workflow.check_draft(root, file, text, today)))


@dataclass(frozen=True)
class Placed:
    by_field: dict[str, list[Finding]]     # Field.key -> findings shown beside it
    general: list[Finding]                 # about the record as a whole
    errors: int
    warnings: int


def _plain(key: str) -> str:
    return re.sub(r"\[[^\]]*\]", "", key)


def place(findings: list[Finding], form: Form, text: str) -> Placed:
    """Each finding goes to the field it names (or the nearest one by line), else to the top."""
    fields = form.fields
    keys = [f.key for f in fields]
    loaded = parse_text(text, "-")
    lines = sorted(((loaded.line_of(_plain(k).replace("[new]", "")) or 0, k) for k in keys), key=lambda p: p[0])
    by_field: dict[str, list[Finding]] = {}
    general: list[Finding] = []
    for finding in findings:
        target = _field_for(finding, fields, lines)
        (by_field.setdefault(target, []) if target else general).append(finding)
    errors = sum(1 for f in findings if f.is_error)
    return Placed(by_field, general, errors, len(findings) - errors)


def _field_for(finding: Finding, fields: list[Field], lines: list[tuple[int, str]]) -> str | None:
    name = finding.field
    if name:
        exact = [f.key for f in fields if f.key == name or _plain(f.key) == _plain(name)]
        if exact:
            return exact[0]
        # A required property missing from an object: the field named in the message, or the
        # first field inside that object.
        inside = [f for f in fields if f.key.startswith(name + ".") or f.key.startswith(name + "[")]
        for f in inside:
            if f"'{f.key.rsplit('.', 1)[-1]}'" in finding.message:
                return f.key
        if inside:
            return inside[0].key
        parents = [f.key for f in fields if name.startswith(f.key + ".") or name.startswith(f.key + "[")]
        if parents:
            return max(parents, key=len)
        return None
    if finding.line:  # the scan names lines, not fields
        best = None
        for line, key in lines:
            if line and line <= finding.line:
                best = key
        return best
    return None
