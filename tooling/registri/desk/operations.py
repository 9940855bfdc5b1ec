"""What the desk's buttons do, each through the same core calls as the CLI command it mirrors.

Saving a step is `registri step` (same plan, same kelengkapan, same message and trailers, same
author); accepting is `registri accept`; Sinkronkan and Kirim are fetch, fast-forward and push
through registri.gitwrite. Every refusal is a UsageError/GitError with an Indonesian sentence,
and a refusal leaves files, index and branches as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from registri import steps
from registri.commands.step import _kind, _plan, commit_changes  # until registri.workflow lands
from registri.commitmsg import CHANGE_ROLES
from registri.config import Office
from registri.errors import GitError, UsageError
from registri.findings import Finding
from registri.gitwrite import MAIN, Workspace
from registri.paths import RECORDS_DIR, display_path
from registri.sop import Sop


@dataclass
class Outcome:
    lines: list[str]
    commit: str | None = None
    branch: str | None = None
    findings: list[Finding] = field(default_factory=list)
    saved: bool = False


class Refused(UsageError):
    """A save the checks refused; `findings` say why (nothing was written)."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


# Moving the working tree to the record's branch, never losing a change --------------------------
def ensure_clean(ws: Workspace) -> None:
    dirty = ws.dirty_tracked()
    if dirty:
        raise UsageError("Ada perubahan yang belum disimpan di berkas: " + ", ".join(dirty[:5])
                         + ". Desk tidak berpindah cabang agar perubahan itu tidak hilang. Simpan perubahan itu "
                           "sebagai langkah atau koreksi (atau minta bantuan pengelola), lalu ulangi.")


def go_to(ws: Workspace, branch: str, remote: bool) -> str:
    """Check out the record's branch (local copy of a remote branch made when needed, moved
    forward to the remote when it is behind). Returns the local branch name."""
    name = branch.split("/", 1)[1] if remote else branch
    if ws.branch() == name and not remote:
        return name
    ensure_clean(ws)
    if ws.branch_exists(name):
        if ws.branch() != name:
            ws.switch(name)
        if remote:
            local, upstream = ws.rev(name), ws.rev(branch)
            if local and upstream and local != upstream:
                if ws.is_ancestor(local, upstream):
                    ws.fast_forward_current(branch)
                elif not ws.is_ancestor(upstream, local):
                    raise UsageError(diverged_message(name, branch))
    else:
        ws.switch_tracking(name, branch)
    return name


def diverged_message(local: str, remote: str) -> str:
    return (f"Cabang '{local}' di komputer ini dan '{remote}' di server sama-sama punya perubahan yang tidak "
            "dimiliki yang lain, sehingga tidak dapat disatukan otomatis. Tidak ada yang diubah dan tidak ada "
            "yang dihapus. Minta pengelola Registri menyatukan kedua cabang itu (git merge), lalu Sinkronkan lagi.")


# Steps and changes ------------------------------------------------------------------------------
def save_step(root: Path, office: Office, sop: Sop, kind: str, record_id: str, draft: str | None,
              email: str, today: dt.date, period: str | None = None, accept_warnings: bool = False,
              new_file: Path | None = None) -> Outcome:
    """Write the draft, then do exactly what `registri step KIND ID` does. A draft that the
    checks refuse, or a step the SOP refuses, leaves the file as it was."""
    ws = Workspace(root)
    number, change = _kind(kind)
    if number is not None:
        step = sop.step(number)
        what, allowed = f"Langkah {number} ({step.activity[0].lower()}{step.activity[1:]})", step.roles
    else:
        what, allowed = f"Perubahan {change}", CHANGE_ROLES[change]
    actor = steps.actor_for(office, sop, email, allowed, what)
    if number == 4:
        period = steps.check_period(period) if period else steps.report_period(today, office.report_period)

    file = new_file or steps.record_file(root, record_id)
    before = file.read_bytes() if file.exists() else None
    try:
        if draft is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(draft.encode("utf-8"))
        change_plan = _plan(ws, root, record_id, number, change, period)
        findings = steps.kelengkapan(root, {change_plan.file: change_plan.new_text}, today)
        from registri.scan import scan_text

        findings = sorted(set(findings) | set(scan_text(change_plan.new_text, change_plan.shown)))
        if any(f.is_error for f in findings):
            raise Refused("Belum disimpan: perbaiki kesalahan yang ditandai, lalu simpan lagi.", findings)
        if findings and not accept_warnings:
            raise Refused("Ada peringatan. Baca peringatan di bawah; bila sudah sesuai, centang "
                          "'Saya sudah membaca peringatan' lalu simpan lagi.", findings)
        if new_file is not None:   # step 1 of a new record: the Change must put the file back to nothing
            change_plan = type(change_plan)(change_plan.file, change_plan.shown, change_plan.record_id, None,
                                            change_plan.new_text, tracked=False)
        message = steps.step_message(number, [record_id], actor.role_name) if number else \
            steps.change_message(change, [record_id], actor.role_name)
        branch_hint = f"dik/{change + '-' if change else ''}{record_id}"
        commit, created = commit_changes(ws, [change_plan], message, branch_hint)
    except BaseException:
        _put_back(file, before)
        raise
    branch = created or ws.branch()
    label = f"Langkah {number}" if number else f"Perubahan {change}"
    lines = [f"{label} untuk {record_id} dicatat oleh {actor.person.name} sebagai {actor.role_name} "
             f"(commit {commit[:10]}, cabang {branch})."]
    if number == 4 or change in ("peninjauan", "pembukaan"):
        lines.append("Langkah berikutnya: kirim ke Atasan PPID untuk diterima (langkah 5).")
    elif number:
        nxt = sop.step(number + 1)
        lines.append(f"Langkah berikutnya: langkah {nxt.number} oleh "
                     f"{', '.join(sop.role_names[r] for r in nxt.roles)}.")
    return Outcome(lines, commit, branch, findings, True)


