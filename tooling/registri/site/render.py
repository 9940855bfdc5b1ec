"""The Jinja2 environment for generated pages: autoescape always on, undefined names fail.

Templates write Markdown only for trusted text (headings, fixed sentences). Every block that
holds a value from a record is written as escaped HTML inside `{% call raw() %}…{% endcall %}`:
`RawHtml` keeps that HTML aside and leaves an HTML comment in the Markdown; after MkDocs has
turned the Markdown into HTML, the plugin puts the blocks back (`RawHtml.fill`). Markdown never
sees a record value, so `<script>`, `![x](http://…)` or `| a |` reach the reader as text — and
Python-Markdown does not spend time parsing large tables it would pass through anyway.
"""

from __future__ import annotations

import re
import shutil
import sys
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from registri.cache import code_version, digest
from registri.site import fmt, urls

TEMPLATES = Path(__file__).with_name("templates")

# Control characters (YAML allows them in double-quoted strings) could imitate Python-Markdown's
# internal placeholders; they never belong in a page. Tabs and newlines stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RawHtml:
    """The HTML blocks of one page, set aside while MkDocs renders the page's Markdown."""

    _MARK = re.compile(r"<!--registri:html:(\d+)-->")

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def add(self, html: str) -> Markup:
        """Keep `html` (already escaped markup) and return the placeholder to write instead."""
        self.blocks.append(str(html))
        return Markup(f"\n\n<!--registri:html:{len(self.blocks) - 1}-->\n\n")

    def __call__(self, caller) -> Markup:
        """`{% call raw() %}…{% endcall %}` in a template."""
        return self.add(caller())

    def fill(self, html: str) -> str:
        """The page's HTML with every placeholder replaced by its block."""
        return self._MARK.sub(lambda m: self.blocks[int(m.group(1))], html)


def tight(html) -> Markup:
    """`html` without the line breaks between two tags (`{% filter tight %}`). For blocks of block
    elements only (rows, cells, field lists): there a line break between tags shows nothing,
    while between two inline elements it is a space. Record values are escaped, so no `<` or `>`
    of a value can take part; the line breaks inside a value stay."""
    return Markup(str(html).replace(">\n<", "><"))


def _finalize(value):
    """Applied to every {{ value }} before escaping."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _CONTROL.sub("\ufffd", value)
    return value


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,              # every template, whatever its extension
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        auto_reload=False,            # templates are package files: no stat() per page
    )
    # Helpers every template (and imported macro file) may use; they format, never markup.
    env.globals.update(urls=urls, fmt=fmt)
    env.filters["tight"] = tight
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def bytecode_cache(env: Environment, folder: Path) -> None:
    """Keep `env`'s compiled templates in `folder` between builds (MkDocs compiles Material's
    templates again in every build: about 0.4 s). Jinja checks each template's source against what
    it compiled; the folder's name adds what it does not check: this code and the libraries'
    versions (cache.code_version, Jinja's among them), Python's, and the environment's compile
    settings. An environment whose escaping is decided by a function (by template name) is not
    cached: the function's own settings cannot be read."""
    if callable(env.autoescape):
        return
    settings = (sys.version, env.block_start_string, env.block_end_string, env.variable_start_string,
                env.variable_end_string, env.comment_start_string, env.comment_end_string,
                env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                env.newline_sequence, env.keep_trailing_newline, env.optimized, env.is_async,
                env.autoescape, env.finalize is not None, sorted(env.extensions))
    name = f"jinja-{digest(code_version(), repr(settings))[:20]}"
    target = folder / name
    try:
        target.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("jinja-*"):
            if old.name != name and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return                        # no cache folder: templates are compiled as before
    env.bytecode_cache = FileSystemBytecodeCache(str(target))
