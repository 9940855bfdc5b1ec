"""The documentation report as a PDF for printing and filing (A4, Indonesian, numbered pages)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table as RLTable, TableStyle

from registri.report.figures import Report
from registri.report.pdfkit import (Styles, build_pdf, content_width, letterhead, para, styles, table_flowable,
                                    text)
from registri.report.period import tanggal
from registri.report.tables import item_list_left_out, report_sections


def render_pdf(report: Report, compress: bool = True) -> bytes:
    """The report's PDF. `compress` False: its pages' text can be filled in byte for byte (the
    site fills the commit in: commitfill.py)."""
    st = styles()
    width = content_width()
    i = report.identity
    story: list = letterhead(st, i.public_body, i.office, "Pejabat Pengelola Informasi dan Dokumentasi (PPID)",
                             i.city, width)
    story += [
        para("LAPORAN PENDOKUMENTASIAN INFORMASI YANG DIKECUALIKAN", st.title),
        para(f"Periode {i.period_name}", st.subtitle),
        para(f"{tanggal(i.period_start)} s.d. {tanggal(i.period_end)}"
             + ("" if i.complete else f" (dihitung sampai {tanggal(i.reference_day)})"), st.subtitle),
        Spacer(1, 8),
        _summary(report, st, width),
    ]
    sections = report_sections(report)
    for section in sections[:-1]:
        story.append(para(f"{section.number}. {section.title.upper()}", st.heading))
        if section.key == "stok":
            s = report.stock
            story.append(para(f"Stok awal {s.at_start} + ditambahkan {s.added} − dibuka {s.opened} = "
                              f"{s.at_start + s.added - s.opened}; stok akhir {s.at_end}: "
                              f"{'sesuai' if s.reconciles else 'TIDAK SESUAI'}.", st.body))
        for table in section.tables:
            left_out = item_list_left_out(section, table, "PDF ini")
            if left_out:
                story.append(para(left_out, st.body))
                continue
            story += table_flowable(table, st, width)
    closing = sections[-1]
    story.append(para("PEMERIKSAAN DAN CATATAN", st.heading))
    story += table_flowable(closing.tables[0], st, width)
    story.append(para("Catatan perhitungan", st.subheading))
    story += [_note(n, note, i.commit, st) for n, note in enumerate(report.notes, start=1)]
    story.append(_signature(report, st, width))
    commit = (i.commit or "bukan-git")[:12]
    return build_pdf(story, title=f"Laporan Pendokumentasian DIK {i.period_name}",
                     footer_left=f"{i.office_short} · Laporan DIK {i.period_code} · commit {commit}",
                     author=report.signature.made_by.name if report.signature.made_by else "PPID", compress=compress)


def _note(number: int, note: str, commit: str | None, st: Styles) -> Paragraph:
    """A calculation note; the commit id in it in the monospaced font, so the lines break the same
    whatever its characters (what lets the site fill it in afterwards: commitfill.py)."""
    body = text(f"{number}. {note}")
    if commit:
        short = commit[:12]
        body = body.replace(short, f'<font face="{st.fonts.mono}">{short}</font>')
    return Paragraph(body, st.small)


def _summary(report: Report, st: Styles, width: float) -> RLTable:
    s, p = report.stock, report.periods
    rows = [("Stok awal", s.at_start), ("Ditambahkan", s.added), ("Dibuka", s.opened), ("Stok akhir", s.at_end),
            ("Jangka waktu berakhir tetapi masih tertutup (target 0)", len(p.expired_still_closed)),
            ("Tinjau ulang terlambat (target 0)", len(p.reviews_overdue)),
            ("Catatan diterima Atasan PPID dalam periode", report.acceptance.accepted_in_period)]
    data = [[para("Ringkasan", st.head_cell), para("Jumlah", st.head_cell)]]
    data += [[para(label, st.cell), para(value, st.cell_right)] for label, value in rows]
    flow = RLTable(data, colWidths=[width * 0.6, width * 0.15], hAlign="CENTER")
    flow.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, "#8A94A6"), ("BACKGROUND", (0, 0), (-1, 0), "#E4E9F2"),
                              ("BACKGROUND", (0, 4), (-1, 4), "#F3F5F9")]))
    return flow


def _signature(report: Report, st: Styles, width: float) -> KeepTogether:
    s = report.signature
    made = s.made_by
    accepted = s.accepted_by

    def block(top: str, role: str, who, note: str) -> list:
        lines = [para(top, st.center), para(role, st.center), Spacer(1, 20 * mm),
                 Paragraph(f"<b><u>{text(who.name if who else '…………………………')}</u></b>", st.center),
                 para(who.position if who else "", st.center)]
        return lines + ([Spacer(1, 3), para(note, st.small_center)] if note else [])

    left = block("Dibuat oleh,", "PPID", made, "")
    right = block("Diterima oleh,", "Atasan PPID", accepted, s.accepted_text[:1].upper() + s.accepted_text[1:])
    grid = RLTable([[left, right]], colWidths=[width / 2, width / 2])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 14), para("PENGESAHAN", st.heading), para(s.place_date, st.right), Spacer(1, 4), grid])
