"""Loading the register from a repository folder: configuration, SOP, and every record."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from registri.config import load_office
from registri.findings import Finding
from registri.loader import load_file
from registri.model import Record, Register, record_from
from registri.normalise import normalise_record
from registri.pasal17 import load_pasal17
from registri.paths import display_path, record_files
from registri.schemas import schema_findings
from registri.sop import load_sop


def load_record(file: Path, root: Path) -> tuple[Record | None, list[Finding]]:
    """One record: strict YAML, then the schema. The record is None when either fails."""
    loaded = load_file(file, display_path(file, root))
    if loaded.findings:
        return None, loaded.findings
    notes = normalise_record(loaded)   # warnings: values read in canonical form (YML012)
    findings = schema_findings(loaded, "record")
    if findings:
        return None, notes + findings
    return record_from(loaded), notes


RecordLoader = Callable[[Path, Path], "tuple[Record | None, list[Finding]]"]


def load_register(root: Path, files: Iterable[Path] | None = None, load: RecordLoader | None = None) -> Register:
    """All records (or just `files`). Broken configuration raises ConfigError.

    `load` reads one record (default `load_record`); registri.cache passes one that reuses
    records already read, by blob id.
    """
    load = load or load_record
    office = load_office(root)
    sop = load_sop(root)
    records: list[Record] = []
    findings: list[Finding] = []
    for file in (record_files(root) if files is None else files):
        record, problems = load(Path(file), root)
        findings.extend(problems)
        if record is not None:
            records.append(record)
    return Register(root=str(root), office=office, sop=sop, pasal17=load_pasal17(),
                    records=tuple(records), load_findings=tuple(findings))
