"""One page shell for every record page, in one cached script instead of 10,000 copies.

Material wraps each page's article in the same markup: header, tabs, the navigation drawer, the
table of contents, the back-to-top button, the footer (about 10 KB a page after `lean`). Record
pages are not in the navigation, so that markup is the same on all of them except the page title
in the header, the skip link and the table of contents. `split` cuts a record page Material has
rendered into that shared shell and the page's own parts; the record page keeps its head, its
article inside the bare containers Material's layout needs, and one script tag. The script
(`script`, written once per build) puts the shell back before Material's own script runs, so a
reader sees and uses the same page; the table of contents is built from the article's headings.
Without JavaScript the article still reads, in the site's styles, with its links to the register.

`split` only cuts a page it can put back exactly: `Cut.restore()` must give the page Material
wrote, byte for byte, or the page stays whole.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

# The containers Material's layout needs around the article; a record page keeps these.
CONTAINER = '<div class="md-container" data-md-component="container">'
MAIN = '<main class="md-main" data-md-component="main">'
INNER = '<div class="md-main__inner md-grid">'
CONTENT = '<div class="md-content" data-md-component="content">'
ARTICLE = '<article class="md-content__inner md-typeset">'
CONFIG = '<script id="__config"'
TOC = '<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>'
# What a page-specific value is replaced by in the shared shell.
TITLE_MARK = "\x00title\x00"
SKIP_MARK = "\x00skip\x00"
# What stands for the commit in the shell (Material's footer, from mkdocs.yml's `copyright` as the
# plugin sets it); each page names its own (own_page).
COMMIT_MARK = "registri-head-commit-mark"

_BODY = re.compile(r"<body[^>]*>\n?")
_HEAD_SCRIPT = re.compile(r"<script>__md_scope=.*?</script>", re.S)
_TOC_ITEM = re.compile(r'<li class="md-nav__item">\s*<a href="#(?P<id>[^"]+)" class="md-nav__link">\s*'
                       r'<span class="md-ellipsis">(?P<label>.*?)</span>\s*</a>\s*</li>\s*', re.S)
_H2 = re.compile(r'<h2 id="(?P<id>[^"]+)"[^>]*>(?P<label>.*?)<a class="headerlink"', re.S)
_H2_ELEMENT = re.compile(r'(<h2 id="(?P<id>[^"]+)"[^>]*>.*?)</h2>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink" href="#(?P<id>[^"]+)">&para;</a></h2>')
_TOPIC = re.compile(r'<div class="md-header__topic" data-md-component="header-topic">\s*<span class="md-ellipsis">'
                    r'(?P<title>[^<]*)</span>')
_SKIP = re.compile(r'<a href="(?P<skip>#[^"]*)" class="md-skip">')
_CLOSE_DIV = re.compile(r"\s*</div>\s*")
_TABBED = re.compile(r"<script>[^<]*__tabbed_[^<]*</script>")
_CLOSE_MAIN = re.compile(r"\s*</main>\s*")


@dataclass(frozen=True)
class Shell:
    """The markup every record page shares, in the places it goes (see `script`)."""

    before_container: str       # toggles, skip link, header (with TITLE_MARK, SKIP_MARK)
    container_start: str        # the tabs
    inner_start: str            # the navigation drawer and the (empty) table of contents
    main_end: str               # the back-to-top button
    container_end: str          # the footer
    after_container: str        # the dialog Material's script writes messages into
    config: str                 # Material's configuration (<script id="__config">), read by its script
    head_script: str            # Material's inline script in <head> (__md_scope, __md_get, __md_set)


@dataclass(frozen=True)
class Cut:
    """A record page as split by `split`: the shell, and what is the page's own."""

    shell: Shell
    head: str                   # up to and including <body …>, without Material's inline script
    article: str                # <article …>…</article>, its headings without their ¶ links
    tail: str                   # after Material's configuration: the scripts, to the end
    title: str                  # shown in the header, as Material wrote it
    skip: str                   # the first heading's anchor
    toc_items: str              # Material's table of contents items (the script rebuilds them)
    seps: tuple[str, ...]       # what stood between the containers' closing tags
    head_at: int                # where Material's inline script stood in the head

    def page(self, script_src: str, title: str, commit: str) -> str:
        """The record page as written: its own parts, the containers, and the shell's script."""
        return own_page(self.head, self.article, self.tail, script_src, title, commit)

    def restore(self) -> str:
        """The page exactly as Material wrote it (what `split` checks itself against)."""
        s, (main_gap, content_gap, content_end, tabbed, inner_end, main_end, container_end) = self.shell, self.seps
        before = s.before_container.replace(TITLE_MARK, self.title).replace(SKIP_MARK, self.skip)
        inner_start = s.inner_start.replace(TOC, TOC + self.toc_items, 1)
        head = self.head[:self.head_at] + s.head_script + self.head[self.head_at:]
        article = _H2_ELEMENT.sub(lambda m: f'{m[1]}<a class="headerlink" href="#{m["id"]}">&para;</a></h2>',
                                  self.article)
        return (f"{head}{before}{CONTAINER}{s.container_start}{MAIN}{main_gap}{INNER}{inner_start}{CONTENT}"
                f"{content_gap}{article}{content_end}{tabbed}{inner_end}{s.main_end}{main_end}{s.container_end}"
                f"{container_end}{s.after_container}{s.config}{self.tail}")


