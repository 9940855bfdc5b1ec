"""Impor daftar: a CSV/XLSX list becomes step-1 records in one commit, after a preview.

The face of registri.import_plan, like `registri import`: the uploaded bytes are written to a
private temporary file under the name the person picked (the findings name it), planned there,
and planned again from the same bytes when the person confirms (so the commit is exactly what
the preview showed, and `commit_import` refuses numbers taken meanwhile).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from registri import import_plan
from registri.errors import UsageError
from registri.gitwrite import MAIN, Workspace

SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".txt")


@dataclass(frozen=True)
class Upload:
    name: str                                   # as the person picked it (no folders)
    raw: bytes
    existing: bool = False                      # the office's old published DIK (inherited records)
    penetapan: dict = field(default_factory=dict)
    unit: str | None = None


def safe_name(name: str) -> str:
    """The picked file's own name, without any folder a browser or a hostile client sent."""
    base = re.split(r"[\\/]", name or "")[-1].strip() or "daftar"
    return re.sub(r"[^\w.\- ()]", "_", base)[:120]


def plan(root: Path, upload: Upload, email: str, today: dt.date) -> import_plan.ImportPlan:
    """The core's import plan for the uploaded bytes; nothing is written to the repository."""
    if not upload.raw:
        raise UsageError(f"Berkas '{upload.name}' kosong. Pilih berkas daftar yang berisi baris judul dan data.")
    with tempfile.TemporaryDirectory(prefix="registri-impor-") as folder:
        file = Path(folder) / safe_name(upload.name)
        file.write_bytes(upload.raw)
        return import_plan.plan_import(root, file, email=email, pelaksana=None, year=None, today=today,
                                       existing=upload.existing, penetapan=upload.penetapan or None,
                                       unit=upload.unit)


def commit(root: Path, upload: Upload, email: str, today: dt.date) -> tuple[import_plan.ImportPlan, str, str | None]:
    """Plan again from the same bytes and make the one commit, on a new branch from main."""
    ws = Workspace(root)
    if ws.branch() != MAIN:
        if ws.dirty_tracked():
            raise UsageError("Ada perubahan yang belum di-commit di komputer ini; desk tidak berpindah ke main agar "
                             "perubahan itu tidak hilang. Simpan perubahan itu dulu, lalu impor lagi.")
        ws.switch(MAIN)            # an import starts its own working branch from main, like a new record
    again = plan(root, upload, email, today)
    if not again.ok:
        raise UsageError(import_plan.REFUSED)
    made, created = import_plan.commit_import(root, again)
    return again, made, created