def _put_back(file: Path, before: bytes | None) -> None:
    if before is None:
        file.unlink(missing_ok=True)
    elif not file.exists() or file.read_bytes() != before:
        file.write_bytes(before)


# Acceptance (step 5) ----------------------------------------------------------------------------
def accept(root: Path, office: Office, sop: Sop, branch: str, remote: bool, email: str, today: dt.date) -> Outcome:
    """`registri accept BRANCH` on main (a local copy of a remote branch is made first)."""
    from registri.audit import run_audit
    from registri.commands.accept import _records   # until registri.acceptance lands

    ws = Workspace(root)
    actor = steps.actor_for(office, sop, email, sop.step(5).roles, "Langkah 5 (menerima laporan)")
    ensure_clean(ws)
    name = branch.split("/", 1)[1] if remote else branch
    if remote and not ws.branch_exists(name):
        current = ws.branch()
        ws.switch_tracking(name, branch)
        ws.switch(current or MAIN)
    if ws.branch() != MAIN:
        ws.switch(MAIN)
    main_up = ws.rev(f"origin/{MAIN}") if "origin" in ws.remote_names() else None
    if main_up and ws.rev(MAIN) != main_up and ws.is_ancestor(MAIN, main_up):
        ws.fast_forward_current(f"origin/{MAIN}")
    if not ws.changed_between(MAIN, name, RECORDS_DIR):
        raise UsageError(f"Cabang '{name}' tidak membawa perubahan catatan apa pun dibanding {MAIN}; tidak ada yang diterima.")
    findings = run_audit(root, rev_range=f"{MAIN}..{name}", today=today)
    if any(f.is_error for f in findings):
        raise Refused(f"Cabang '{name}' belum dapat diterima: jejak auditnya bermasalah. Minta PPID memperbaiki "
                      "commit di cabang itu. Main tidak diubah.", findings)
    reported, others = _records(ws, name)
    message = steps.accept_message(reported, actor.role_name) if reported else steps.merge_message(others, actor.role_name)
    commit = ws.merge_no_ff(name, message)
    lines = [f"Laporan pendokumentasian diterima oleh {actor.person.name} ({actor.role_name}): "
             f"{', '.join(reported)} (commit {commit[:10]})." if reported else
             f"Perubahan cabang '{name}' ({', '.join(others)}) digabung ke {MAIN} oleh {actor.person.name} "
             f"(commit {commit[:10]})."]
    return Outcome(lines, commit, MAIN, list(findings), True)


# Sinkronkan and Kirim ---------------------------------------------------------------------------
def sync(root: Path) -> Outcome:
    """Fetch, then move every local branch that is behind its remote copy forward. A branch
    that has diverged is left alone and named; nothing is reset, dropped or overwritten."""
    ws = Workspace(root)
    if "origin" not in ws.remote_names():
        raise UsageError("Repositori ini belum terhubung ke server kantor (remote 'origin'). Minta pengelola "
                         "menyambungkannya (git remote add origin ALAMAT).")
    ws.fetch("origin")
    lines, problems = ["Perubahan dari server sudah diambil."], []
    current = ws.branch()
    for tip in ws.branch_tips():
        if tip.remote or not tip.upstream:
            continue
        remote_sha = ws.rev(tip.upstream)
        if remote_sha is None or remote_sha == tip.sha or ws.is_ancestor(remote_sha, tip.sha):
            continue
        if not ws.is_ancestor(tip.sha, remote_sha):
            problems.append(diverged_message(tip.name, tip.upstream))
            continue
        if tip.name == current:
            try:
                ws.fast_forward_current(tip.upstream)
            except GitError:
                problems.append(f"Cabang '{tip.name}' tidak dapat dimajukan karena ada berkas yang diubah di "
                                "komputer ini dan juga di server. Tidak ada yang diubah. Simpan atau selesaikan "
                                "perubahan Anda dulu, lalu Sinkronkan lagi.")
                continue
        else:
            ws.fast_forward_branch(tip.name, tip.sha, remote_sha)
        lines.append(f"Cabang '{tip.name}' dimajukan ke versi server.")
    return Outcome(lines + problems, None, current, [], not problems)


def send(root: Path, branch: str) -> Outcome:
    """Push `branch` to the office's server (never forced)."""
    ws = Workspace(root)
    if "origin" not in ws.remote_names():
        raise UsageError("Repositori ini belum terhubung ke server kantor (remote 'origin'); tidak ada tujuan pengiriman.")
    if not ws.branch_exists(branch):
        raise UsageError(f"Cabang '{branch}' tidak ada di komputer ini.")
    try:
        ws.push(branch)
    except GitError as exc:
        if "rejected" in exc.message or "non-fast-forward" in exc.message or "fetch first" in exc.message:
            raise UsageError(f"Server menolak kiriman cabang '{branch}' karena di server sudah ada perubahan yang "
                             "belum ada di komputer ini. Tidak ada yang ditimpa. Tekan Sinkronkan dulu, lalu kirim "
                             "lagi.") from None
        raise UsageError(f"Cabang '{branch}' tidak dapat dikirim ke server. Periksa sambungan jaringan dan hak akses "
                         "Anda ke repositori kantor, lalu coba lagi.") from None
    return Outcome([f"Cabang '{branch}' sudah dikirim ke server kantor."], None, branch, [], True)


def record_path(root: Path, record_id: str) -> str:
    return display_path(steps.record_file(root, record_id), root)
