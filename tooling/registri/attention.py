"""What needs the PPID's action today: ended periods, overdue reviews, periods ending soon.

Also the backlog of inherited records (registri/backlog.py): what each still lacks, per gap and
per record, oldest first. The backlog is shown but never makes the run fail: an office that has
just adopted its old list must keep working while it repairs it.

The facts come from Record (model.py); this module only sorts records into the three lists and
renders them as text, Markdown (the body of the daily GitHub issue) or JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from registri import backlog as inherited
from registri.model import Record, Register

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

# Marker the daily workflow looks for; also tells readers the issue body is generated.
ISSUE_MARKER = "<!-- registri-attention -->"


@dataclass(frozen=True)
class Item:
    """One record that needs action, with the date that makes it so."""

    id: str
    title: str
    path: str
    unit: str
    status: str
    due: dt.date          # period end (ended, expiring) or review date (overdue)
    days: int             # days from today to `due`; negative when past

    def as_dict(self) -> dict:
        return {"id": self.id, "judul": self.title, "berkas": self.path, "unit": self.unit,
                "status": self.status, "tanggal": self.due.isoformat(), "selisih_hari": self.days}


@dataclass(frozen=True)
class Category:
    key: str              # JSON key
    heading: str          # Indonesian section title
    date_label: str       # what the date column means
    action: str           # what the PPID should do
    urgent: bool          # makes `registri attention` exit 1
    command: str = ""     # the command to run for one item, {id} filled in


ENDED = Category(
    "berakhir", "Masa pengecualian sudah berakhir, catatan masih tertutup", "Berakhir",
    "Nyatakan informasi terbuka: isi bagian `dibuka` (tanggal, alasan, dasar) lalu jalankan "
    "`registri step pembukaan ID`; atau, bila masih harus dikecualikan, lakukan uji konsekuensi baru, "
    "isi bagian `peninjauan` dan perbarui masa pengecualiannya, lalu jalankan `registri step peninjauan ID`.",
    True, "registri step pembukaan {id}")
OVERDUE = Category(
    "tinjau_terlambat", "Tinjau ulang sudah lewat waktunya", "Tinjau ulang",
    "Lakukan peninjauan: uji konsekuensi ulang, tambahkan hasilnya di bagian `peninjauan` dan perbarui "
    "`klasifikasi.tinjau_ulang`, lalu jalankan `registri step peninjauan ID` (atau buka informasinya dengan "
    "`registri step pembukaan ID`).", True, "registri step peninjauan {id}")
EXPIRING = Category(
    "segera_berakhir", "Masa pengecualian segera berakhir", "Berakhir",
    "Siapkan pembukaan (`registri step pembukaan ID`) atau peninjauan (`registri step peninjauan ID`) sebelum "
    "tanggal berakhir.", False, "registri step peninjauan {id}")

CATEGORIES = (ENDED, OVERDUE, EXPIRING)


@dataclass(frozen=True)
class Attention:
    today: dt.date
    days: int
    groups: tuple[tuple[Category, tuple[Item, ...]], ...]
    unreadable: int       # record files left out of the register because they failed to load
    backlog: inherited.Backlog = inherited.Backlog((), 0)

    @property
    def urgent(self) -> bool:
        return any(category.urgent and items for category, items in self.groups)

    @property
    def total(self) -> int:
        return sum(len(items) for _, items in self.groups)

    def items(self, category: Category) -> tuple[Item, ...]:
        return dict(self.groups)[category]


def _item(record: Record, due: dt.date, today: dt.date) -> Item:
    return Item(record.id, record.title, record.path, record.unit, record.status, due, (due - today).days)


def collect(register: Register, today: dt.date, days: int = 30) -> Attention:
    """Sort the records that are still exempt into the three lists, oldest date first."""
    ended: list[Item] = []
    overdue: list[Item] = []
    expiring: list[Item] = []
    for record in register.active():
        if record.is_expired(today):
            ended.append(_item(record, record.period_end, today))
        else:
            left = record.days_left(today)
            if left is not None and left <= days:
                expiring.append(_item(record, record.period_end, today))
        if record.review_overdue(today):
            overdue.append(_item(record, record.review_date, today))
    order = lambda item: (item.due, item.id)  # noqa: E731 - a sort key
    groups = tuple((c, tuple(sorted(items, key=order))) for c, items in zip(CATEGORIES, (ended, overdue, expiring)))
    unreadable = len({f.path for f in register.load_findings if f.is_error})   # warnings do not drop a record
    return Attention(today, days, groups, unreadable, inherited.collect(register, today))


# Rendering ------------------------------------------------------------------------------------

def long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def relative(days: int) -> str:
    if days == 0:
        return "hari ini"
    return f"{abs(days)} hari lagi" if days > 0 else f"{-days} hari lalu"


def _headline(attention: Attention) -> str:
    return f"per {long_date(attention.today)}; segera berakhir = dalam {attention.days} hari"


def _unreadable_note(attention: Attention) -> str:
    return (f"{attention.unreadable} berkas catatan tidak dapat dibaca dan tidak ikut diperiksa; "
            "jalankan `registri validate` untuk melihat sebabnya.")


def render_text(attention: Attention) -> str:
    lines = [f"Catatan yang perlu tindakan {_headline(attention)}."]
    for category, items in attention.groups:
        if not items:
            continue
        lines.append("")
        lines.append(f"{category.heading} ({len(items)}):")
        for item in items:
            lines.append(f"  {item.path}: {item.id} {item.title} - {category.date_label.lower()} "
                         f"{item.due.isoformat()} ({relative(item.days)})")
        lines.append(f"  Tindakan: {category.action}")
        if category.command:
            lines.append("  Perintah (sesudah catatannya diisi, di cabang kerja): "
                         + "; ".join(f"`{category.command.format(id=item.id)}`" for item in items[:5])
                         + (" …" if len(items) > 5 else ""))
    if not attention.total:
        lines.append("Tidak ada catatan yang perlu tindakan.")
    lines.extend(backlog_text(attention.backlog))
    if attention.unreadable:
        lines.extend(["", _unreadable_note(attention)])
    return "\n".join(lines)


BACKLOG_HEADING = "Tunggakan catatan warisan"


def backlog_action(entry: inherited.Entry) -> str:
    """What to do next for an inherited record, as a command."""
    if entry.record.status == inherited.LENIENT_STATUS:
        return f"`registri step 2 {entry.record.id}` setelah melengkapi uji konsekuensi dan klasifikasinya"
    return f"`registri step 3 {entry.record.id}` setelah mencatat penyimpanannya"


def backlog_text(backlog: inherited.Backlog) -> list[str]:
    if not backlog.entries:
        return []
    lines = ["", f"{BACKLOG_HEADING}: {len(backlog.entries)} dari {backlog.inherited} catatan warisan masih kurang "
                 f"({backlog.gap_count} kekurangan; bukan kesalahan, tetapi wajib dilengkapi)."]
    lines.append("  Per kekurangan:")
    for kind, entries in backlog.per_kind():
        lines.append(f"    {kind.label}: {len(entries)} catatan; dilengkapi pada {kind.step}")
    lines.append("  Per catatan (tertua lebih dahulu):")
    for entry in backlog.entries:
        lines.append(f"    {entry.record.path}: {entry.record.id} {entry.record.title} ({entry.since_text}) - "
                     f"kurang: {'; '.join(g.kind.label.split(' (')[0] for g in entry.gaps)}")
        lines.append(f"      Tindakan: {backlog_action(entry)}.")
    return lines


_MD_ESCAPES = {"\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "*": "\\*", "_": "\\_",
               "`": "\\`", "[": "\\[", "]": "\\]", "#": "\\#", "@": "@\u200b"}


def md_text(value: str) -> str:
    """A record's text inside a Markdown table cell: no markup, no mentions, one line."""
    flat = " ".join(str(value).split())
    return "".join(_MD_ESCAPES.get(ch, ch) for ch in flat)


