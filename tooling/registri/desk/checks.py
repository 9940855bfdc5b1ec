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


def check_draft(root: Path, file: Path, text: str, today: dt.date, kind: str | None = None,
                before: bytes | None = None) -> list[Finding]:
    """Kelengkapan (schema and rules, as the pre-commit hook) and the personal-data scan: the
    core's check, the same one the hooks and CI run (and a review's entry, as saving checks it)."""
    return sort_findings(set(workflow.check_draft(root, file, text, today, kind=kind, before=before)))


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
        targets = _fields_for(finding, fields, lines)
        for target in targets:
            by_field.setdefault(target, []).append(finding)
        if not targets:
            general.append(finding)
    errors = sum(1 for f in findings if f.is_error)
    return Placed(by_field, general, errors, len(findings) - errors)


def _fields_for(finding: Finding, fields: list[Field], lines: list[tuple[int, str]]) -> list[str]:
    name = finding.field
    if name:
        exact = [f.key for f in fields if f.key == name or _plain(f.key) == _plain(name)]
        if exact:
            return exact[:1]
        # Required properties missing from an object: beside the first field of each property
        # the message names, else beside the first field inside that object.
        inside = [f for f in fields if f.key.startswith(name + ".") or f.key.startswith(name + "[")]
        named: list[str] = []
        for f in inside:
            part = re.split(r"[.\[]", f.key[len(name) + 1:], maxsplit=1)[0]
            if f"'{part}'" in finding.message and not any(_segment(n, name) == part for n in named):
                named.append(f.key)
        if named:
            return named
        if inside:
            return [inside[0].key]
        parents = [f.key for f in fields if name.startswith(f.key + ".") or name.startswith(f.key + "[")]
        return [max(parents, key=len)] if parents else []
    # A required top-level property missing from the record names no field, only itself
    # ("kolom 'judul' wajib diisi"): beside that field, not at line 1 of the file.
    top = [f.key for f in fields if re.fullmatch(r"[a-z_]+", f.key) and f"'{f.key}'" in finding.message]
    if top:
        return top[:1]
    if finding.line:  # the scan names lines, not fields
        best = None
        for line, key in lines:
            if line and line <= finding.line:
                best = key
        return [best] if best else []
    return []


def _segment(key: str, prefix: str) -> str:
    return re.split(r"[.\[]", key[len(prefix) + 1:], maxsplit=1)[0]
