"""Shared PDF building blocks (reportlab platypus): fonts, letterhead, typed tables, numbered pages.

Used by the documentation report, the submission report and the public DIK so they look like
one office's documents: A4, Indonesian headings, "Halaman X dari Y" and the commit id in the footer.
PDFs are made with reportlab's `invariant` switch so the same input gives the same bytes.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, Sequence

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (CondPageBreak, Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer,
                                Table as RLTable, TableStyle)

from registri.report.tables import Table, format_value

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
HEAD_BG = colors.HexColor("#E4E9F2")
GRID = colors.HexColor("#8A94A6")


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    mono: str            # commit ids: every character as wide as any other (see commitfill.py)


@lru_cache(maxsize=1)
def fonts() -> Fonts:
    """DejaVu Sans when installed (covers Indonesian text and symbols like ≤ and –), else Helvetica.

    The embedded subsets keep ASCII as ASCII (`asciiReadable`, reportlab's default, set here so no
    global setting changes it): text such as a commit id is its own bytes in a page's content."""
    regular, bold, mono = DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSansMono.ttf"
    if not (regular.is_file() and bold.is_file()):
        return Fonts("Helvetica", "Helvetica-Bold", "Courier")
    registered = pdfmetrics.getRegisteredFontNames()
    if "DejaVuSans" not in registered:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular), asciiReadable=1))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold), asciiReadable=1))
        pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                      italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
    if not mono.is_file():
        return Fonts("DejaVuSans", "DejaVuSans-Bold", "Courier")      # hex digits only: Courier has them
    if "DejaVuSansMono" not in registered:
        pdfmetrics.registerFont(TTFont("DejaVuSansMono", str(mono), asciiReadable=1))
    return Fonts("DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono")


@dataclass(frozen=True)
class Styles:
    fonts: Fonts
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head_cell: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    kop_small: ParagraphStyle
    kop_big: ParagraphStyle
    center: ParagraphStyle
    small_center: ParagraphStyle
    right: ParagraphStyle


def styles() -> Styles:
    f = fonts()
    body = ParagraphStyle("body", fontName=f.regular, fontSize=9.5, leading=13)
    cell = ParagraphStyle("cell", fontName=f.regular, fontSize=8, leading=10)
    return Styles(
        fonts=f, body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5),
        cell=cell, cell_right=ParagraphStyle("cellr", parent=cell, alignment=TA_RIGHT),
        head_cell=ParagraphStyle("headcell", parent=cell, fontName=f.bold),
        title=ParagraphStyle("title", parent=body, fontName=f.bold, fontSize=13, leading=17, alignment=TA_CENTER),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10, leading=14, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=body, fontName=f.bold, fontSize=11, leading=15,
                               spaceBefore=10, spaceAfter=5, keepWithNext=1),
        subheading=ParagraphStyle("subheading", parent=body, fontName=f.bold, fontSize=9, leading=12,
                                  spaceBefore=5, spaceAfter=3),
        kop_small=ParagraphStyle("kops", parent=body, fontSize=10, leading=13, alignment=TA_CENTER),
        kop_big=ParagraphStyle("kopb", parent=body, fontName=f.bold, fontSize=11, leading=14.5, alignment=TA_CENTER),
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER),
        small_center=ParagraphStyle("smallc", parent=body, fontSize=8, leading=10.5, alignment=TA_CENTER),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
    )


# Helvetica (the fallback when DejaVu is missing) has no glyphs for these; write them in ASCII.
_HELVETICA_SAFE = str.maketrans({"≤": "<=", "≥": ">=", "−": "-", "→": "->"})


def printable(value: Any) -> str:
    text_value = str(value)
    return text_value if fonts().regular == "DejaVuSans" else text_value.translate(_HELVETICA_SAFE)


def text(value: Any) -> str:
    """A value as Paragraph text: reportlab parses markup, so every value is escaped."""
    return escape(printable(value), quote=False)


