"""Record pages assembled from one frame instead of Material's template each (issue 12).

With the shared page shell (shell.py) a record page is only: its head, the bare containers, its
article and its scripts. Between two record pages only the record's id (in the title, the page's
URL) and the article's content differ. So Material renders the first record pages of a build as
usual; `derive` cuts the first one into a `Frame` (everything around the content, the id replaced
by a mark) and the plugin checks the frame against the second one, byte for byte. Every other
record page is then the frame around its own content (`Frame.page`): MkDocs renders it through a
template that only passes the content on (TEMPLATE), which saves Material's whole template (about
3 ms a page, most of a record page's cost at 10,000 records).

A frame that does not give the second page exactly is not used: every record page is rendered by
Material as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registri.site import search, shell
from registri.site.fastpage import lean

TEMPLATE = "registri-record-frame.html"       # a template that writes the content only (plugin.on_env)
TEMPLATE_SOURCE = "{{ page.content }}"
ID_MARK = "\x00record-id\x00"
# Record ids are plain (ids.py); one that is not is rendered by Material, never put in a frame.
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def article_body(content: str) -> str:
    """A page's content as it stands in its article once the plugin has finished the page: lean,
    search exclusions named for Pagefind, headings without their ¶ links (shell.py)."""
    return shell.without_headerlinks(lean(content).replace("data-search-exclude", search.IGNORE)).strip()


@dataclass(frozen=True)
class Frame:
    """Everything a record page has around its content, the record id marked."""

    head: str
    before: str            # the article's start, up to the content
    after: str             # the article's end, from the content
    tail: str

    def page(self, record_id: str, content: str, script_src: str, commit: str) -> str:
        """The record page `record_id` with `content` (its page.content), as the plugin writes it."""
        fill = lambda text: text.replace(ID_MARK, record_id)  # noqa: E731 - four parts, one rule
        article = f"{fill(self.before)}{article_body(content)}{fill(self.after)}"
        return shell.own_page(fill(self.head), article, fill(self.tail), script_src, record_id, commit)


def plain(record_id: str) -> bool:
    return bool(_PLAIN_ID.fullmatch(record_id))


def derive(cut: shell.Cut, record_id: str, content: str) -> Frame | None:
    """The frame of the record page `cut` (Material's page of `record_id`, cut by shell.split)
    whose content was `content`; None when the content is not found once in its article."""
    if not plain(record_id) or ID_MARK in content:
        return None
    body = article_body(content)
    at = cut.article.find(body)
    if not body or at < 0 or cut.article.find(body, at + 1) >= 0:
        return None
    mark = lambda text: text.replace(record_id, ID_MARK)  # noqa: E731
    return Frame(mark(cut.head), mark(cut.article[:at]), mark(cut.article[at + len(body):]), mark(cut.tail))