def render_markdown(attention: Attention, link_base: str | None = None) -> str:
    """The daily issue's body. `link_base` (e.g. https://github.com/ORG/REPO/blob/main/) links files."""
    lines = [ISSUE_MARKER, "", f"**Catatan yang perlu tindakan** {_headline(attention)}.", "",
             "| Kelompok | Jumlah |", "|---|---:|"]
    lines += [f"| {c.heading} | {len(items)} |" for c, items in attention.groups]
    for category, items in attention.groups:
        if not items:
            continue
        lines += ["", f"### {category.heading} ({len(items)})", "", category.action, "",
                  f"| ID | Judul | Unit | Status | {category.date_label} | |", "|---|---|---|---|---|---|"]
        for item in items:
            ident = f"[{item.id}]({link_base.rstrip('/')}/{item.path})" if link_base else f"`{item.id}`"
            lines.append(f"| {ident} | {md_text(item.title)} | {md_text(item.unit)} | {item.status} | "
                         f"{long_date(item.due)} | {relative(item.days)} |")
    if not attention.total:
        lines += ["", "Tidak ada catatan yang perlu tindakan. :white_check_mark:"]
    backlog = attention.backlog
    if backlog.entries:
        lines += ["", f"### {BACKLOG_HEADING} ({len(backlog.entries)} catatan, {backlog.gap_count} kekurangan)", "",
                  "Butir DIK lama yang dibawa masuk dengan `registri import --existing`. Bukan kesalahan, tetapi "
                  "wajib dilengkapi lewat langkah POS.", "", "| Kekurangan | Catatan | Dilengkapi pada |", "|---|---:|---|"]
        lines += [f"| {kind.label} | {len(entries)} | {kind.step} |" for kind, entries in backlog.per_kind()]
        lines += ["", "| ID | Judul | Sejak | Kekurangan |", "|---|---|---|---|"]
        for entry in backlog.entries:
            ident = (f"[{entry.record.id}]({link_base.rstrip('/')}/{entry.record.path})" if link_base
                     else f"`{entry.record.id}`")
            since = long_date(entry.since) if entry.since else "–"
            lines.append(f"| {ident} | {md_text(entry.record.title)} | {since} | "
                         f"{md_text('; '.join(g.kind.label.split(' (')[0] for g in entry.gaps))} |")
    if attention.unreadable:
        lines += ["", f"> [!WARNING]\n> {_unreadable_note(attention)}"]
    lines += ["", "_Dibuat otomatis oleh `registri attention` pada jalannya alur kerja harian. "
                  "Isu ini diperbarui setiap hari; jangan mengubah isinya secara manual. "
                  "Panduan: docs/panduan/github.md, bagian \"Bila jalannya harian melaporkan masa berakhir\"._"]
    return "\n".join(lines) + "\n"


def render_json(attention: Attention) -> str:
    payload = {
        "tanggal": attention.today.isoformat(),
        "hari": attention.days,
        "perlu_tindakan": attention.urgent,
        "ringkasan": {c.key: len(items) for c, items in attention.groups},
        **{c.key: [i.as_dict() for i in items] for c, items in attention.groups},
        "berkas_tidak_terbaca": attention.unreadable,
        "tunggakan_warisan": attention.backlog.as_dict(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