def para(value: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(text(value), style)


def letterhead(st: Styles, public_body: str, office: str, unit: str, city: str, width: float) -> list:
    """The kop surat: body, office and unit in capitals over a double rule."""
    return [
        para(public_body.upper(), st.kop_small),
        para(office.upper(), st.kop_big),
        para(unit.upper(), st.kop_small),
        para(city, st.kop_small),
        Spacer(1, 2),
        HRFlowable(width=width, thickness=1.6, color=colors.black, spaceBefore=2, spaceAfter=1.2),
        HRFlowable(width=width, thickness=0.5, color=colors.black, spaceAfter=10),
    ]


# Rows never split across pages, so a cell may not be taller than a page: a consequence test of
# 20,000 characters (what the schema allows) is 500 lines, and reportlab gave up on the whole
# document. 30 lines of 10 points fit below the header of a landscape page (481 points of frame).
CELL_LINES = 30
CUT_NOTE = "… (terpotong; teks lengkapnya ada pada catatannya di register)"


def table_flowable(table: Table, st: Styles, width: float, skip_keys: Sequence[str] = ("kunci",),
                   titled: bool = True, cut_note: str = CUT_NOTE) -> list:
    """A titled table whose header repeats on every page and whose rows never split (a cell longer
    than CELL_LINES lines is cut, its last lines `cut_note`).

    A title starts a new page when fewer than 3 cm are left, so it never sits alone at a page foot
    (keepWithNext would push a long table whole to the next page instead)."""
    columns = [(i, c) for i, c in enumerate(table.columns) if c.key not in skip_keys]
    story: list = [CondPageBreak(30 * mm)] + ([para(table.title, st.subheading)] if titled else [])
    if not table.rows:
        story.append(para(table.empty, st.small))
        return story
    total = sum(c.width for _, c in columns)
    widths = [width * c.width / total for _, c in columns]
    dense = len(columns) >= 7          # wide tables: a smaller font keeps ids and dates on one line
    cell = ParagraphStyle("dense", parent=st.cell, fontSize=7, leading=8.8) if dense else st.cell
    head = ParagraphStyle("densehead", parent=cell, fontName=st.fonts.bold)
    header = [para(c.label, head) for _, c in columns]
    room = [w - 6.5 for w in widths]   # minus left and right padding
    rows, heights = [], []
    for row in table.rows:
        line = []
        for (i, c), space in zip(columns, room):
            value = printable(format_value(row[i], c.kind))
            # A Paragraph per cell is what makes long PDFs slow (ten times slower): cells are plain
            # text, broken into lines here; a word longer than the column is split by characters.
            if pdfmetrics.stringWidth(value, cell.fontName, cell.fontSize) > space:
                lines = simpleSplit(value, cell.fontName, cell.fontSize, space)
                if len(lines) > CELL_LINES:       # its last lines say where the rest is
                    note = simpleSplit(printable(cut_note), cell.fontName, cell.fontSize, space)
                    lines = lines[:CELL_LINES - len(note)] + note
                value = "\n".join(lines)
            line.append(value)
        rows.append(line)
        # The height reportlab would work out for plain-text cells (lines × leading + padding),
        # given up front: its own search for rows without a height is quadratic in the row count.
        heights.append(max(len(v.split("\n")) for v in line) * cell.leading + 2 * CELL_PADDING_V)
    numeric = [n for n, (_, c) in enumerate(columns) if c.kind in ("int", "num", "pct")]
    style = TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 1), (-1, -1), cell.fontName), ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), cell.leading),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_V), ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_V),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *[("ALIGN", (n, 1), (n, -1), "RIGHT") for n in numeric],
    ])

    def make(some_rows: list, some_heights: list) -> RLTable:
        flow = RLTable([header, *some_rows], colWidths=widths, rowHeights=[None, *some_heights], repeatRows=1,
                       splitInRow=0, hAlign="LEFT")
        flow.setStyle(style)
        return flow

    flow = make(rows, heights) if len(rows) <= RowWindows.LONG else RowWindows(rows, heights, make)
    story.append(flow)
    return story


CELL_PADDING_V = 2        # points above and below the text of a table cell


