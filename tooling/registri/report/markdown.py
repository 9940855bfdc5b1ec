"""Markdown rendering through Jinja2 templates in which every value is escaped by default.

A record value may hold anything ("<script>", "**", "|", "[x](javascript:…)"), and the same text
is read by MkDocs (Python-Markdown), by GitHub's job summary (CommonMark) and as HTML. The
environment's `finalize` turns every printed value into plain text for all three: Markdown and
HTML special characters become numeric character references, which every Markdown parser shows
literally and never reads as markup; line breaks become spaces so a value cannot end a table row.
Markup that a template means to emit is wrapped in markupsafe.Markup and passes unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from registri.report.figures import Report
from registri.report.tables import format_value, item_list_left_out, report_sections

TEMPLATES = Path(__file__).with_name("templates")
# Inline markup of CommonMark, GitHub and the Python-Markdown/pymdownx extensions MkDocs Material
# uses (emoji :x:, ==mark==, ^sup^, $math$, ~~del~~, {++critic++}), table cells, and HTML.
_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#|~&\"'!$^=]|:(?=[\w+\-/])")
# A colon is escaped only where it could open an emoji shortcode (:smile:) or a URL scheme
# (javascript:, https://): every opening colon is then a reference, so no shortcode or bare
# link can form, while prose such as "Tidak ada: semua …" stays readable in the .md file.
# A value at the start of a line must not open a list, quote or heading.
_BLOCK_START = re.compile(r"^([-+]|\d+(?=[.)]))")


def _ref(char: str) -> str:
    return "".join(f"&#{ord(c)};" for c in char)


def md_text(value: Any) -> str:
    """Plain text safe inside Markdown (inline, tables, lists) and HTML."""
    text = " ".join(str(value).split())
    text = _SPECIAL.sub(lambda m: _ref(m.group()), text)
    return _BLOCK_START.sub(lambda m: _ref(m.group()), text)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_text(value)


def _cell(value: Any, kind: str = "text") -> Markup:
    return Markup(md_text(format_value(value, kind)))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False, finalize=_finalize,
                      undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["cell"] = _cell
    env.filters["fmt"] = lambda value, kind="text": format_value(value, kind)
    env.globals["item_list_left_out"] = item_list_left_out
    return env


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_markdown(report: Report, downloads: dict[str, str] | None = None) -> str:
    """`downloads`: label -> relative link (the site's PDF/CSV/XLSX/JSON files)."""
    sections = report_sections(report)
    links = {label: Markup(link) for label, link in (downloads or {}).items()}   # our own file names
    return render_template("report.md.j2", report=report, sections=sections[:-1], downloads=links)
