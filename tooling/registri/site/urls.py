"""Where each generated page lives, and links between pages.

Generated pages put record values inside raw HTML, which MkDocs does not rewrite, so links are
made relative here, the same way MkDocs would (with or without `use_directory_urls`).
"""

from __future__ import annotations

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
SEARCH = "cari/index.md"
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
    """Relative links from one page (by its source path) to other pages or files.

    Every target is written from the site's root: "../" once per folder of the current page,
    then the target's own URL. One string join per link (tables link thousands of records).
    """

    src: str
    use_directory_urls: bool = True

    @property
    def to_root(self) -> str:
        # "a/b/" (directory URL) and "a/b.html" both sit as deep as they have slashes.
        return "../" * page_url(self.src, self.use_directory_urls).count("/")

    def __call__(self, target: str, anchor: str = "") -> str:
        there = page_url(target, self.use_directory_urls)
        link = (self.to_root + there) or "./"
        return link + (f"#{anchor}" if anchor else "")