def own_page(head: str, article: str, tail: str, script_src: str, title: str, commit: str) -> str:
    """A record page as written: its own parts, the containers, and the shell's script. `commit`
    is what the shell's footer names in place of COMMIT_MARK on this page (the commit the page
    was written at: the script stays the same from one commit to the next, see `script`)."""
    container = CONTAINER.replace(">", f' data-registri-title="{html.escape(title)}" '
                                       f'data-registri-commit="{html.escape(commit)}">', 1)
    return (f"{head}{container}{MAIN}{INNER}{CONTENT}{article}</div></div></main></div>\n"
            f'<script src="{html.escape(script_src)}"></script>\n{tail}')


def without_headerlinks(article: str) -> str:
    """An article's level-2 headings without the ¶ links Material's permalinks add (the script
    puts them back)."""
    return _HEADERLINK.sub("</h2>", article)


def split(output: str) -> Cut | None:
    """`output` (a record page as Material rendered it, after `lean`) cut into shell and own parts;
    None when the page does not have the expected shape."""
    body = _BODY.search(output)
    if body is None:
        return None
    head, rest = output[:body.end()], output[body.end():]
    inline = _HEAD_SCRIPT.search(head)
    if inline is None:
        return None
    head_script, head_at = inline.group(0), inline.start()
    head = head[:head_at] + head[inline.end():]
    try:
        before, rest = _cut(rest, CONTAINER)
        container_start, rest = _cut(rest, MAIN)
        main_gap, rest = _cut(rest, INNER)
        inner_start, rest = _cut(rest, CONTENT)
        content_gap, rest = _cut(rest, ARTICLE)
        rest = ARTICLE + rest
        article_end = rest.index("</article>") + len("</article>")
        config = rest.index(CONFIG, article_end)
    except ValueError:
        return None
    if main_gap.strip() or content_gap.strip():
        return None
    article, middle, tail = rest[:article_end], rest[article_end:config], rest[config:]
    config_end = tail.find("</script>")
    if config_end < 0:
        return None
    config_element, tail = tail[:config_end + len("</script>")], tail[config_end + len("</script>"):]
    # After the article: </div> (content), Material's content-tabs script, </div> (inner), the
    # back-to-top button, </main>, the footer, </div> (container), the dialog.
    content_end = _CLOSE_DIV.match(middle)
    if content_end is None:
        return None
    at = content_end.end()
    tabbed = _TABBED.match(middle, at)
    tabbed_text = tabbed.group(0) if tabbed else ""
    at = tabbed.end() if tabbed else at
    inner_end = _CLOSE_DIV.match(middle, at)
    main_close = _CLOSE_MAIN.search(middle, inner_end.end()) if inner_end else None
    dialog = middle.find('<div class="md-dialog"')
    if main_close is None or dialog < 0:
        return None
    footer_part = middle[main_close.end():dialog]
    container_end = re.search(r"</div>\s*$", footer_part)
    if container_end is None:
        return None
    topic = _TOPIC.search(before)
    skip = _SKIP.search(before)
    if topic is None:
        return None
    marks = [(topic.start("title"), topic.end("title"), TITLE_MARK)]
    if skip:
        marks.append((skip.start("skip"), skip.end("skip"), SKIP_MARK))
    for start, end, mark in sorted(marks, reverse=True):
        before = before[:start] + mark + before[end:]
    toc_at = inner_start.find(TOC)
    items_end = inner_start.find("</ul>", toc_at)
    if toc_at < 0 or items_end < 0:
        return None
    toc_items = inner_start[toc_at + len(TOC):items_end]
    if not _toc_matches_headings(toc_items, article):
        return None
    shell = Shell(before, container_start, inner_start[:toc_at + len(TOC)] + inner_start[items_end:],
                  middle[inner_end.end():main_close.start()], footer_part[:container_end.start()],
                  middle[dialog:], config_element, head_script)
    seps = (main_gap, content_gap, content_end.group(0), tabbed_text, inner_end.group(0), main_close.group(0),
            container_end.group(0))
    # Every heading's ¶ link (Material's permalink) is put back by the script too.
    links = [m["id"] for m in _HEADERLINK.finditer(article)]
    if links != [m["id"] for m in _H2_ELEMENT.finditer(article)]:
        return None
    article = without_headerlinks(article)
    cut = Cut(shell, head, article, tail, topic["title"], skip["skip"] if skip else "", toc_items, seps, head_at)
    return cut if cut.restore() == output else None


