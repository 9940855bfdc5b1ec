"""The hand-off between staff: moving to a record's branch, saving a step, accepting, and
Sinkronkan / Kirim through the office's shared remote, without ever losing a change.

The desk's buttons call these; each goes through the same core calls as the CLI command it mirrors.

Saving a step is `registri step` (same plan, same kelengkapan, same message and trailers, same
author); accepting is `registri accept`; Sinkronkan and Kirim are fetch, fast-forward and push
through registri.gitwrite. Every refusal is a UsageError/GitError with an Indonesian sentence,
and a refusal leaves files, index and branches as they were.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from registri import acceptance, newrecord, workflow
from registri.errors import GitError, UsageError
from registri.findings import Finding
from registri.gitwrite import MAIN, Workspace
from registri.sop import load_sop


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


# The CLI's refusal points "above" at printed findings; on the desk they sit beside their fields.
REFUSED_ON_DESK = ("Belum disimpan, tidak ada yang diubah: perbaiki kesalahan yang ditandai di samping kolomnya "
                   "(atau di ringkasan pemeriksaan), lalu simpan lagi.")


def for_desk(lines) -> list[str]:
    """The core's summary lines without its reminders to run `git push`: the desk sends with its
    Kirim button (offered on the same page) or, after an acceptance, by itself."""
    return [line for line in lines if "git push" not in line]


# Moving the working tree to the record's branch, never losing a change --------------------------
def ensure_clean(ws: Workspace) -> None:
    dirty = ws.dirty_tracked()
    if dirty:
        raise UsageError("Ada perubahan yang belum disimpan di berkas: " + ", ".join(dirty[:5])
                         + ". Desk tidak berpindah cabang agar perubahan itu tidak hilang. Simpan perubahan itu "
                           "sebagai langkah atau koreksi (atau minta bantuan pengelola), lalu ulangi.")


def ensure_untouched(ws: Workspace, path: str) -> None:
    """The desk writes a record from its committed text: a hand edit not yet committed is kept."""
    if path in ws.dirty_tracked():
        raise UsageError(f"{path} punya perubahan yang belum di-commit di komputer ini. Desk tidak menimpanya. "
                         "Catat perubahan itu dulu (mis. `registri step koreksi ID`) atau kembalikan berkasnya, "
                         "lalu ulangi di desk.")


def go_to(ws: Workspace, branch: str, remote: bool) -> str:
    """Check out the record's branch (local copy of a remote branch made when needed, moved
    forward to the remote when it is behind). Returns the local branch name."""
    name = branch.split("/", 1)[1] if remote else branch
    if ws.branch() == name and not remote:
        return name
    ensure_clean(ws)
    try:
        _switch(ws, name, branch, remote)
    except GitError:
        raise UsageError(f"Desk tidak dapat berpindah ke cabang '{name}': ada berkas di komputer ini yang akan "
                         "tertimpa oleh isi cabang itu (mis. berkas catatan yang belum di-commit dengan nama yang "
                         "sama). Tidak ada yang diubah. Pindahkan atau simpan berkas itu dulu, lalu ulangi.") from None
    return name


def _switch(ws: Workspace, name: str, branch: str, remote: bool) -> None:
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


def diverged_message(local: str, remote: str) -> str:
    return (f"Cabang '{local}' di komputer ini dan '{remote}' di server sama-sama punya perubahan yang tidak "
            "dimiliki yang lain, sehingga tidak dapat disatukan otomatis. Tidak ada yang diubah dan tidak ada "
            "yang dihapus. Minta pengelola Registri menyatukan kedua cabang itu (git merge), lalu Sinkronkan lagi.")


# Steps and changes ------------------------------------------------------------------------------
def plan(root: Path, kind: str, record_id: str, draft: str | None, email: str, today: dt.date,
         period: str | None = None) -> workflow.StepPlan:
    """`registri step KIND ID` planned with the form's text as the record's new content."""
    return workflow.plan_step(root, kind, [record_id], today=today, email=email,
                              laporan=period if kind == "4" else None,
                              drafts={record_id: draft} if draft is not None else None)


def save_step(root: Path, kind: str, record_id: str, draft: str | None, email: str, today: dt.date,
              period: str | None = None, accept_warnings: bool = False) -> Outcome:
    """Exactly the commit `registri step` makes. Errors refuse; warnings refuse until confirmed."""
    step_plan = plan(root, kind, record_id, draft, email, today, period)
    findings = list(step_plan.findings)
    if not step_plan.ok:
        raise Refused(REFUSED_ON_DESK, findings)
    if step_plan.warnings and not accept_warnings:
        raise Refused("Ada peringatan. Bacalah; bila sudah sesuai, centang 'Saya sudah membaca peringatan', "
                      "lalu simpan lagi.", findings)
    result = workflow.commit_step(root, step_plan)
    told = workflow.next_action(load_sop(root), step_plan.kind, step_plan.ids, result.branch)
    plain = workflow.next_action_plain(load_sop(root), step_plan.kind)   # buttons, not commands to type
    lines = [plain if line == told else line for line in for_desk(result.lines)]
    return Outcome(lines, result.commit, result.branch, findings, True)


def save_new(root: Path, draft: newrecord.NewDraft, email: str, today: dt.date,
             accept_warnings: bool = False) -> Outcome:
    """`registri new` then `registri step 1 ID`: the file is written only for the step and is
    removed again when the step is refused."""
    ws = Workspace(root)
    if ws.branch() != MAIN:
        ensure_clean(ws)
        ws.switch(MAIN)   # a new record starts its own working branch from main
    path = newrecord.create_new(root, draft)
    try:
        return save_step(root, "1", draft.record_id, None, email, today, accept_warnings=accept_warnings)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


# Acceptance (step 5) ----------------------------------------------------------------------------
def prepare_accept(root: Path, branch: str, remote: bool, email: str, today: dt.date) -> acceptance.AcceptPlan:
    """On main (moved forward to the server's main when behind), with a local copy of the branch."""
    ws = Workspace(root)
    ensure_clean(ws)
    name = branch.split("/", 1)[1] if remote else branch
    if remote and not ws.branch_exists(name):
        current = ws.branch()
        ws.switch_tracking(name, branch)
        ws.switch(current or MAIN)
    elif remote and ws.rev(name) != ws.rev(branch) and ws.is_ancestor(name, branch):
        ws.fast_forward_branch(name, ws.rev(name), ws.rev(branch))
    if ws.branch() != MAIN:
        ws.switch(MAIN)
    upstream = ws.rev(f"origin/{MAIN}") if "origin" in ws.remote_names() else None
    if upstream and ws.rev(MAIN) != upstream and ws.is_ancestor(MAIN, upstream):
        ws.fast_forward_current(f"origin/{MAIN}")
    return acceptance.plan_accept(root, name, today=today, email=email)


def accept(root: Path, branch: str, remote: bool, email: str, today: dt.date) -> Outcome:
    accept_plan = prepare_accept(root, branch, remote, email, today)
    if not accept_plan.ok:
        raise Refused(accept_plan.refusal(), list(accept_plan.findings))
    result = acceptance.accept(root, accept_plan)
    return Outcome(for_desk(result.lines), result.commit, MAIN, list(accept_plan.findings), True)


# Sinkronkan and Kirim ---------------------------------------------------------------------------
def sync(root: Path) -> Outcome:
    """Fetch, then move every local branch that is behind its remote copy forward. A branch
    that has diverged is left alone and named; nothing is reset, dropped or overwritten."""
    ws = Workspace(root)
    if "origin" not in ws.remote_names():
        raise UsageError("Repositori ini belum terhubung ke server kantor (remote 'origin'). Minta pengelola "
                         "menyambungkannya (git remote add origin ALAMAT).")
    try:
        ws.fetch("origin")
    except GitError:
        raise UsageError("Server kantor tidak dapat dihubungi, jadi belum ada yang diambil dan tidak ada yang diubah. "
                         "Periksa sambungan jaringan (atau VPN kantor) lalu tekan Sinkronkan lagi.") from None
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


