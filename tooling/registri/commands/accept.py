"""`registri accept CABANG`: the Atasan PPID receives the report (SOP step 5).

Step 5 is a `git merge --no-ff` of the working branch into `main`, made by a person holding the
Atasan PPID role, after the branch's own audit trail (main..CABANG) is clean. The merge message
names every record the branch brought to `dilaporkan`.
"""

from __future__ import annotations

import argparse

from registri import steps
from registri.commands.common import add_today, root_of, today_of
from registri.config import load_office
from registri.errors import UsageError
from registri.findings import render_text
from registri.gitwrite import MAIN, Workspace
from registri.paths import RECORDS_DIR
from registri.sop import load_sop


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("branch", metavar="CABANG", help="cabang kerja yang diterima, mis. dik/DIK-2026-010")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office, sop = load_office(root), load_sop(root)
    today = today_of(args, office)
    ws = Workspace(root)
    step = sop.step(5)
    actor = steps.actor_for(office, sop, ws.user().email, step.roles, "Langkah 5 (menerima laporan)")

    branch = args.branch
    if ws.branch() != MAIN:
        raise UsageError(f"Penerimaan laporan menggabungkan cabang ke {MAIN}. Pindah dulu ke {MAIN}: `git switch {MAIN}`.")
    dirty = ws.dirty_tracked()
    if dirty:
        raise UsageError("Ada perubahan yang belum di-commit di main: " + ", ".join(dirty[:5])
                         + ". Simpan atau batalkan perubahan itu dulu (`git status`), lalu ulangi.")
    if branch == MAIN or not ws.branch_exists(branch):
        raise UsageError(f"Cabang '{branch}' tidak ada. Lihat daftar cabang dengan `git branch`.")
    if not ws.changed_between(MAIN, branch, RECORDS_DIR):
        raise UsageError(f"Cabang '{branch}' tidak membawa perubahan catatan apa pun dibanding {MAIN}; tidak ada yang diterima.")

    from registri.audit import run_audit  # read side; imported here so `step` does not need it

    findings = run_audit(root, rev_range=f"{MAIN}..{branch}", today=today)
    if any(f.is_error for f in findings):
        print(render_text(findings))
        print(f"Cabang '{branch}' belum dapat diterima: jejak auditnya bermasalah. Minta PPID memperbaiki "
              "commit di cabang itu, lalu ulangi. Main tidak diubah.")
        return 1

    reported, others = _records(ws, branch)
    message = steps.accept_message(reported, actor.role_name) if reported else \
        steps.merge_message(others, actor.role_name)
    commit = ws.merge_no_ff(branch, message)
    if reported:
        print(f"Laporan pendokumentasian diterima oleh {actor.person.name} ({actor.role_name}): "
              f"{', '.join(reported)} (commit {commit[:10]}).")
    else:
        print(f"Perubahan cabang '{branch}' ({', '.join(others)}) digabung ke {MAIN} oleh {actor.person.name} "
              f"(commit {commit[:10]}).")
    return 0


def _records(ws: Workspace, branch: str) -> tuple[list[str], list[str]]:
    """Ids the branch brings to `dilaporkan` (accepted) and the other records it changes."""
    reported, others = [], []
    for path in ws.changed_between(MAIN, branch, RECORDS_DIR):
        record_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        raw = ws.show(branch, path)
        after = steps.status_in(raw.decode("utf-8-sig", errors="replace")) if raw is not None else None
        raw_main = ws.show(MAIN, path)
        before = steps.status_in(raw_main.decode("utf-8-sig", errors="replace")) if raw_main is not None else None
        (reported if after == "dilaporkan" and before != "dilaporkan" else others).append(record_id)
    return sorted(reported), sorted(others)
