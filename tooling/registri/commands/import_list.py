"""`registri import BERKAS`: the list that came with a disposition becomes step-1 records.

Every row is read and checked first (cell values, then the record schema and rules on the text
that would be written); any problem is reported by row number and nothing is written. Otherwise
the records get the next free numbers and go into ONE commit with `Langkah-POS: 1`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from registri import importer, steps
from registri.commands.common import add_today, root_of, today_of
from registri.workflow import Change, commit_changes
from registri.config import load_office
from registri.errors import UsageError
from registri.findings import Finding, render_text
from registri.gitwrite import Workspace
from registri.ids import next_ids
from registri.paths import RECORDS_DIR, display_path
from registri.sop import load_sop


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="BERKAS", type=Path, help="daftar .csv (UTF-8, pemisah ; atau ,) atau .xlsx")
    parser.add_argument("--tahun", type=int, default=None, metavar="TAHUN",
                        help="tahun nomor catatan DIK-TAHUN-nnn (bawaan: tahun hari ini)")
    parser.add_argument("--pelaksana", metavar="PERAN", default=None, help="peran Anda bila memegang lebih dari satu")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office, sop = load_office(root), load_sop(root)
    today = today_of(args, office)
    year = args.tahun or today.year
    if not 2000 <= year <= 2100:
        raise UsageError(f"--tahun {year} tidak masuk akal; tulis tahun empat angka, mis. --tahun {today.year}.")
    file: Path = args.file
    if not file.is_file():
        raise UsageError(f"Berkas {file} tidak ditemukan.")

    ws = Workspace(root)
    if not ws.has_commits():
        raise UsageError("Repositori ini belum punya commit awal di main. Commit dulu registri.yaml, lalu ulangi.")
    if ws.branch() is None:
        raise UsageError("Anda tidak sedang berada di cabang mana pun (detached HEAD). Pindah ke main atau cabang kerja.")
    step = sop.step(1)
    actor = steps.actor_for(office, sop, ws.user().email, step.roles, "Langkah 1 (validasi daftar)", args.pelaksana)

    shown = file.name
    table = importer.read_table(file, shown)
    findings: list[Finding] = list(table.findings)
    rows_fields = []
    for row in table.rows:
        fields, problems = importer.row_data(row, shown, office.city)
        findings.extend(problems)
        rows_fields.append((row, fields))
    if findings:
        return _refuse(findings)

    ids = next_ids(root, year, len(rows_fields))   # same numbering as `registri new`, across branches
    changes, row_of_path = [], {}
    for record_id, (row, fields) in zip(ids, rows_fields):
        target = root / RECORDS_DIR / str(year) / f"{record_id}.yaml"
        text = importer.record_text(importer.step1_record(record_id, fields))
        path = display_path(target, root)
        row_of_path[path] = row.number
        changes.append(Change(target, path, record_id, None, text, tracked=False))
    problems = steps.kelengkapan(root, {c.file: c.new_text for c in changes}, today)
    errors = [f for f in problems if f.is_error]
    if errors:
        return _refuse([_as_row(f, shown, row_of_path) for f in errors])

    message = steps.step_message(1, ids, actor.role_name)
    commit, created = commit_changes(ws, changes, message, f"dik/impor-{ids[0]}")
    if created:
        print(f"Anda berada di main; impor ini dibuat di cabang baru '{created}'.")
    print(f"{len(ids)} catatan dibuat dari {shown} dan divalidasi (langkah 1) oleh {actor.person.name}: "
          f"{steps.id_list(ids)} (commit {commit[:10]}).")
    print(f"Langkah berikutnya: lengkapi bagian klasifikasi tiap catatan, lalu `registri step 2 {ids[0]} …`.")
    return 0


def _refuse(findings: list[Finding]) -> int:
    print(render_text(findings))
    print("Tidak ada catatan yang dibuat: perbaiki baris yang disebut di berkas impor, lalu impor ulang seluruh berkas.")
    return 1


def _as_row(finding: Finding, shown: str, row_of_path: dict[str, int]) -> Finding:
    """A finding about a would-be record, moved to the import file's row and column."""
    row = row_of_path.get(finding.path)
    if row is None:
        return finding
    column = importer.column_of(finding.field)
    where = f"Baris {row}" + (f", kolom {column}" if column else "")
    return Finding(shown, row, finding.code, finding.level, f"{where}: {finding.message}", field=column)
