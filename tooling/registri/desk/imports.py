"""Impor daftar: a CSV/XLSX list becomes step-1 records in one commit, after a preview.

TRANSITION: `registri import` keeps this flow inside its command module; until it moves to
`importer.plan_import` / `commit_import` the desk composes the same core calls the command
makes (importer.read_table / row_data / step1_record, ids.next_ids, steps.kelengkapan, the
command's own row mapping of findings, workflow.commit_changes) so both faces refuse the same
rows with the same messages and make the same commit.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from registri import importer, steps, workflow
from registri.commands.import_list import _as_row   # the command's row mapping: one copy
from registri.config import load_office
from registri.errors import UsageError
from registri.findings import Finding, sort_findings
from registri.gitwrite import MAIN, Workspace
from registri.ids import next_ids
from registri.paths import RECORDS_DIR, display_path
from registri.sop import load_sop

SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class ImportPreview:
    name: str                                  # the file name as the person picked it
    rows: tuple[tuple[int, str, str], ...]     # (row number, proposed id, judul)
    findings: tuple[Finding, ...]              # by row; any error means nothing can be written
    changes: tuple[workflow.Change, ...]
    message: str

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def _looks_binary(raw: bytes, suffix: str) -> bool:
    if suffix == ".xlsx":
        return not raw.startswith(b"PK\x03\x04")      # an XLSX file is a zip archive
    return b"\x00" in raw[:8192]


def preview(root: Path, name: str, raw: bytes, email: str, today: dt.date) -> ImportPreview:
    """Read and check every row; nothing is written."""
    office, sop = load_office(root), load_sop(root)
    shown = Path(name).name or "daftar"
    suffix = Path(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"Berkas '{shown}' bukan daftar .csv atau .xlsx. Simpan daftar dari Excel sebagai "
                         "CSV UTF-8 atau XLSX, lalu pilih lagi.")
    if not raw:
        raise UsageError(f"Berkas '{shown}' kosong.")
    if _looks_binary(raw, suffix):
        raise UsageError(f"Berkas '{shown}' bukan daftar teks CSV atau lembar kerja XLSX (isinya data biner). "
                         "Tidak ada yang diubah. Simpan daftar dari Excel sebagai CSV UTF-8 atau XLSX, lalu pilih lagi.")
    actor = steps.actor_for(office, sop, email, sop.step(1).roles, "Langkah 1 (validasi daftar)")
    with tempfile.TemporaryDirectory(prefix="registri-impor-") as folder:
        file = Path(folder) / f"daftar{suffix}"
        file.write_bytes(raw)
        table = importer.read_table(file, shown)
    findings: list[Finding] = list(table.findings)
    rows_fields = []
    for row in table.rows:
        fields, problems = importer.row_data(row, shown, office.city)
        findings.extend(problems)
        rows_fields.append((row, fields))
    year = today.year
    ids = next_ids(root, year, len(rows_fields)) if rows_fields else []
    changes, shown_rows, row_of_path = [], [], {}
    if not findings:
        for record_id, (row, fields) in zip(ids, rows_fields):
            target = root / RECORDS_DIR / str(year) / f"{record_id}.yaml"
            text = importer.record_text(importer.step1_record(record_id, fields))
            path = display_path(target, root)
            row_of_path[path] = row.number
            changes.append(workflow.Change(target, path, record_id, None, text, tracked=False))
        problems = steps.kelengkapan(root, {c.file: c.new_text for c in changes}, today)
        findings = [_as_row(f, shown, row_of_path) for f in problems if f.is_error]
    for record_id, (row, fields) in zip(ids, rows_fields):
        title = (fields or {}).get("judul") if fields else None
        shown_rows.append((row.number, record_id, str(title or row.values.get("judul") or "")))
    message = steps.step_message(1, ids, actor.role_name) if ids else ""
    return ImportPreview(shown, tuple(shown_rows), tuple(sort_findings(findings)), tuple(changes), message)


def commit(root: Path, plan: ImportPreview) -> tuple[str, str]:
    """One commit with `Langkah-POS: 1` for every row, on a new branch made from main."""
    if not plan.ok or not plan.changes:
        raise UsageError("Tidak ada catatan yang dibuat: perbaiki baris yang disebut di berkas impor, lalu impor "
                         "ulang seluruh berkas.")
    ws = Workspace(root)
    if ws.branch() != MAIN:
        if ws.dirty_tracked():
            raise UsageError("Ada perubahan yang belum disimpan; desk tidak berpindah ke main agar tidak hilang.")
        ws.switch(MAIN)
    commit_id, created = workflow.commit_changes(ws, list(plan.changes), plan.message,
                                                 f"dik/impor-{plan.changes[0].record_id}")
    return commit_id, created or ws.branch() or MAIN
