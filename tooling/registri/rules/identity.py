"""Identity: the id, the file name and the year folder agree, and no two records share an id.

Uniqueness is decided from file names alone when only some records are validated (the
pre-commit hook passes just the changed files), so the check never parses the whole register.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.paths import RECORDS_DIR
from registri.rules.base import Context, finding

ID_SHAPE = re.compile(r"^DIK-([0-9]{4})-[0-9]{3,5}$")

ID_MATCHES_FILE = Rule(
    "DIK002", Level.ERROR, "Id tidak sama dengan nama berkas",
    "Kolom id harus sama dengan nama berkas tanpa .yaml: catatan DIK-2026-004 disimpan sebagai DIK-2026-004.yaml.",
    "Samakan id dengan nama berkas, atau ganti nama berkasnya (git mv) agar sama dengan id.")
YEAR_FOLDER = Rule(
    "DIK003", Level.ERROR, "Berkas tidak di folder tahunnya",
    "Setiap catatan disimpan di records/<tahun>/ sesuai tahun pada id-nya, mis. records/2026/DIK-2026-004.yaml.",
    "Pindahkan berkas ke folder tahun yang sama dengan tahun pada id (git mv).")
UNIQUE_ID = Rule(
    "DIK004", Level.ERROR, "Id dipakai lebih dari satu catatan",
    "Dua berkas di register memakai id yang sama; setiap informasi yang dikecualikan punya nomor sendiri.",
    "Beri catatan yang lebih baru nomor berikutnya yang belum dipakai (registri new menghitungnya) dan ganti nama berkasnya.")

RULES = (ID_MATCHES_FILE, YEAR_FOLDER, UNIQUE_ID)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    path = PurePosixPath(record.path)
    if record.id != path.stem:
        yield finding(ID_MATCHES_FILE, record, "id", _mismatch(record.id, path))
    match = ID_SHAPE.match(record.id)
    if not match:
        return
    year = match.group(1)
    expected = f"{RECORDS_DIR}/{year}/{record.id}{path.suffix or '.yaml'}"
    parts = path.parts
    in_year_folder = len(parts) == 3 and parts[0] == RECORDS_DIR and parts[1] == year
    if not in_year_folder:
        yield finding(YEAR_FOLDER, record, "id",
                      f"Catatan {record.id} berada di '{record.path}'; simpan di '{expected}' "
                      f"(folder tahun {year} sesuai id).")


def _mismatch(record_id: str, path: PurePosixPath) -> str:
    """Suggest only a well-formed id (DIK-YYYY-NNN, upper case): never copy a file name such as
    dik-2026-004 into the id; rename the file instead."""
    head = f"Id '{record_id}' tidak sama dengan nama berkas '{path.name}'."
    rename = f"git mv {path.as_posix()} {path.with_name(record_id + (path.suffix or '.yaml')).as_posix()}"
    if ID_SHAPE.match(path.stem):
        return f"{head} Ubah id menjadi '{path.stem}' atau ganti nama berkas menjadi '{record_id}.yaml' (`{rename}`)."
    if ID_SHAPE.match(record_id):
        case = " (nama berkas harus huruf besar seperti id-nya)" if path.stem.upper() == record_id else ""
        return f"{head} Ganti nama berkas menjadi '{record_id}{path.suffix or '.yaml'}'{case}: `{rename}`."
    wanted = path.stem.upper() if ID_SHAPE.match(path.stem.upper()) else "DIK-<tahun>-<nomor>"
    return (f"{head} Id dan nama berkas harus berbentuk {wanted} (huruf besar), mis. DIK-2026-004 di berkas "
            "DIK-2026-004.yaml.")


def record_file_names(root: Path) -> list[str]:
    """Repository-relative paths of every .yaml/.yml file under records/, from directory listings only.

    os.walk reads names without a stat() per file: listing 15,000 records stays in milliseconds.
    """
    names = []
    for folder, _dirs, files in os.walk(root / RECORDS_DIR):
        relative = Path(folder).relative_to(root).as_posix()
        names.extend(f"{relative}/{name}" for name in files if name.endswith((".yaml", ".yml")))
    return sorted(names)


def _stem(path: str) -> str:
    """File name without its extension, by string operations (PurePath is slow at 15,000 paths)."""
    return path.rpartition("/")[2].rpartition(".")[0]


def check_unique(records: Sequence[Record], other_files: Iterable[str]) -> list[Finding]:
    """Ids claimed by more than one file.

    A loaded record claims its `id`; every other record file claims the id in its file name.
    """
    claims: dict[str, set[str]] = defaultdict(set)
    loaded = {r.path for r in records}
    for record in records:
        claims[record.id].add(record.path)
        claims[_stem(record.path)].add(record.path)
    wanted = {record.id for record in records}
    for path in other_files:
        stem = _stem(path)
        if stem in wanted and path not in loaded:
            claims[stem].add(path)
    findings = []
    for record in records:
        others = sorted(claims[record.id] - {record.path})
        if others:
            findings.append(finding(UNIQUE_ID, record, "id",
                                    f"Id {record.id} juga dipakai oleh {', '.join(others)}. "
                                    "Beri salah satu catatan nomor berikutnya yang belum dipakai."))
    return findings
