"""The public DIK: what an office publishes on its PPID website, and nothing internal.

Built by WHITELIST: a PublicItem is made from exactly the record fields named in PUBLIC_FIELDS.
Storage locations, fingerprints, access lists, people, units, letter numbers, descriptions and
review notes never reach it, so no renderer can leak them. Listed: items still exempt on the day
(not opened) that are classified (status diklasifikasi or later) and determined on or before it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from itertools import groupby

from reportlab.platypus import Spacer
from jinja2 import Environment, FileSystemLoader, select_autoescape

from registri.model import Record, Register
from registri.report.basis import id_key
from registri.report.csv_out import write_csv
from registri.report.markdown import TEMPLATES, render_template
from registri.report.pdfkit import build_pdf, content_width, letterhead, para, styles, table_flowable
from registri.report.period import tanggal
from registri.report.tables import Column, Table
from registri.report.xlsx import new_workbook, to_bytes, write_tables

PUBLIC_FIELDS = (
    "judul", "klasifikasi.pasal", "klasifikasi.dasar_hukum", "uji_konsekuensi.jika_dibuka",
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
class PublicItem:
    no: int
    information: str
    legal_basis: str
    if_opened: str
    if_closed: str
    period: str

    def row(self) -> tuple:
        return (self.no, self.information, self.legal_basis, self.if_opened, self.if_closed, self.period)


@dataclass(frozen=True)
class PublicDik:
    body: str
    office: str
    city: str
    day: dt.date
    items: tuple[PublicItem, ...]


def is_listed(record: Record, day: dt.date) -> bool:
    determined = record.determined_on
    return (not record.is_open and record.status_rank >= 2 and determined is not None and determined <= day)


def pasal17_text(codes: tuple[str, ...]) -> str:
    """('17h.4', '17h.5') -> 'Pasal 17 huruf h angka 4 dan 5'."""
    parts = []
    parsed = sorted((code[2], code.partition(".")[2]) for code in codes if len(code) >= 3)
    for letter, group in groupby(parsed, key=lambda p: p[0]):
        angka = [a for _, a in group if a]
        part = f"huruf {letter}"
        if angka:
            part += " angka " + (", ".join(angka[:-1]) + " dan " + angka[-1] if len(angka) > 1 else angka[0])
        parts.append(part)
    return "Pasal 17 " + "; ".join(parts) + " UU 14/2008" if parts else ""


def legal_basis(record: Record) -> str:
    lines = [pasal17_text(record.pasal)]
    for law in record.get("klasifikasi.dasar_hukum", []) or []:
        if (law.get("jenis"), law.get("nomor"), law.get("tahun")) == ("UU", 14, 2008):
            continue
        text = f"{law.get('jenis')} {law.get('nomor')}/{law.get('tahun')}"
        if law.get("tentang"):
            text += f" tentang {law['tentang']}"
        if law.get("pasal"):
            text += f" Pasal {law['pasal']}"
        lines.append(text)
    return "; ".join(line for line in lines if line)


def period_text(record: Record) -> str:
    period = record.get("klasifikasi.jangka_waktu") or {}
    kind, note = period.get("jenis"), period.get("keterangan")
    start = record.period_start
    if kind == "durasi_tetap":
        text = f"{period.get('tahun')} tahun sejak {tanggal(start)}" if start else f"{period.get('tahun')} tahun"
        end = record.period_end
        return text + (f" (sampai {tanggal(end)})" if end else "")
    if kind == "sampai_peristiwa":
        event = str(period.get("peristiwa") or "")
        if len(event) > 1 and event[1].islower():      # "Penetapan …" -> "Sampai penetapan …", keep "SK …"
            event = event[0].lower() + event[1:]
        return f"Sampai {event}" if event else (note or "Sampai peristiwa tertentu")
    if kind == "sampai_persetujuan":
        return note or "Sampai ada persetujuan tertulis dari yang bersangkutan"
    if kind == "tidak_terbatas":
        return "Tidak terbatas (ditinjau ulang secara berkala)"
    return note or "–"


def public_dik(register: Register, day: dt.date) -> PublicDik:
    records = sorted((r for r in register.records if is_listed(r, day)), key=lambda r: id_key(r.id))
    items = tuple(PublicItem(n, r.title, legal_basis(r), str(r.get("uji_konsekuensi.jika_dibuka", "")),
                             str(r.get("uji_konsekuensi.kepentingan_publik", "")), period_text(r))
                  for n, r in enumerate(records, start=1))
    office = register.office
    return PublicDik(office.public_body, office.name, office.city, day, items)


def as_table(dik: PublicDik) -> Table:
    return Table("dik_publik", f"Daftar Informasi yang Dikecualikan per {tanggal(dik.day)}", COLUMNS,
                 tuple(item.row() for item in dik.items), "Belum ada informasi yang dikecualikan.")


def render_public_markdown(dik: PublicDik) -> str:
    return render_template("public.md.j2", dik=dik, day=tanggal(dik.day))


def render_public_html(dik: PublicDik) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("public.html.j2").render(dik=dik, day=tanggal(dik.day))


def render_public_csv(dik: PublicDik) -> bytes:
    return write_csv(tuple(c.key for c in COLUMNS), (item.row() for item in dik.items))


def render_public_xlsx(dik: PublicDik) -> bytes:
    book = new_workbook(dik.day)
    book.properties.title = "Daftar Informasi yang Dikecualikan"
    write_tables(book.create_sheet("DIK"), f"Daftar Informasi yang Dikecualikan — {dik.office}", [as_table(dik)])
    return to_bytes(book)


def render_public_pdf(dik: PublicDik) -> bytes:
    st = styles()
    width = content_width(wide=True)
    story = letterhead(st, dik.body, dik.office, "Pejabat Pengelola Informasi dan Dokumentasi (PPID)", dik.city, width)
    story += [para("DAFTAR INFORMASI YANG DIKECUALIKAN", st.title), para(f"Keadaan per {tanggal(dik.day)}", st.subtitle)]
    story += [Spacer(1, 6)] + table_flowable(as_table(dik), st, width, titled=False)
    return build_pdf(story, title="Daftar Informasi yang Dikecualikan", author=dik.office,
                     footer_left=f"{dik.office} · Daftar Informasi yang Dikecualikan · {dik.day.isoformat()}", wide=True)


def render_public(dik: PublicDik, fmt: str) -> str | bytes:
    return {"html": render_public_html, "md": render_public_markdown, "csv": render_public_csv,
            "xlsx": render_public_xlsx, "pdf": render_public_pdf}[fmt](dik)
