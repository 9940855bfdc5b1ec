"""The staff actions on records: plan an SOP step or a named change, check it, commit it.

One core for every face: `registri step` (CLI) and the desk (browser) both call `plan_step`
and `commit_step`, so the checks, the messages, the trailers and the branch a change lands on
exist once. A plan is pure (nothing is written); a commit writes exactly the planned texts and
puts everything back when Git or a hook refuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from registri import steps
from registri.commitmsg import CHANGE_ROLES   # who may make a named change: one table for hook, audit and here
from registri.config import load_office
from registri.errors import UsageError
from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.gitwrite import MAIN, Workspace
from registri.loader import parse_text
from registri.normalise import normalised_text
from registri.paths import display_path
from registri.sop import OPENED, STATUS_ORDER, Sop, load_sop

SEND_REMINDER = ("Jangan lupa mengirim pekerjaan ini ke repositori kantor: `git push -u origin {branch}` "
                 "(atau tombol Kirim di desk), agar pegawai berikutnya dapat melanjutkannya.")

WARNINGS_NOTE = ("Peringatan di atas tidak menghalangi langkah ini, tetapi sebaiknya diperbaiki (dengan "
                 "`registri step koreksi ID` setelah catatan diterima, atau sekarang sebelum dikirim).")


@dataclass(frozen=True)
class Kind:
    """What is being done: an SOP step (1-4) or a named change outside the steps."""

    number: int | None
    change: str | None

    @property
    def label(self) -> str:
        return f"Langkah {self.number}" if self.number else f"Perubahan {self.change}"

    @property
    def target(self) -> str:
        return f"langkah {self.number}" if self.number else "perubahan"


def parse_kind(text: str) -> Kind:
    text = str(text).strip().lower()
    if text in steps.CHANGES:
        return Kind(None, text)
    if text in ("1", "2", "3", "4"):
        return Kind(int(text), None)
    if text == "5":
        raise UsageError("Langkah 5 (menerima laporan) dikerjakan Atasan PPID dengan `registri accept CABANG`.")
    raise UsageError(f"'{text}' bukan langkah; tulis 1, 2, 3 atau 4, atau koreksi, peninjauan, pembukaan.")


@dataclass(frozen=True)
class Change:
    file: Path
    shown: str
    record_id: str
    old_text: str | None     # None when this action creates the file
    new_text: str
    tracked: bool = True     # in HEAD already (False for step 1 and imports)
    normalised: bool = False  # an unambiguous spelling (upper-case SHA-256, `Rahasia`) was written canonically


@dataclass(frozen=True)
class StepPlan:
    kind: Kind
    ids: tuple[str, ...]
    actor: steps.Actor
    changes: tuple[Change, ...]
    findings: tuple[Finding, ...]   # the records as they would be written: errors and warnings
    message: str                    # the commit message, trailers included
    branch: str                     # the branch it is committed on now
    branch_hint: str                # the working branch made when that is main

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if not f.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def refusal(self) -> str:
        """The sentence after the error findings: nothing was changed, what to do."""
        return (f"Belum ada yang diubah: lengkapi catatan di atas untuk {self.kind.target}, "
                "lalu jalankan perintah ini lagi.")


@dataclass(frozen=True)
class StepResult:
    commit: str
    branch: str                  # where the commit is
    created: str | None          # the working branch made because the person was on main
    lines: tuple[str, ...]       # what happened and what comes next, in Indonesian


def plan_step(root: Path, kind: Kind | str, ids: list[str] | tuple[str, ...], *, today: dt.date,
              email: str | None = None, pelaksana: str | None = None, laporan: str | None = None,
              drafts: dict[str, str] | None = None) -> StepPlan:
    """Check everything `commit_step` needs, without writing anything.

    `drafts` maps a record id to the full new text of its file (the desk's form); without it the
    file on disk is the record's new content. Refusals raise UsageError with the reason.
    """
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    ids = tuple(dict.fromkeys(ids))
    if not ids:
        raise UsageError("Sebutkan nomor catatan, mis. DIK-2026-003.")
    if laporan is not None and kind.number != 4:
        raise UsageError("--laporan hanya dipakai untuk langkah 4.")
    office, sop = load_office(root), load_sop(root)
    ws = Workspace(root)
    branch = _working_branch(ws)
    if kind.number is not None:
        step = sop.step(kind.number)
        what, allowed = f"Langkah {kind.number} ({step.activity[0].lower()}{step.activity[1:]})", step.roles
    else:
        what, allowed = f"Perubahan {kind.change}", CHANGE_ROLES[kind.change]
    actor = steps.actor_for(office, sop, email or ws.user().email, allowed, what, pelaksana)
    period = None
    if kind.number == 4:
        period = steps.check_period(laporan) if laporan else steps.report_period(today, office.report_period)

    drafts = drafts or {}
    changes = tuple(_plan_one(ws, root, record_id, kind, period, drafts.get(record_id)) for record_id in ids)
    findings = steps.kelengkapan(root, {c.file: c.new_text for c in changes}, today)
    findings += _review_entry_findings(kind, changes, ws)
    if kind.number is not None:
        message = steps.step_message(kind.number, list(ids), actor.role_name)
    else:
        message = steps.change_message(kind.change, list(ids), actor.role_name)
    return StepPlan(kind, ids, actor, changes, tuple(findings), message, branch, branch_hint(kind, ids))


def branch_hint(kind: Kind, ids: tuple[str, ...] | list[str]) -> str:
    """The working branch a step or change made on main goes to (README: dik/<ID>, dik/<change>-<ID>)."""
    return f"dik/{kind.change + '-' if kind.change else ''}{ids[0]}"


def commit_step(root: Path, plan: StepPlan) -> StepResult:
    """Write the planned texts and make the commit; refuses a plan with errors."""
    if not plan.ok:
        raise UsageError(plan.refusal())
    ws = Workspace(root)
    if ws.branch() != plan.branch:
        raise UsageError(f"Cabang berpindah dari '{plan.branch}' ke '{ws.branch()}' sejak pemeriksaan; "
                         "periksa lagi, lalu ulangi.")
    commit, created = commit_changes(ws, list(plan.changes), plan.message, plan.branch_hint)
    branch = created or plan.branch
    lines = []
    if created:
        lines.append(f"Anda berada di main; pekerjaan ini dibuat di cabang baru '{created}'.")
    lines.append(f"{plan.kind.label} untuk {', '.join(plan.ids)} dicatat oleh {plan.actor.person.name} sebagai "
                 f"{plan.actor.role_name} (commit {commit[:10]}, cabang {branch}).")
    fixed = [c.record_id for c in plan.changes if c.normalised]
    if fixed:
        lines.append(f"Di {', '.join(fixed)} sidik jari SHA-256 dan/atau tingkat keamanan ditulis dalam bentuk baku "
                     "(huruf kecil, mis. sangat_rahasia); artinya tidak berubah.")
    lines.append(next_action(load_sop(root), plan.kind, plan.ids, branch))
    lines.append(SEND_REMINDER.format(branch=branch))
    return StepResult(commit, branch, created, tuple(lines))


def next_action(sop: Sop, kind: Kind, ids: tuple[str, ...] | list[str], branch: str) -> str:
    """What the next person does after this step, with the command to run."""
    if kind.number == 4 or kind.change in ("peninjauan", "pembukaan"):
        return f"Langkah berikutnya: Atasan PPID menerima dengan `registri accept {branch}` di main."
    if kind.number:
        nxt = sop.step(kind.number + 1)
        names = ", ".join(sop.role_names[r] for r in nxt.roles)
        return f"Langkah berikutnya: langkah {nxt.number} oleh {names} (`registri step {nxt.number} {' '.join(ids)}`)."
    return f"Langkah berikutnya: Atasan PPID menggabungkan koreksi ini dengan `registri accept {branch}` di main."


def next_action_plain(sop: Sop, kind: Kind) -> str:
    """`next_action` for the desk: the same next person, with its buttons instead of commands."""
    if kind.number == 4 or kind.change:
        return ("Langkah berikutnya: tekan Kirim ke Atasan PPID; Atasan PPID menerimanya di desk "
                "(Pekerjaan saya, setelah Sinkronkan).")
    nxt = sop.step(kind.number + 1)
    names = ", ".join(sop.role_names[r] for r in nxt.roles)
    return f"Langkah berikutnya: langkah {nxt.number} oleh {names}, setelah pekerjaan ini Anda kirim."


def check_draft(root: Path, file: Path, text: str, today: dt.date, *, kind: Kind | str | None = None,
                before: bytes | None = None) -> list[Finding]:
    """The findings the hooks and CI would give one record text: schema, rules and the scan, and
    for a peninjauan (given the record's committed text `before`) its review entry."""
    from registri.scan import scan_text   # read side only when asked

    shown = display_path(file, root)
    findings = steps.kelengkapan(root, {file: text}, today) + scan_text(text, shown)
    kind = parse_kind(kind) if isinstance(kind, str) else kind
    if kind is not None and kind.change == "peninjauan":
        findings += review_entry_findings(file.stem, shown, before, text)
    return findings


# Planning one record ---------------------------------------------------------------------------
def _working_branch(ws: Workspace) -> str:
    if not ws.has_commits():
        raise UsageError("Repositori ini belum punya commit awal di main. Commit dulu registri.yaml dan "
                         "berkas konfigurasi lain, lalu ulangi.")
    branch = ws.branch()
    if branch is None:
        raise UsageError("Anda tidak sedang berada di cabang mana pun (detached HEAD). Pindah ke cabang kerja, "
                         "mis. `git switch -c dik/DIK-2026-010`, lalu ulangi.")
    return branch


def _plan_one(ws: Workspace, root: Path, record_id: str, kind: Kind, period: str | None,
              draft: str | None) -> Change:
    file = steps.record_file(root, record_id) if draft is None else _draft_file(root, record_id)
    shown = display_path(file, root)
    on_disk = read_text(file) if file.is_file() else None
    text = draft if draft is not None else on_disk
    if text is None:
        raise UsageError(f"Catatan {record_id} tidak ditemukan di records/. Buat dulu dengan `registri new`.")
    committed_raw = ws.show("HEAD", shown)
    committed = committed_raw.decode("utf-8-sig", errors="replace") if committed_raw is not None else None
    before = steps.status_in(committed)
    number, change = kind.number, kind.change
    if number == 1:
        if committed is not None:
            raise UsageError(f"{record_id} sudah pernah di-commit (status {before}); langkah 1 hanya untuk "
                             "catatan baru dari `registri new` atau `registri import`.")
        new = steps.with_status(text, STATUS_ORDER[0])
    elif number is not None:
        if committed is None:
            raise UsageError(f"{record_id} belum divalidasi (langkah 1 belum di-commit). Jalankan "
                             f"`registri step 1 {record_id}` lebih dahulu.")
        wanted, output = STATUS_ORDER[number - 2], STATUS_ORDER[number - 1]
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
        new = steps.with_status(text, OPENED) if change == "pembukaan" else (
            steps.with_status(text, before) if before else text)
        if _same(new, committed):
            raise UsageError(nothing_changed(record_id, change))
    canonical = normalised_text(new)
    return Change(file, shown, record_id, on_disk, canonical, tracked=committed is not None,
                  normalised=canonical != new)


def _draft_file(root: Path, record_id: str) -> Path:
    try:
        return steps.record_file(root, record_id)
    except UsageError:
        if not steps.ID_PATTERN.match(record_id):
            raise
        return root / "records" / record_id[4:8] / f"{record_id}.yaml"


def _same(a: str, b: str | None) -> bool:
    """Equal as Git would store them: a BOM or Windows line ends are not a change of content."""
    if b is None:
        return False
    norm = lambda t: t.lstrip("\ufeff").replace("\r\n", "\n")   # noqa: E731 - one-line normaliser
    return norm(a) == norm(b)


def nothing_changed(record_id: str, change: str | None) -> str:
    what = {"peninjauan": "tambahkan entri peninjauan (tanggal, nomor, hasil) dan ubah tinjau_ulang",
            "pembukaan": "isi bagian dibuka (tanggal, alasan, dasar)",
            "koreksi": "perbaiki isi catatannya"}.get(change or "", "ubah isi catatannya")
    return (f"{record_id} tidak berubah dibanding commit terakhir, jadi tidak ada yang dicatat. "
            f"Untuk {change or 'perubahan ini'}: {what}, simpan berkasnya, lalu jalankan perintah ini lagi.")


REVIEW_ENTRY = Rule(
    "STP001", Level.ERROR, "Peninjauan tanpa entri peninjauan",
    "Perubahan peninjauan mencatat uji konsekuensi atau jangka waktu baru; tanpa entri di bagian peninjauan "
    "jejaknya tidak menyebut kapan dan dengan hasil apa informasi itu ditinjau.",
    "Tambahkan satu entri di bagian peninjauan (tanggal, nomor berita acara, hasil) dan perbarui "
    "klasifikasi.tinjau_ulang, lalu ulangi `registri step peninjauan ID`.")
RULES = (REVIEW_ENTRY,)


def _review_entry_findings(kind: Kind, changes: tuple[Change, ...], ws: Workspace) -> list[Finding]:
    if kind.change != "peninjauan":
        return []
    found: list[Finding] = []
    for c in changes:
        found += review_entry_findings(c.record_id, c.shown, ws.show("HEAD", c.shown), c.new_text)
    return found


def review_entry_findings(record_id: str, shown: str, before: bytes | None, after_text: str) -> list[Finding]:
    """A peninjauan must add its review entry: the new consequence test or period needs a record."""
    before_data, after = _data(before), _data(after_text.encode("utf-8"))
    if after is None:
        return []   # the schema findings already say why the text cannot be read
    old_reviews = len((before_data or {}).get("peninjauan") or [])
    if len(after.get("peninjauan") or []) > old_reviews:
        return []
    old_next = ((before_data or {}).get("klasifikasi") or {}).get("tinjau_ulang")
    new_next = (after.get("klasifikasi") or {}).get("tinjau_ulang")
    moved = f" (tinjau_ulang berubah dari {old_next} ke {new_next})" if old_next != new_next else ""
    return [Finding(
        shown, None, REVIEW_ENTRY.code, REVIEW_ENTRY.level,
        f"Peninjauan {record_id} belum mencatat entri peninjauan baru{moved}. Tambahkan di bagian "
        "peninjauan satu entri:\n  peninjauan:\n    - tanggal: YYYY-MM-DD\n      nomor: nomor berita acara\n"
        "      hasil: hasil peninjauan (dipertahankan / diubah / dibuka)",
        field="peninjauan", record=record_id)]


def _data(raw: bytes | None) -> dict | None:
    if raw is None:
        return None
    loaded = parse_text(raw.decode("utf-8-sig", errors="replace"), "-")
    return loaded.data if not loaded.findings and isinstance(loaded.data, dict) else None


# Writing ---------------------------------------------------------------------------------------
def commit_changes(ws: Workspace, changes: list[Change], message: str, branch_hint: str) -> tuple[str, str | None]:
    """Write the new texts and commit exactly those files; on `main` first make a working branch.

    Returns the commit id and the branch created (None when already on a working branch).
    When Git or a hook refuses, the files, the index and the branch are put back as they were.
    """
    created = None
    if ws.branch() == MAIN:
        created = free_branch(ws, branch_hint)
        ws.switch_new(created)
    for c in changes:
        c.file.parent.mkdir(parents=True, exist_ok=True)
        write_text(c.file, c.new_text)
    try:
        ws.add([c.shown for c in changes])
        if not ws.staged_among([c.shown for c in changes]):
            raise UsageError(nothing_changed(", ".join(c.record_id for c in changes), None))
        return ws.commit(message, [c.shown for c in changes]), created
    except Exception:
        ws.unstage([c.shown for c in changes if not c.tracked])
        for c in changes:
            if c.old_text is None:
                c.file.unlink(missing_ok=True)
            else:
                write_text(c.file, c.old_text)
        if created:
            ws.switch(MAIN)
            ws.delete_branch(created)
        raise


def read_text(file: Path) -> str:
    """The text exactly as stored (a BOM and CRLF line ends stay as they are)."""
    try:
        return file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{file.name} bukan teks UTF-8; simpan ulang sebagai UTF-8 lalu ulangi.") from None


def write_text(file: Path, text: str) -> None:
    file.write_bytes(text.encode("utf-8"))


def free_branch(ws: Workspace, name: str) -> str:
    candidate, n = name, 2
    while ws.branch_exists(candidate):
        candidate, n = f"{name}-{n}", n + 1
    return candidate
