"""The Jinja2 environment for generated pages: autoescape always on, undefined names fail.

Templates write Markdown whose every record value sits inside a raw HTML block, escaped here.
Python-Markdown does not interpret Markdown inside raw HTML blocks, so an escaped value can be
neither HTML nor Markdown: `<script>`, `![x](http://...)`, `| a |` all reach the reader as text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from registri.site import fmt, urls

TEMPLATES = Path(__file__).with_name("templates")

# Control characters (YAML allows them in double-quoted strings) could imitate Python-Markdown's
# internal placeholders; they never belong in a page. Tabs and newlines stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
