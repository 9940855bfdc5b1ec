"""Record pages without Python-Markdown, and lean HTML for every page.

A generated record page is only level-2 headings (`## Title { #anchor attrs }`) and placeholders
of escaped HTML blocks (render.py). `FastPage` turns exactly that into HTML and a table of
contents itself: a new Markdown converter per page (MkDocs' way) costs more than the rest of the
page at 10,000 records. Any other line sends the page through Python-Markdown as usual, so a
block someone adds to the template in plain Markdown still works.

`lean` takes the indentation Material's templates leave between tags out of a rendered page
(about a third of its bytes), leaving <pre>, <textarea> and <script> as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from registri.cache import digest
from registri.report.commitfill import SHORT     # the short commit id report pages show

_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*\{\s*#(?P<id>[A-Za-z][\w-]*)(?P<attrs>(?:\s+[\w-]+)*)\s*\}\s*$")
_PLACEHOLDER = re.compile(r"^<!--registri:html:\d+-->$")
_ATTR = re.compile(r"^[\w-]+$")


def convert(markdown: str) -> tuple[str, list[dict]] | None:
    """HTML and toc tokens for a page of headings and placeholders; None for anything else."""
    html: list[str] = []
    toc: list[dict] = []
    for line in markdown.splitlines():
        line = line.strip()
        if not line or _PLACEHOLDER.match(line):
            html.append(line)
            continue
        heading = _HEADING.match(line)
        if heading is None:
            return None
        anchor, title = heading["id"], heading["title"]
        attrs = "".join(f" {a}" for a in heading["attrs"].split() if _ATTR.match(a))
        # The title is template text, already escaped by Jinja (autoescape) like Markdown's input.
        # The ¶ link is Material's permalink without Python-Markdown's English tooltip.
        html.append(f'<h2 id="{anchor}"{attrs}>{title}<a class="headerlink" href="#{anchor}">&para;</a></h2>')
        toc.append({"level": 2, "id": anchor, "name": title, "html": title, "data-toc-label": "", "children": []})
    return "\n".join(html), toc


class FastPage(Page):
    """A page rendered by `convert` when it can be, else by Python-Markdown.

    `memo` (set by the plugin: a registri.cache.Store and a key of the site-wide inputs) keeps
    what Python-Markdown made of a page under a hash of its Markdown and its place in the site,
    so a long report page is converted again only when its text changes. Pages that link to
    anchors in other pages are not kept: MkDocs checks those links against the other pages.
    """

    memo = None

    def render(self, config, files) -> None:
        done = convert(self.markdown or "")
        if done is None:
            self._render_markdown(config, files)
            return
        self.content, tokens = done
        self.toc = get_toc(tokens)
        self._title_from_render = None
        self.present_anchor_ids = {t["id"] for t in tokens}
        self.links_to_anchors = {}

    def _render_markdown(self, config, files) -> None:
        if self.memo is None:
            super().render(config, files)
            return
        store, shared, commit = self.memo
        markdown = self.markdown or ""
        standing = stand_in(markdown, commit)
        if standing is None:
            name = f"md-{digest(shared, self.file.src_uri, markdown)}.pickle"
        else:
            name = f"md-{digest(shared, self.file.src_uri, 'commit', standing.pieces)}.pickle"
        hit = store.read(name, tuple)
        FastPage.used.append(name)
        if hit is not None and len(hit) == 5:
            content, self.toc, self._title_from_render, self.present_anchor_ids, own = hit
            self.content = standing.fill(content) if standing else content
            self.links_to_anchors = {self.file: own} if own else {}
            return
        if standing is not None:
            self.markdown = standing.text
        super().render(config, files)
        self.markdown = markdown
        if standing is not None and not standing.only_in(self.content, (self.toc, self._title_from_render,
                                                                         self.present_anchor_ids)):
            super().render(config, files)      # the commit reached more than the page's text
            return
        links = self.links_to_anchors or {}
        if all(target is self.file for target in links):      # links to anchors of this page only
            own = links.get(self.file, {})
            store.write(name, (self.content, self.toc, self._title_from_render, self.present_anchor_ids, own))
        if standing is not None:
            self.content = standing.fill(self.content)

    used: list[str] = []


@dataclass(frozen=True)
class StandIn:
    """A page's Markdown with a token for the commit it names: report pages name the commit they
    were computed from, so without it a closed period's page is converted once, not after every
    commit. The token is made from the rest of the text (which therefore cannot hold it), and
    stands only where the commit stands between spaces or backticks (a code span or a word in a
    sentence), where Markdown passes any hex word through as it is."""

    pieces: tuple[str, ...]       # the text between the commits, and "full" or "short" for each
    token: str
    commit: str

    @property
    def text(self) -> str:
        marks = {"full": self.token, "short": self.token[:SHORT]}
        return "".join(marks[p] if n % 2 else p for n, p in enumerate(self.pieces))

    def fill(self, html: str) -> str:
        return html.replace(self.token, self.commit).replace(self.token[:SHORT], self.commit[:SHORT])

    def only_in(self, html: str, others) -> bool:
        """The token is in the HTML as often as the commit was in the Markdown, and nowhere else."""
        count = sum(1 for p in self.pieces[1::2])
        return self.token[:SHORT] not in repr(others) and html.count(self.token[:SHORT]) == count


def stand_in(markdown: str, commit: str) -> StandIn | None:
    """`markdown` with its commit stood in for; None when it names none, or names it elsewhere."""
    if len(commit) <= SHORT or commit[:SHORT] not in markdown:
        return None
    found = re.split(rf"(?<=[ `])({re.escape(commit)}|{re.escape(commit[:SHORT])})(?=[ `])", markdown)
    pieces = tuple("full" if n % 2 and p == commit else "short" if n % 2 else p for n, p in enumerate(found))
    if sum(p.count(commit[:SHORT]) for p in pieces[::2]):
        return None
    token = (digest("commit-token", pieces) * 2)[:len(commit)]
    return StandIn(pieces, token, commit)


_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_GAP = re.compile(r">\s*\n\s*<")
_BLANK = re.compile(r"\n\s*\n+")
# The same runs where a kept element ends or starts the text between them (the scripts at the
# end of every page stood on lines of their own, indented).
_AFTER_KEPT = re.compile(r"^\s*\n\s*(?=<|$)")
_BEFORE_KEPT = re.compile(r"(?:(?<=>)|^)\s*\n\s*$")


def lean(html: str) -> str:
    """`html` without the whitespace-only runs between tags that hold a line break (one line
    break stays: between two inline elements it is a space)."""
    parts = _KEEP.split(html)
    out = []
    # re.split with two groups yields: text, whole kept element, tag name, text, ...
    for i in range(0, len(parts), 3):
        text = _BLANK.sub("\n", _GAP.sub(">\n<", parts[i]))
        if i > 0:
            text = _AFTER_KEPT.sub("\n", text, count=1)
        if i + 1 < len(parts):
            text = _BEFORE_KEPT.sub("\n", text, count=1)
        out.append(text)
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


# What every record page's head carried for no reader: the site-wide description (for search
# engines and link previews; an internal site has neither) and the generator's name and version.
_SITE_META = re.compile(r'<meta name="(?:description|generator)" content="[^"]*">\n?')


def without_site_meta(html: str) -> str:
    """A record page without the description and generator tags in its head (issue 12: 160 bytes
    of each of 10,000 pages)."""
    end = html.find("</head>")
    return _SITE_META.sub("", html[:end]) + html[end:] if end >= 0 else html


__all__ = ["FastPage", "Markup", "convert", "lean", "without_site_meta"]
