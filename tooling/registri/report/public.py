"""The public DIK: what an office publishes on its PPID website, and nothing internal.

Built by WHITELIST: a PublicItem is made from exactly the record fields named in PUBLIC_FIELDS.
Storage locations, fingerprints, access lists, people, units, letter numbers, descriptions and
review notes never reach it, so no renderer can leak them. Listed: items still exempt on the day
(not opened) that are classified (status diklasifikasi or later) and determined on or before it.
The record id (DIK-2026-003) is public: it identifies the item for good, because records are
never deleted and an id is never reused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from reportlab.platypus import Spacer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from registri.model import Record, Register
from registri.report.basis import id_key
from registri.report.cells import csv_bytes
from registri.report.dik_text import legal_basis, other_laws, pasal17_text, period_text  # noqa: F401 (re-exported)
from registri.report.markdown import TEMPLATES, render_template
from registri.report.pdfparts import PART_ROWS, Meta, Part, PartStore, part_key, parted_pdf
from registri.report.pdfkit import build_pdf, content_width, letterhead, para, styles, table_flowable
from registri.report.period import tanggal
from registri.report.tables import Column, Table
from registri.report.xlsx import render_table_xlsx

PUBLIC_FIELDS = (
    "id", "judul", "klasifikasi.pasal", "klasifikasi.dasar_hukum", "uji_konsekuensi.jika_dibuka",
    "uji_konsekuensi.kepentingan_publik", "klasifikasi.jangka_waktu",
)
COLUMNS = (
    Column("no", "No", "int", 0.35),
    Column("informasi", "Informasi yang dikecualikan", width=2.0),
    Column("dasar_hukum", "Dasar hukum", width=1.6),
    Column("jika_dibuka", "Konsekuensi jika dibuka", width=2.4),
    Column("jika_ditutup", "Konsekuensi jika ditutup", width=2.4),
    Column("jangka_waktu", "Jangka waktu", width=1.4),
)


@dataclass(frozen=True)
class PublicLaw:
    """One entry of klasifikasi.dasar_hukum, only its public keys."""
    kind: str                    # UU, PP, Permen, ...
    number: str
    year: int | None
    article: str
    about: str


@dataclass(frozen=True)
class PublicItem:
    no: int
    information: str
    legal_basis: str
    if_opened: str
    if_closed: str
    period: str
    id: str = ""
    codes: tuple[str, ...] = ()               # klasifikasi.pasal
    laws: tuple[PublicLaw, ...] = ()          # the basis besides UU 14/2008
    period_kind: str = ""                     # klasifikasi.jangka_waktu.jenis
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    def row(self) -> tuple:
        return (self.no, self.information, self.legal_basis, self.if_opened, self.if_closed, self.period)


@dataclass(frozen=True)
class PublicDik:
    body: str
    office: str
    city: str
    day: dt.date
    items: tuple[PublicItem, ...]
    short_name: str = ""


def is_listed(record: Record, day: dt.date) -> bool:
    determined = record.determined_on
    return (not record.is_open and record.status_rank >= 2 and determined is not None and determined <= day)


def _law(law: dict) -> PublicLaw:
    year = law.get("tahun")
    return PublicLaw(str(law.get("jenis") or ""), str(law.get("nomor") or ""), year if isinstance(year, int) else None,
                     str(law.get("pasal") or ""), str(law.get("tentang") or ""))


def public_item(no: int, r: Record) -> PublicItem:
    kind = (r.get("klasifikasi.jangka_waktu") or {}).get("jenis")
    return PublicItem(no, r.title, legal_basis(r), str(r.get("uji_konsekuensi.jika_dibuka", "")),
                      str(r.get("uji_konsekuensi.kepentingan_publik", "")), period_text(r), r.id, tuple(r.pasal),
                      tuple(_law(law) for law in other_laws(r)), str(kind or ""), r.period_start, r.period_end)


def public_dik(register: Register, day: dt.date) -> PublicDik:
    records = sorted((r for r in register.records if is_listed(r, day)), key=lambda r: id_key(r.id))
    items = tuple(public_item(n, r) for n, r in enumerate(records, start=1))
    office = register.office
    return PublicDik(office.public_body, office.name, office.city, day, items, office.short_name)


def as_table(dik: PublicDik) -> Table:
    return Table("dik_publik", f"Daftar Informasi yang Dikecualikan per {tanggal(dik.day)}", COLUMNS,
                 tuple(item.row() for item in dik.items), "Belum ada informasi yang dikecualikan.")


def render_public_markdown(dik: PublicDik, limit: int | None = None) -> str:
    """The public DIK as Markdown; with `limit` (the site's page), a longer list is left to its
    HTML, PDF, XLSX and CSV files instead of one page of thousands of table rows."""
    return render_template("public.md.j2", dik=dik, day=tanggal(dik.day), limit=limit)


def render_public_html(dik: PublicDik) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("public.html.j2").render(dik=dik, day=tanggal(dik.day))


def render_public_csv(dik: PublicDik) -> bytes:
    return csv_bytes(tuple(c.key for c in COLUMNS), (item.row() for item in dik.items))


def render_public_xlsx(dik: PublicDik) -> bytes:
    return render_table_xlsx(as_table(dik), dik.day, sheet="DIK", heading=f"Daftar Informasi yang Dikecualikan — {dik.office}")


# The last lines of a PDF cell cut for length (pdfkit.CELL_LINES): the public list's other formats
# hold the whole text.
PUBLIC_CUT_NOTE = "… (terpotong; teks lengkapnya ada pada daftar ini dalam HTML, XLSX dan CSV)"


def render_public_pdf(dik: PublicDik, parts: PartStore | None = None) -> bytes:
    """The public DIK as a landscape PDF; with `parts` (the build cache), a long list is made of
    parts kept there, so one changed item makes only its part again (pdfparts)."""
    st = styles()
    width = content_width(wide=True)
    table = as_table(dik)
    meta = Meta("dik-publik", "Daftar Informasi yang Dikecualikan", dik.office,
                f"{dik.office} · Daftar Informasi yang Dikecualikan · {dik.day.isoformat()}", wide=True)

    def rows_of(part) -> list:
        return table_flowable(part, st, width, titled=False, cut_note=PUBLIC_CUT_NOTE)

    def head() -> list:
        story = letterhead(st, dik.body, dik.office, "Pejabat Pengelola Informasi dan Dokumentasi (PPID)", dik.city, width)
        return story + [para("DAFTAR INFORMASI YANG DIKECUALIKAN", st.title),
                        para(f"Keadaan per {tanggal(dik.day)}", st.subtitle), Spacer(1, 6)]

    if parts is None or len(table.rows) <= PART_ROWS:
        return build_pdf(head() + rows_of(table), meta.title, meta.footer_left,
                         meta.author, meta.wide)
    pieces = []
    for start in range(0, len(table.rows), PART_ROWS):
        rows = dataclasses.replace(table, rows=table.rows[start:start + PART_ROWS])
        if start == 0:
            made_from = (rows, dik.body, dik.office, dik.city, dik.day)
            story = lambda rows=rows: head() + rows_of(rows)  # noqa: E731
        else:
            made_from = (rows,)
            story = lambda rows=rows: rows_of(rows)  # noqa: E731
        pieces.append(Part(part_key(*made_from), story))
    return parted_pdf(pieces, meta, parts)


def render_public(dik: PublicDik, fmt: str) -> str | bytes:
    from registri.report.public_json import render_public_json
    return {"html": render_public_html, "md": render_public_markdown, "csv": render_public_csv,
            "xlsx": render_public_xlsx, "pdf": render_public_pdf, "json": render_public_json}[fmt](dik)
