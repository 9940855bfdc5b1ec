"""A long table's PDF made of parts that are kept between builds (issue 12).

The public DIK of a large register is a PDF of a thousand landscape pages: drawing it takes
reportlab seconds, and one changed title made all of it again. Here the rows are cut into parts
of PART_ROWS; each part starts on a new page and is its own small document, kept in the cache by
what it is made from; the parts are joined with pypdf. A changed row makes its own part again.

Page numbers ("Halaman X dari Y") are what ties the parts together: a part's file holds its first
page and the total. So each part's page count is kept too (by its content alone), every part not
kept is laid out first (its pages held, not yet numbered: pdfkit.LaidOut), and only then, all
counts known, are the parts numbered. A part whose count is kept but whose numbers changed (a part
before it grew a page) is laid out again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from registri.cache import code_version, digest
from registri.report.pdfkit import LaidOut, lay_out_pdf

PART_ROWS = 500       # 8,000 public items: 16 parts of about 0.4 s each (measured: 400 rows took 0.29 s)
COUNT = "pdfpart-{name}-{key}.count"
FILE = "pdfpart-{name}-{key}-{first}-{total}.pdf"


class PartStore(Protocol):
    """Where parts are kept: the build cache (cache.Store) has these."""

    def read(self, name: str, kind: type) -> object: ...
    def write(self, name: str, value: object) -> None: ...
    def prune(self, pattern: str, keep: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class Meta:
    """What every part of one document shares (its title, author, footer and page size); `name`
    tells its parts from another document's in the store."""
    name: str
    title: str
    author: str
    footer_left: str
    wide: bool = False


@dataclass(frozen=True)
class Part:
    key: str                            # a digest of everything the part's story is made from
    story: Callable[[], list]


def part_key(*made_from: object) -> str:
    """A part's key: the code version and the repr of what its story is made from (dataclasses of
    text, dates and numbers)."""
    return digest("pdfpart-1", code_version(), repr(made_from))


def join(files: Sequence[bytes]) -> bytes:
    """The parts' pages, in order, as one PDF with the first part's document information."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for n, data in enumerate(files):
        reader = PdfReader(io.BytesIO(data))
        if n == 0 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))
        for page in reader.pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class _Nowhere:
    """A store that keeps nothing: every part laid out now."""

    def read(self, name: str, kind: type) -> None:
        return None

    def write(self, name: str, value: object) -> None:
        pass

    def prune(self, pattern: str, keep: Sequence[str]) -> None:
        pass


class _CountChanged(Exception):
    pass


def parted_pdf(parts: Sequence[Part], meta: Meta, store: PartStore) -> bytes:
    """The document of `parts`, one PDF, made from the parts kept in `store` where they are equal."""
    try:
        return _parted(parts, meta, store)
    except _CountChanged:
        # A kept page count that a new layout does not give (a cache written by other code): the
        # numbers would be wrong, so nothing kept is used.
        return _parted(parts, meta, _Nowhere())


def _parted(parts: Sequence[Part], meta: Meta, store: PartStore) -> bytes:
    def lay_out(part: Part) -> LaidOut:
        return lay_out_pdf(part.story(), meta.title, meta.footer_left, meta.author, meta.wide)

    keys = [digest(part.key, repr(meta)) for part in parts]
    laid: dict[int, LaidOut] = {}
    counts: list[int] = []
    for n, (part, key) in enumerate(zip(parts, keys)):
        count = store.read(COUNT.format(name=meta.name, key=key), int)
        if count is None:
            laid[n] = lay_out(part)
            count = laid[n].pages
            store.write(COUNT.format(name=meta.name, key=key), count)
        counts.append(count)
    total = sum(counts)
    files, used, first = [], [], 1
    for n, (part, key) in enumerate(zip(parts, keys)):
        name = FILE.format(name=meta.name, key=key, first=first, total=total)
        data = store.read(name, bytes)
        if data is None:
            done = laid.pop(n, None) or lay_out(part)
            if done.pages != counts[n]:
                raise _CountChanged
            data = done.finish(first, total)
            store.write(name, data)
        files.append(data)
        used += [name, COUNT.format(name=meta.name, key=key)]
        first += counts[n]
    store.prune(f"pdfpart-{meta.name}-*", used)
    return join(files)
