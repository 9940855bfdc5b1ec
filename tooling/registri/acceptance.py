"""SOP step 5: the Atasan PPID receives the report by merging a working branch into `main`.

One core for every face (`registri accept`, the desk): `plan_accept` audits `main..BRANCH` and
splits the records the branch brings into those it brings to `dilaporkan` (accepted by this
merge) and those it only merges (a review, an opening, a correction). `accept` makes the
`git merge --no-ff` with the message that names both, so the merge message, the audit and the
report agree on which records were received.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from registri import steps
from registri.config import load_office
from registri.errors import UsageError
from registri.findings import Finding
from registri.gitwrite import MAIN, Workspace
from registri.paths import RECORDS_DIR
from registri.sop import load_sop

REPORTED = "dilaporkan"


@dataclass(frozen=True)
class AcceptPlan:
    branch: str
    actor: steps.Actor
    reported: tuple[str, ...]       # brought to dilaporkan: step 5 accepts these
    merged_only: tuple[str, ...]    # changed but not reported: merged, not accepted
    findings: tuple[Finding, ...]   # the branch's own audit trail (main..branch)
    message: str

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)

    def summary(self) -> list[str]:
        """What the merge would do, for the Atasan PPID to read before merging."""
        lines = [f"Cabang '{self.branch}':"]
        if self.reported:
            lines.append(f"  diterima (langkah 5, laporan pendokumentasian): {', '.join(self.reported)}")
        if self.merged_only:
            lines.append(f"  hanya digabung, belum dilaporkan sehingga tidak diterima: {', '.join(self.merged_only)}")
        if not self.reported:
            lines.append("  Tidak ada catatan berstatus dilaporkan; penggabungan ini bukan penerimaan laporan.")
        return lines

    def refusal(self) -> str:
        return (f"Cabang '{self.branch}' belum dapat diterima: jejak auditnya bermasalah. Minta PPID memperbaiki "
                "commit di cabang itu (lihat docs/panduan/pesan-kesalahan.md), lalu ulangi. Main tidak diubah.")


@dataclass(frozen=True)
class AcceptResult:
    commit: str
    lines: tuple[str, ...]


def plan_accept(root: Path, branch: str, *, today: dt.date, email: str | None = None) -> AcceptPlan:
    """Everything `accept` checks, without merging. Refusals raise UsageError with the reason."""
    office, sop = load_office(root), load_sop(root)
    ws = Workspace(root)
    actor = steps.actor_for(office, sop, email or ws.user().email, sop.step(5).roles, "Langkah 5 (menerima laporan)")
    if ws.branch() != MAIN:
        raise UsageError(f"Penerimaan laporan menggabungkan cabang ke {MAIN}. Pindah dulu ke {MAIN}: `git switch {MAIN}`.")
    dirty = ws.dirty_tracked()
    if dirty:
        raise UsageError("Ada perubahan yang belum di-commit di main: " + ", ".join(dirty[:5])
                         + ". Simpan atau batalkan perubahan itu dulu (`git status`), lalu ulangi.")
    if branch == MAIN or not ws.resolves(branch):
        raise UsageError(f"Cabang '{branch}' tidak ada. Lihat daftar cabang dengan `git branch -a`.")
    if not ws.changed_between(MAIN, branch, RECORDS_DIR):
        raise UsageError(f"Cabang '{branch}' tidak membawa perubahan catatan apa pun dibanding {MAIN}; "
                         "tidak ada yang diterima.")

    from registri.audit import run_audit  # read side; imported here so `step` does not need it

    findings = tuple(run_audit(root, rev_range=f"{MAIN}..{branch}", today=today))
    reported, merged_only = split_records(ws, MAIN, branch)
    message = steps.accept_message(reported, actor.role_name, merged_only) if reported else \
        steps.merge_message(merged_only, actor.role_name)
    return AcceptPlan(branch, actor, tuple(reported), tuple(merged_only), findings, message)


def accept(root: Path, plan: AcceptPlan) -> AcceptResult:
    if not plan.ok:
        raise UsageError(plan.refusal())
    ws = Workspace(root)
    commit = ws.merge_no_ff(plan.branch, plan.message)
    name, role = plan.actor.person.name, plan.actor.role_name
    if plan.reported:
        lines = [f"Laporan pendokumentasian diterima oleh {name} ({role}): {', '.join(plan.reported)} "
                 f"(commit {commit[:10]})."]
        if plan.merged_only:
            lines.append(f"Ikut digabung tanpa penerimaan (belum dilaporkan): {', '.join(plan.merged_only)}.")
    else:
        lines = [f"Perubahan cabang '{plan.branch}' ({', '.join(plan.merged_only)}) digabung ke {MAIN} oleh "
                 f"{name} (commit {commit[:10]}); tidak ada laporan yang diterima."]
    lines.append(f"Kirim main ke repositori kantor: `git push origin {MAIN}` (atau tombol Kirim di desk).")
    return AcceptResult(commit, tuple(lines))


def split_records(ws: Workspace, base: str, branch: str) -> tuple[list[str], list[str]]:
    """Ids the branch brings to `dilaporkan` (accepted) and the other records it changes."""
    reported, others = [], []
    for path in ws.changed_between(base, branch, RECORDS_DIR):
        record_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        after = _status(ws.show(branch, path))
        before = _status(ws.show(base, path))
        (reported if after == REPORTED and before != REPORTED else others).append(record_id)
    return sorted(reported), sorted(others)


def _status(raw: bytes | None) -> str | None:
    return steps.status_in(raw.decode("utf-8-sig", errors="replace")) if raw is not None else None
