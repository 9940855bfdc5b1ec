"""The submission report: the records a pull request brings to `dilaporkan`, for the Atasan PPID.

It is what the Atasan PPID reads before accepting by merging (SOP step 5). CI prints its
Markdown into the job summary ($GITHUB_STEP_SUMMARY) and keeps its PDF as an artifact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from registri import gitlog
from registri.errors import GitError, UsageError
from registri.findings import Finding
from registri.history import History, load_history
from registri.model import Record, Register
from registri.report.basis import id_key
from registri.report.pdfkit import build_pdf, content_width, letterhead, para, styles, table_flowable
from registri.report.period import tanggal
from registri.report.public import legal_basis, period_text
from registri.report.tables import Column, Table
from registri.report.markdown import render_template

REPORTED = "dilaporkan"


@dataclass(frozen=True)
class StepRow:
    step: int
    person: str
    day: dt.date
    minutes: int | None
    standard: int


@dataclass(frozen=True)
class SubmittedItem:
    id: str
    path: str
    title: str
    grounds: str
    legal_basis: str
    period: str
    review: dt.date | None
    security: str
    documentation: str
    report_period: str
    steps: tuple[StepRow, ...]


@dataclass(frozen=True)
class Submission:
    office: str
    body: str
    city: str
    base: str
    head: str | None
    today: dt.date
    items: tuple[SubmittedItem, ...]
    findings: tuple[Finding, ...]           # validation findings of the submitted records
    ppid: tuple[str, ...]
    atasan_ppid: tuple[str, ...]


def split_range(text: str) -> tuple[str, str]:
    base, sep, head = text.partition("..")
    if not sep or not base or not head or head.startswith("."):
        raise UsageError(f"--submission: '{text}' bukan rentang; tulis BASIS..UJUNG, mis. origin/main..HEAD.")
    return base, head


def submitted_ids(root: Path, history: History, base: str, head: str) -> list[str]:
    """Records whose last change in BASE..HEAD left them `dilaporkan` (and were not so before)."""
    repo = gitlog.open_repo(root)
    if repo is None:
        raise GitError(f"Folder {root} bukan repositori Git; laporan penyerahan membaca riwayat Git.")
    for rev in (base, head):
        if gitlog.resolve(repo, rev) is None:
            raise GitError(f"'{rev}' bukan commit atau cabang di repositori ini.")
    in_range = set(gitlog.rev_list(repo, f"{base}..{head}"))
    found = []
    for record_id, rh in history.records.items():
        events = [e for e in rh.events if e.commit.sha in in_range]
        before = [e for e in rh.events if e.commit.sha not in in_range]
        if events and events[-1].status_after == REPORTED and (not before or before[-1].status_after != REPORTED):
            found.append(record_id)
    return sorted(found, key=id_key)


def _documentation(record: Record) -> str:
    doc = record.get("dokumentasi") or {}
    parts = []
    if isinstance(doc.get("softcopy"), dict):
        parts.append("softcopy" + (" (sidik jari SHA-256 ada)" if doc["softcopy"].get("sha256") else ""))
    if isinstance(doc.get("hardcopy"), dict):
        parts.append("hardcopy")
    secured = all(str(v.get("pengamanan", "")).strip() for v in doc.values() if isinstance(v, dict))
    return (" dan ".join(parts) + ("; pengamanan tercatat" if parts and secured else "")) if parts else "belum ada"


def build_submission(register: Register, history: History, ids: list[str], base: str, today: dt.date,
                     findings: list[Finding]) -> Submission:
    by_id = register.by_id()
    sop = register.sop
    tz = register.office.tz
    items = []
    for record_id in ids:
        record = by_id.get(record_id)
        if record is None:
            continue
        rh = history.of(record_id)
        steps = tuple(StepRow(n, (e.person.name if e.person else e.commit.author_name), e.time.astimezone(tz).date(),
                              e.work_minutes, sop.step(n).minutes)
                      for n in (1, 2, 3, 4) if (e := rh.step(n)) is not None)
        items.append(SubmittedItem(
            record.id, record.path, record.title, ", ".join(record.pasal), legal_basis(record), period_text(record),
            record.review_date, str(record.security or "–"), _documentation(record), record.report_period or "–", steps))
    paths = {item.path for item in items}
    office = register.office
    return Submission(office.name, office.public_body, office.city, base, history.head, today, tuple(items),
                      tuple(f for f in findings if f.path in paths),
                      tuple(p.name for p in office.people_with_role("ppid")),
                      tuple(p.name for p in office.people_with_role("atasan_ppid")))


def load_submission(root: Path, register: Register, rev_range: str, today: dt.date,
                    findings: list[Finding]) -> Submission:
    base, head = split_range(rev_range)
    history = load_history(root, head, office=register.office, sop=register.sop)
    return build_submission(register, history, submitted_ids(root, history, base, head), base, today, findings)


def item_table(sub: Submission) -> Table:
    return Table("diserahkan", "Catatan yang diserahkan untuk diterima",
                 (Column("id", "ID", width=1.1), Column("judul", "Informasi", width=2.6), Column("dasar", "Dasar", width=0.8),
                  Column("jangka", "Jangka waktu", width=1.6), Column("tinjau", "Tinjau ulang", "date", 0.9),
                  Column("dokumentasi", "Dokumentasi", width=1.5), Column("laporan", "Periode", width=0.7)),
                 tuple((i.id, i.title, i.grounds, i.period, i.review, i.documentation, i.report_period) for i in sub.items),
                 "Permintaan ini tidak membawa catatan ke status dilaporkan.")


def steps_table(sub: Submission) -> Table:
    return Table("langkah", "Langkah POS yang sudah dikerjakan",
                 (Column("id", "ID", width=1.1), Column("langkah", "Langkah", "int", 0.6), Column("pelaksana", "Pelaksana", width=2.2),
                  Column("tanggal", "Tanggal", "date", 0.9), Column("menit", "Menit kerja", "int", 0.8),
                  Column("standar", "Standar", "int", 0.7)),
                 tuple((i.id, s.step, s.person, s.day, s.minutes, s.standard) for i in sub.items for s in i.steps),
                 "Belum ada langkah yang tercatat.")


def render_submission_markdown(sub: Submission) -> str:
    return render_template("submission.md.j2", sub=sub, items=item_table(sub), steps=steps_table(sub),
                           day=tanggal(sub.today))


def render_submission_pdf(sub: Submission) -> bytes:
    st = styles()
    width = content_width()
    story = letterhead(st, sub.body, sub.office, "Pejabat Pengelola Informasi dan Dokumentasi (PPID)", sub.city, width)
    story += [para("LAPORAN PENYERAHAN PENDOKUMENTASIAN INFORMASI YANG DIKECUALIKAN", st.title),
              para(f"{len(sub.items)} catatan untuk diterima Atasan PPID · {tanggal(sub.today)}", st.subtitle),
              para(f"Perubahan {sub.base}..{(sub.head or '')[:12]}", st.subtitle)]
    story += table_flowable(item_table(sub), st, width) + table_flowable(steps_table(sub), st, width)
    findings = Table("temuan", "Hasil pemeriksaan catatan",
                     (Column("berkas", "Berkas", width=1.8), Column("kode", "Kode", width=0.7),
                      Column("pesan", "Pesan", width=4.0)),
                     tuple((f.path, f.code, f.message) for f in sub.findings), "Tidak ada temuan: semua catatan sesuai aturan.")
    story += table_flowable(findings, st, width)
    story.append(para("Atasan PPID menerima laporan ini dengan menggabungkan (merge) permintaan perubahan ke main; "
                      "tanggal merge menjadi tanggal penerimaan.", st.body))
    return build_pdf(story, title="Laporan penyerahan DIK", author=", ".join(sub.ppid) or "PPID",
                     footer_left=f"Laporan penyerahan DIK · {sub.base}..{(sub.head or '')[:12]}")