def _cut(text: str, marker: str) -> tuple[str, str]:
    at = text.index(marker)
    return text[:at], text[at + len(marker):]


def _toc_matches_headings(items: str, article: str) -> bool:
    """Whether Material's table of contents is exactly the article's level-2 headings, which is
    what the script rebuilds."""
    toc = [(m["id"], _text(m["label"])) for m in _TOC_ITEM.finditer(items)]
    if _TOC_ITEM.sub("", items).strip():
        return False
    headings = [(m["id"], _text(m["label"])) for m in _H2.finditer(article)]
    return toc == headings and "<h3" not in article


def _text(markup: str) -> str:
    if "<" in markup:
        markup = _TAG.sub("", markup)
    if "&" in markup:
        markup = html.unescape(markup)
    return " ".join(markup.split())


_TAG = re.compile(r"<[^>]+>")


def script(shell: Shell) -> str:
    """The shell's script: puts the shell around the article it follows, then builds the table
    of contents from the article's level-2 headings (their text without the ¶ link)."""
    data = json.dumps({
        "beforeContainer": shell.before_container, "containerStart": shell.container_start,
        "innerStart": shell.inner_start, "mainEnd": shell.main_end, "containerEnd": shell.container_end,
        "afterContainer": shell.after_container + shell.config, "title": TITLE_MARK, "skip": SKIP_MARK, "toc": TOC,
        "commit": COMMIT_MARK,
    }, ensure_ascii=False, separators=(",", ":"))
    # "</" is escaped so no string in the data can end the script element early.
    data = data.replace("</", "<\\/")
    # Material's inline head script is code of its own template; it runs here, before Material's
    # script needs what it defines.
    code = shell.head_script.removeprefix("<script>").removesuffix("</script>")
    return SCRIPT.replace("/*HEAD*/", code).replace("/*DATA*/", data)


def script_name(text: str) -> str:
    """The script's file name carries a hash of its content: a reader's browser never keeps an
    old shell after the site is rebuilt. The content holds no commit (each page names its own),
    so the name stays the same from one commit to the next and so do the pages that name it."""
    return f"kerangka-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.js"


SCRIPT = """/* Registri: the page shell shared by every record page (site/shell.py). */
/*HEAD*/;
(function () {
  var s = /*DATA*/;
  var container = document.querySelector(".md-container[data-md-component=container]");
  if (!container || container.dataset.registriShell) return;
  container.dataset.registriShell = "1";
  var main = container.querySelector("main.md-main"), inner = main.querySelector(".md-main__inner");
  var article = inner.querySelector("article");
  var title = container.getAttribute("data-registri-title") || "";
  var commit = esc(container.getAttribute("data-registri-commit") || "");
  function filled(markup) { return markup.split(s.commit).join(commit); }
  var headings = Array.prototype.slice.call(article.querySelectorAll("h2[id]"));
  function esc(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  var skip = headings.length ? "#" + headings[0].id : "#";
  container.insertAdjacentHTML("beforebegin",
    filled(s.beforeContainer).split(s.title).join(esc(title)).split(s.skip).join(esc(skip)));
  container.insertAdjacentHTML("afterbegin", filled(s.containerStart));
  inner.insertAdjacentHTML("afterbegin", filled(s.innerStart));
  main.insertAdjacentHTML("beforeend", filled(s.mainEnd));
  container.insertAdjacentHTML("beforeend", filled(s.containerEnd));
  container.insertAdjacentHTML("afterend", filled(s.afterContainer));
  var toc = inner.querySelector("[data-md-component=toc]");
  headings.forEach(function (h) {
    var label = h.cloneNode(true), link = label.querySelector(".headerlink");
    if (link) link.parentNode.removeChild(link);
    var permalink = document.createElement("a");
    permalink.className = "headerlink";
    permalink.href = "#" + h.id;
    permalink.innerHTML = "&para;";
    h.appendChild(permalink);
    if (!toc) return;
    var li = document.createElement("li"), a = document.createElement("a"), span = document.createElement("span");
    li.className = "md-nav__item";
    a.className = "md-nav__link";
    a.href = "#" + h.id;
    span.className = "md-ellipsis";
    span.textContent = label.textContent.trim();
    a.appendChild(span);
    li.appendChild(a);
    toc.appendChild(li);
  });
})();
"""