class RowWindows(Flowable):
    """A long table laid out a page at a time, the header repeated on every page, rows never split.

    reportlab splits a Table at a page end by building the rest as a new Table (styles applied to
    every cell again), so one Table of 10,000 rows is rebuilt a thousand times. The row heights
    are known here, so this flowable cuts each page's rows itself, the way Table.split would
    (as many rows as fit below the header), and builds one small Table per page.
    """

    LONG = 60             # rows; shorter tables are one plain Table (a landscape page holds < 40)

    def __init__(self, rows: list, heights: list, make, header_height: float | None = None) -> None:
        super().__init__()
        self.rows, self.heights, self.make = rows, heights, make
        self.hAlign = "LEFT"
        if header_height is None:
            head = make([], [])
            head.wrap(10 ** 6, 10 ** 6)
            header_height = head._rowHeights[0]
        self.header_height = header_height
        self.columns_width = sum(make([], [])._colWidths)
        self._whole: RLTable | None = None

    def wrap(self, available_width, available_height):
        self.width = self.columns_width
        self.height = self.header_height + sum(self.heights)
        if self.height <= available_height:
            self._whole = self.make(self.rows, self.heights)
            self.width, self.height = self._whole.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        room, fits = available_height - self.header_height, 0
        for height in self.heights:
            if height > room:
                break
            room -= height
            fits += 1
        if fits == 0:
            return []
        page = self.make(self.rows[:fits], self.heights[:fits])
        if fits == len(self.rows):
            return [page]
        return [page, RowWindows(self.rows[fits:], self.heights[fits:], self.make, self.header_height)]

    def draw(self):
        self._whole.drawOn(self.canv, 0, 0)


def _numbered_canvas(footer_left: str, font: str, made: list):
    class NumberedCanvas(Canvas):
        """Draws 'Halaman X dari Y' once the page count is known: pages are held until `number`,
        which the document's own save() does not call (see LaidOut)."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            made.append(self)

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pass                 # the pages are held: LaidOut.finish numbers and writes them

        def number(self, first: int, total: int):
            for state in self._pages:
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(font, 7.5)
                self.setFillColor(colors.HexColor("#444444"))
                self.setStrokeColor(GRID)
                self.setLineWidth(0.4)
                self.line(20 * mm, 14 * mm, width - 20 * mm, 14 * mm)
                self.drawString(20 * mm, 10 * mm, footer_left)
                self.drawRightString(width - 20 * mm, 10 * mm, f"Halaman {first - 1 + self._pageNumber} dari {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


@contextlib.contextmanager
def _binary_streams():
    """ReportLab writes every compressed stream as ASCII85 text by default (a quarter larger than
    the deflated bytes, a legacy of 7-bit mail); PDF readers need no such thing. Its documented
    switch is the global `rl_config.useA85`, read as the file is written: set only meanwhile."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


class LaidOut:
    """A document laid out and drawn, its pages held, not yet numbered: a part of a longer PDF
    (pdfparts) learns its page count here before it knows on which page it starts."""

    def __init__(self, canvas, buffer: io.BytesIO) -> None:
        self._canvas, self._buffer = canvas, buffer
        self.pages = len(canvas._pages)

    def finish(self, first: int = 1, total: int | None = None) -> bytes:
        """The PDF, its pages numbered from `first` of `total` (its own count when None)."""
        with _binary_streams():
            self._canvas.number(first, self.pages if total is None else total)
        return self._buffer.getvalue()


def lay_out_pdf(story: list, title: str, footer_left: str, author: str, wide: bool = False,
                compress: bool = True) -> LaidOut:
    """`compress` False: the pages' content streams are left uncompressed, so their text can be
    filled in afterwards byte for byte (commitfill.py); fonts and images stay compressed."""
    buffer = io.BytesIO()
    page = landscape(A4) if wide else A4
    doc = SimpleDocTemplate(buffer, pagesize=page, leftMargin=22 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=20 * mm, title=title, author=author, creator="Registri",
                            subject=title, invariant=1, pageCompression=1 if compress else 0)
    made: list = []
    doc.build(story, canvasmaker=_numbered_canvas(footer_left, fonts().regular, made))
    return LaidOut(made[-1], buffer)


def build_pdf(story: list, title: str, footer_left: str, author: str, wide: bool = False,
              compress: bool = True) -> bytes:
    return lay_out_pdf(story, title, footer_left, author, wide, compress).finish()


def content_width(wide: bool = False) -> float:
    page = landscape(A4) if wide else A4
    return page[0] - 40 * mm
