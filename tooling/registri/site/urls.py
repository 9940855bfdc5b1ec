"""Where each generated page lives, and links between pages.

Generated pages put record values inside raw HTML, which MkDocs does not rewrite, so links are
made relative here, the same way MkDocs would (with or without `use_directory_urls`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

HOME = "index.md"
SOP = "sop.md"
REGISTER = "daftar/index.md"
GROUNDS = "pasal/index.md"
STATUSES = "status/index.md"
YEARS = "tahun/index.md"
CALENDAR = "kalender/index.md"
ACTIVITY = "aktivitas/index.md"
FINDINGS = "temuan/index.md"
RULES = "aturan/index.md"
REPORTS = "laporan/index.md"
GUIDE = "panduan/index.md"
ASSETS = "assets/registri"


def record_page(record_id: str) -> str:
    return f"catatan/{record_id}.md"


def ground_page(letter_code: str) -> str:
    """'17h' -> pasal/17h.md (one page per Pasal 17 letter)."""
    return f"pasal/{letter_code}.md"


def status_page(status: str) -> str:
    return f"status/{status}.md"


def year_page(year: int) -> str:
    return f"tahun/{year}.md"


def rule_page(code: str) -> str:
    return f"aturan/{code}.md"


def page_url(src: str, use_directory_urls: bool) -> str:
    """The site URL MkDocs gives the page `src` (mirrors mkdocs.structure.files.File.url)."""
    if not src.endswith(".md"):
        return src
    stem = src[:-3]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class Linker:
    """Relative links from one page (by its source path) to other pages or files."""

    src: str
    use_directory_urls: bool = True

    def __call__(self, target: str, anchor: str = "") -> str:
        here = page_url(self.src, self.use_directory_urls)
        there = page_url(target, self.use_directory_urls)
        # The folder the browser resolves from: "a/b/" for a directory URL, "a" for "a/b.html".
        base = here.rstrip("/") if here == "" or here.endswith("/") else posixpath.dirname(here)
        rel = posixpath.relpath(there or ".", base or ".")
        if there == "" or there.endswith("/"):
            rel = "./" if rel == "." else rel + "/"
        return rel + (f"#{anchor}" if anchor else "")
