"""`registri step N ID…`: do SOP step N (1-4) for records and make the commit that records it.

Also `registri step koreksi|peninjauan|pembukaan ID…` for the named changes outside the steps.
On `main` it first creates a working branch `dik/<first ID>` (records reach `main` only through
the Atasan PPID's accepting merge, `registri accept`).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from registri import steps
from registri.commands.common import add_today, root_of, today_of
from registri.commitmsg import CHANGE_ROLES   # who may make a named change: one table for hook, audit and here
from registri.config import load_office
from registri.errors import UsageError
from registri.findings import render_text
from registri.gitwrite import MAIN, Workspace
from registri.paths import display_path
from registri.sop import OPENED, STATUS_ORDER, load_sop



def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("langkah", metavar="LANGKAH",
                        help="nomor langkah POS 1-4, atau perubahan di luar langkah: koreksi, peninjauan, pembukaan")
    parser.add_argument("ids", metavar="ID", nargs="+", help="nomor catatan, mis. DIK-2026-003")
    parser.add_argument("--pelaksana", metavar="PERAN", default=None,
                        help="peran yang Anda jalankan bila Anda memegang lebih dari satu (PPID, "
                             "'Pengadministrasi Umum', 'Atasan PPID')")
    parser.add_argument("--laporan", metavar="PERIODE", default=None,
                        help="langkah 4: periode laporan, mis. 2026-T4 (bawaan: periode hari ini)")
    add_today(parser)


@dataclass(frozen=True)
class Change:
    file: Path
    shown: str
    record_id: str
    old_text: str | None     # None when this command creates the file
    new_text: str
    tracked: bool = True     # in HEAD already (False for step 1 and imports)


def _kind(text: str) -> tuple[int | None, str | None]:
    if text in steps.CHANGES:
        return None, text
    if text in ("1", "2", "3", "4"):
        return int(text), None
    if text == "5":
        raise UsageError("Langkah 5 (menerima laporan) dikerjakan Atasan PPID dengan `registri accept CABANG`.")
    raise UsageError(f"'{text}' bukan langkah; tulis 1, 2, 3 atau 4, atau koreksi, peninjauan, pembukaan.")


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office, sop = load_office(root), load_sop(root)
    today = today_of(args, office)
    number, change = _kind(args.langkah)
    ids = list(dict.fromkeys(args.ids))
    if args.laporan is not None and number != 4:
        raise UsageError("--laporan hanya dipakai untuk langkah 4.")

    ws = Workspace(root)
    if not ws.has_commits():
        raise UsageError("Repositori ini belum punya commit awal di main. Commit dulu registri.yaml dan "
                         "berkas konfigurasi lain, lalu ulangi.")
    branch = ws.branch()
    if branch is None:
        raise UsageError("Anda tidak sedang berada di cabang mana pun (detached HEAD). Pindah ke cabang kerja, "
                         "mis. `git switch -c dik/DIK-2026-010`, lalu ulangi.")

    if number is not None:
        step = sop.step(number)
        what, allowed = f"Langkah {number} ({step.activity[0].lower()}{step.activity[1:]})", step.roles
    else:
        what, allowed = f"Perubahan {change}", CHANGE_ROLES[change]
    actor = steps.actor_for(office, sop, ws.user().email, allowed, what, args.pelaksana)
    period = None
    if number == 4:
        period = steps.check_period(args.laporan) if args.laporan else steps.report_period(today, office.report_period)

    changes = [_plan(ws, root, record_id, number, change, period) for record_id in ids]
    findings = steps.kelengkapan(root, {c.file: c.new_text for c in changes}, today)
    if any(f.is_error for f in findings):
        print(render_text(findings))
        target = "perubahan" if change else f"langkah {number}"
        print(f"Belum ada yang diubah: lengkapi catatan di atas untuk {target}, lalu jalankan perintah ini lagi.")
        return 1

    role_name = actor.role_name
    message = steps.step_message(number, ids, role_name) if number else steps.change_message(change, ids, role_name)
    branch_hint = f"dik/{change + '-' if change else ''}{ids[0]}"
    commit, created = commit_changes(ws, changes, message, branch_hint)
    if created:
        print(f"Anda berada di main; pekerjaan ini dibuat di cabang baru '{created}'.")
    label = f"Langkah {number}" if number else f"Perubahan {change}"
    print(f"{label} untuk {', '.join(ids)} dicatat oleh {actor.person.name} sebagai {role_name} "
          f"(commit {commit[:10]}, cabang {created or branch}).")
    if number == 4 or change in ("peninjauan", "pembukaan"):
        print(f"Langkah berikutnya: Atasan PPID menerima dengan `registri accept {created or branch}` di main.")
    elif number:
        nxt = sop.step(number + 1)
        names = ", ".join(sop.role_names[r] for r in nxt.roles)
        print(f"Langkah berikutnya: langkah {nxt.number} oleh {names} (`registri step {nxt.number} {' '.join(ids)}`).")
    return 0


def _plan(ws: Workspace, root: Path, record_id: str, number: int | None, change: str | None,
          period: str | None) -> Change:
    file = steps.record_file(root, record_id)
    shown = display_path(file, root)
    text = _read(file)
    committed = ws.show("HEAD", shown)
    before = steps.status_in(committed.decode("utf-8-sig", errors="replace")) if committed is not None else None
    if number == 1:
        if committed is not None:
            raise UsageError(f"{record_id} sudah pernah di-commit (status {before}); langkah 1 hanya untuk "
                             "catatan baru dari `registri new` atau `registri import`.")
        new = steps.with_status(text, STATUS_ORDER[0])
    elif number is not None:
        if committed is None:
            raise UsageError(f"{record_id} belum divalidasi (langkah 1 belum di-commit). Jalankan "
                             f"`registri step 1 {record_id}` lebih dahulu.")
        wanted = STATUS_ORDER[number - 2]
        output = STATUS_ORDER[number - 1]
        if before == output:
            raise UsageError(f"{record_id} sudah berstatus {output}; langkah {number} sudah dikerjakan.")
        if before != wanted:
            raise UsageError(f"{record_id} berstatus {before}; langkah {number} hanya untuk catatan berstatus "
                             f"{wanted} (hasil langkah {number - 1}). Langkah POS tidak boleh dilompati.")
        new = steps.with_status(text, output)
        if number == 4:
            new = steps.with_top_level(new, "laporan", period)
    else:
        if committed is None:
            raise UsageError(f"{record_id} belum pernah di-commit; {change} hanya untuk catatan yang sudah ada.")
        if before == OPENED:
            raise UsageError(f"{record_id} sudah dibuka (keluar dari DIK); catatan yang dibuka tidak diubah lagi.")
        if change == "pembukaan":
            new = steps.with_status(text, OPENED)
        else:
            new = steps.with_status(text, before) if before else text
        if new == committed.decode("utf-8", errors="replace"):
            raise UsageError(f"{record_id} tidak berubah. Ubah dulu isi catatannya (mis. bagian peninjauan "
                             "atau dibuka), lalu jalankan perintah ini lagi.")
    return Change(file, shown, record_id, text, new, tracked=committed is not None)


def commit_changes(ws: Workspace, changes: list[Change], message: str, branch_hint: str) -> tuple[str, str | None]:
    """Write the new texts and commit exactly those files; on `main` first make a working branch.

    Returns the commit id and the branch created (None when already on a working branch).
    When Git or a hook refuses, the files, the index and the branch are put back as they were.
    """
    created = None
    if ws.branch() == MAIN:
        created = _free_branch(ws, branch_hint)
        ws.switch_new(created)
    for c in changes:
        c.file.parent.mkdir(parents=True, exist_ok=True)
        _write(c.file, c.new_text)
    try:
        return ws.commit(message, [c.shown for c in changes]), created
    except Exception:
        ws.unstage([c.shown for c in changes if not c.tracked])
        for c in changes:
            if c.old_text is None:
                c.file.unlink(missing_ok=True)
            else:
                _write(c.file, c.old_text)
        if created:
            ws.switch(MAIN)
            ws.delete_branch(created)
        raise


def _read(file: Path) -> str:
    """The text exactly as stored (a BOM and CRLF line ends stay as they are)."""
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{file.name} bukan teks UTF-8; simpan ulang sebagai UTF-8 lalu ulangi.") from None


def _write(file: Path, text: str) -> None:
    file.write_bytes(text.encode("utf-8"))


def _free_branch(ws: Workspace, name: str) -> str:
    candidate, n = name, 2
    while ws.branch_exists(candidate):
        candidate, n = f"{name}-{n}", n + 1
    return candidate
