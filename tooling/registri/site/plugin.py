"""The `registri` MkDocs plugin: adds the register's pages to an ordinary `mkdocs build`.

MkDocs stays in charge of the build. The plugin reads the register once (on_config), adds the
generated pages and its own assets as files (on_files), fills the dashboard and SOP markers in
hand-written pages (on_page_markdown), puts the escaped HTML blocks back into each rendered page
(on_page_content), and asks `mkdocs serve` to watch the records (on_serve).

A register of 10,000 records stays quick (issue 12):
- record pages skip Python-Markdown (fastpage.FastPage) and every page loses the indentation
  Material's templates leave (fastpage.lean);
- a record page whose inputs have not changed is not rendered at all: its HTML comes from the
  build cache (registri.cache), keyed by the code version, the configuration and hand-written
  pages, the day, and the record's content, history and findings; the commit id, which changes
  with every commit, is put in when the page is written;
- search is Pagefind (search.py), indexed in shards that are cached the same way;
- record pages share one page shell (header, tabs, navigation drawer, footer) from one cached
  script instead of carrying a copy each (shell.py): about 8 KB less on every record page; their
  head leaves out the site-wide description and the generator tag (fastpage.without_site_meta);
- Material's template renders only the first two record pages of a build (or none, when the frame
  is cached): the others are that page's frame around their own content (recordframe.py).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from registri import cache, forked
from registri.errors import RegistriError
from registri.paths import CONFIG_NAME, RECORDS_DIR
from registri.site import carry, pages, recordframe, render, search, shell, urls, views
from registri.site.data import load_site_data
from registri.site.fastpage import FastPage, lean, without_site_meta
from registri.site.render import RawHtml

log = get_plugin_logger(__name__)

ROOT_ENV = "REGISTRI_ROOT"
ASSETS = Path(__file__).with_name("assets")
STYLESHEET = "registri.css"
CSS = (STYLESHEET,)
STEP_NAMES = "\n/* The SOP's step names in record timelines (site/views.py, step_names_css). */\n"
JS = ("vendor/tablesort-5.7.1.min.js", "registri.js")
# Hand-written pages mark where generated blocks go; the marker is an HTML comment, so a page
# stays readable on GitHub and in an editor.
MARKERS = {"<!-- registri:dasbor -->": pages.dashboard_block, "<!-- registri:pos -->": pages.sop_block}
# Generated pages that belong in the navigation (mkdocs.yml's nav names them); all others,
# above all the one page per record, stay out of it (design.md section 8: nav is quadratic).
IN_NAV = {urls.REGISTER, urls.CALENDAR, urls.ACTIVITY, urls.FINDINGS, urls.GROUNDS, urls.STATUSES,
          urls.YEARS, urls.RULES, urls.REPORTS, urls.SEARCH}
# Theme files no reader fetches: Material's own search (the site searches with Pagefind) and the
# source maps of its minified files (about 2.5 MB together).
UNUSED_THEME = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
SITEMAP = "sitemap.xml"
PAGE_CACHE = "site-pages"            # folder in the cache for rendered record pages
RECORD_PACK = "record-pages.pack"    # in PAGE_CACHE: every record page cached, in one file (cache.Pack)
CACHE_FORMAT = "pages-3"             # bump when the way pages are cached changes
SHELL_MARK = "registri-shell-script-mark"   # stands for the shell script's file name in cached pages
RECORDS_FOLDER = urls.record_page("-").partition("/")[0]   # the site folder of the record pages


class RegistriConfig(base.Config):
    root = c.Optional(c.Type(str))       # register folder; default $REGISTRI_ROOT, else mkdocs.yml's folder
    today = c.Optional(c.Type(str))      # YYYY-MM-DD; default $REGISTRI_TODAY, else the office's date
    office_in_title = c.Type(bool, default=True)   # "Register DIK <office>" as the site name
    cache = c.Type(bool, default=True)   # reuse unchanged record pages and search shards
    search = c.Type(bool, default=True)  # build the Pagefind index (needs `pagefind[bin]`)
    # Record pages share Material's page shell from one script (shell.py); false: each carries it.
    shared_shell = c.Type(bool, default=True)
    # With the shared shell: record pages after the first two are assembled from their frame
    # (recordframe.py) instead of rendered by Material's template; false: Material renders each.
    record_frame = c.Type(bool, default=True)


class RegistriPlugin(BasePlugin[RegistriConfig]):
    def __init__(self) -> None:
        self.site: pages.Site | None = None
        self.root: Path | None = None
        self.raw: dict[str, RawHtml] = {}      # page source path -> its HTML blocks (see render.py)
        self.head = ""                         # the commit id shown in page footers
        self.store: cache.Store | None = None
        self.cached: dict[str, tuple[str, str]] = {}   # record page src -> (cache entry, output path)
        self.fresh: dict[str, str] = {}                # record page src -> cache entry to write
        self.record_html: dict[str, str] = {}          # record id -> site-relative HTML file
        self.other_html: list[str] = []                # other pages the search indexes
        self.rendered = 0                              # record pages rendered in this build
        self.shared = ""                               # key of the inputs every page shares
        self.search_indexed: list[str] = []            # search shards indexed afresh in this build
        self.pending: dict = {}                        # record page src -> record, rendered on demand
        self.found: dict = {}                          # record path -> its findings
        self.backlogs: dict = {}                       # record id -> its inherited backlog entry
        self.links: dict | None = None                 # record path -> page, for findings' links
        self.shell: shell.Shell | None = None          # the page shell record pages share (shell.py)
        self._script = None                            # (shell, its script, the script's file name)
        self.frame: recordframe.Frame | None = None    # what every record page has around its content
        self.candidate: tuple | None = None            # (frame, record id) to check against a second page
        self.frame_refused = False                     # a frame did not give a page: not tried again
        self.record_ids: dict[str, str] = {}           # record page src -> record id
        self.framed = 0                                # record pages assembled from the frame
        self.record_pages: dict = {}                   # record page src -> its Page, to be built
        self._files: Files | None = None
        self.carry: carry.Carry | None = None          # the previous site's pages and shards (carry.py)
        self.kept: set[str] = set()                    # record pages kept from the previous site
        self.record_dest: dict[str, str] = {}          # record page src -> its site path
        self.to_build: set[str] = set()                # record pages MkDocs has still to write
        self.cached_written = False                    # the record pages from the cache are written
        self.record_search: search.Indexing | None = None   # the record pages' shards, started early

    def on_config(self, config):
        config_dir = Path(config.config_file_path or ".").resolve().parent
        root = Path(self.config.root or os.environ.get(ROOT_ENV) or config_dir)
        self.root = (config_dir / root).resolve() if not root.is_absolute() else root
        try:
            # Downloads not in the cache render in forked children while MkDocs renders the pages;
            # on_post_build collects them.
            data = load_site_data(self.root, self.config.today or None, defer=True)
        except RegistriError as exc:
            raise PluginError(f"registri: register di {self.root} tidak dapat dibaca.\n{exc.message}") from None
        self.site = pages.make_site(data, config.use_directory_urls)
        office = data.register.office
        if self.config.office_in_title:
            config.site_name = f"Register DIK {office.short_name}"
        self.head = data.history.head[:10] if data.history.head else ""
        head = f" · commit {pages.HEAD_MARK}" if data.history.head else ""
        # Material prints `copyright` unescaped in every page footer (also on paper).
        config.copyright = str(escape(f"{office.name} · situs internal · keadaan per {data.today:%d-%m-%Y}{head}"))
        config.extra_css = [*config.extra_css, *(f"{urls.ASSETS}/{name}" for name in CSS)]
        config.extra_javascript = [*config.extra_javascript, *(f"{urls.ASSETS}/{name}" for name in JS)]
        self.store = cache.Store(cache.cache_folder(self.root) / PAGE_CACHE) if self.config.cache else None
        if self.store is not None:      # before the generated pages are rendered (on_files)
            render.bytecode_cache(render.environment(), self.store.folder / "templates-pages")
        if getattr(self, "pack", None) is not None:
            self.pack.close()                  # `mkdocs serve`: the previous build's
        # The record pages rendered before, by a key of everything each is made from.
        self.pack = cache.Pack(self.store.folder / RECORD_PACK) if self.store is not None else None
        self.cached, self.fresh, self.record_html, self.other_html, self.rendered = {}, {}, {}, [], 0
        self.links = None
        self.shell = self.frame = self.candidate = None
        self.frame_refused = False
        self.framed = 0
        # An internal site is not for search engines: no sitemap (1.6 MB at 10,000 records).
        # (Without the template, MkDocs would copy it as a file: on_files drops that too.)
        config.theme.static_templates.discard(SITEMAP)
        return config

    def on_pre_build(self, config) -> None:
        # Before MkDocs empties the site folder: the record pages and search shards a build keeps
        # when they are still exactly right, moved aside (carry.py).
        if self.carry is not None:
            self.carry.finish()                 # `mkdocs serve`: the previous build's
        self.carry = carry.Carry(Path(config.site_dir), self.store, (RECORDS_FOLDER, search.BUNDLE))
        self.kept = set()

    def on_files(self, files: Files, config) -> Files:
        site = self._site()
        self._files = files
        docs = Path(config.docs_dir).resolve()
        for file in list(files):
            unused = file.src_uri.startswith(UNUSED_THEME) or file.src_uri.endswith(".map") or file.src_uri == SITEMAP
            if unused and file.abs_src_path \
                    and not Path(file.abs_src_path).resolve().is_relative_to(docs):
                files.remove(file)
        for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            src = f"{urls.ASSETS}/{asset.relative_to(ASSETS).as_posix()}"
            if asset.name == STYLESHEET:
                # The register's SOP step names, written after "Langkah N" in record timelines.
                text = asset.read_text(encoding="utf-8") + STEP_NAMES + views.step_names_css(site.data.register.sop)
                files.append(File.generated(config, src, content=text))
            else:
                files.append(File.generated(config, src, abs_src_path=str(asset)))
        generated: dict[str, str | bytes | pages.Page] = dict(pages.generated_pages(site))
        generated[urls.SEARCH] = pages.search_page(site, search.shard_names(r.id for r in site.data.register.records))
        # Files.get_file_from_path rebuilds its index after every append: look names up in a set.
        written = set(files.src_uris)
        # The record pages' keys first: the report pages may still be computed in a child meanwhile.
        record_files = self._record_files(config, written)
        generated = {**pages.report_pages(site), **generated}
        # The record pages first: MkDocs builds pages in this order, and the record pages' search
        # shards are indexed once they are all written, while MkDocs builds the other pages.
        for file in record_files:
            files.append(file)
        for src, content in sorted(generated.items()):
            if src in written:
                log.info("%s ditulis tangan di docs/; halaman buatan Registri tidak dipakai.", src)
                continue
            if isinstance(content, pages.Page):
                self.raw[src] = content.raw
                content = content.markdown
            inclusion = InclusionLevel.UNDEFINED if src in IN_NAV or not src.endswith(".md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=content, inclusion=inclusion))
        return files

    def on_build_error(self, error) -> None:
        if self.site is not None:
            self.site.data.files.stop()      # no report child left running after a failed build
        if self.record_search is not None:
            self.record_search.stop()        # nor Pagefind
            self.record_search = None
        if self.carry is not None:
            self.carry.finish()              # nor a folder held aside
        forked.settle()                      # nor a child writing its cache

    def _record_files(self, config, written: set[str]) -> list[File]:
        """The record pages the cache does not hold; the others are remembered for on_post_build.

        A page to render gets only its front matter now; its body is rendered in on_page_markdown,
        just before MkDocs needs it, so 10,000 pages of HTML blocks are never in memory at once.
        """
        site = self._site()
        shared = self.shared = self._site_key(config)
        self.found = pages.findings_by_path(site)
        self.backlogs = pages.record_backlogs(site)
        self.pending, self.record_ids, self.record_dest = {}, {}, {}
        self.shell, self.frame = self._cached_shell() if self.config.shared_shell else (None, None)
        if not self.config.record_frame:
            self.frame = None
        keys = cache.ValueKeys()
        made: list[File] = []
        for record in site.data.register.records:
            src = urls.record_page(record.id)
            if src in written:
                log.info("%s ditulis tangan di docs/; halaman buatan Registri tidak dipakai.", src)
                continue
            found = self.found.get(record.path, ())
            entry = f"{cache.digest(shared, pages.record_key_parts(site, record, found, self.backlogs.get(record.id), keys))}.html.z"
            framed = self.frame is not None and recordframe.plain(record.id)
            file = File.generated(config, src, inclusion=InclusionLevel.NOT_IN_NAV,
                                  content=pages.record_front_matter(record, recordframe.TEMPLATE if framed else None))
            self.record_html[record.id] = self.record_dest[src] = file.dest_uri
            # Without the shell in the cache, one record page is rendered to make it again.
            if self.pack is not None and entry in self.pack and (
                    self.shell or self.pending or not self.config.shared_shell):
                self.cached[src] = (entry, file.dest_uri)
                continue
            self.fresh[src] = entry
            self.pending[src] = record
            self.record_ids[src] = record.id
            made.append(file)
        if self.carry is not None and self.shell is not None:
            wanted = {dest: entry for entry, dest in self.cached.values()}
            self.kept = self.carry.place_pages(RECORDS_FOLDER, wanted, self._shell_script()[1])
        return made

    def _shell_entry(self) -> str:
        return f"shell-{self.shared}.pickle"

    def _cached_shell(self) -> tuple[shell.Shell | None, recordframe.Frame | None]:
        """The shared shell and the record pages' frame from the cache (either may be missing)."""
        if self.store is None:
            return None, None
        kept = self.store.read(self._shell_entry(), dict) or {}
        return _made(shell.Shell, kept.get("shell")), _made(recordframe.Frame, kept.get("frame"))

    def _keep_shell(self) -> None:
        if self.store is not None and self.shell is not None:
            frame = tuple(vars(self.frame).values()) if self.frame is not None else None
            self.store.write(self._shell_entry(), {"shell": tuple(vars(self.shell).values()), "frame": frame})

    def _shell_script(self) -> tuple[str, str]:
        """The shell's script as this build writes it, and its file name (neither names a commit:
        each page names its own, shell.own_page)."""
        if self._script is None or self._script[0] is not self.shell:
            text = shell.script(self.shell)
            self._script = (self.shell, text, shell.script_name(text))
        return self._script[1], self._script[2]

    def _shared_shell(self, output: str, page) -> str:
        """A record page without the shell it shares with the others (kept whole when it cannot
        be cut exactly, or when its shell is not the one the others share)."""
        cut = shell.split(output)
        if cut is None:
            log.info("registri: %s disimpan utuh: bentuk halaman Material tidak dikenali (kerangka "
                     "bersama tidak dipakai untuk halaman ini).", page.file.src_uri)
            return output
        if self.shell is None:
            self.shell = cut.shell
            self._keep_shell()
        if cut.shell != self.shell:
            return output
        written = cut.page(self._script_src(page), page.title or "", pages.HEAD_MARK)
        if self.config.record_frame and self.frame is None:
            self._learn_frame(cut, written, page)
        return written

    def _script_src(self, page) -> str:
        return get_relative_url(f"{urls.ASSETS}/{SHELL_MARK}", page.url or ".")

    def _learn_frame(self, cut: shell.Cut, written: str, page) -> None:
        """Take the frame from the first record page Material rendered; once it gives the second
        page byte for byte, the record pages still to come are assembled from it."""
        record_id = self.record_ids.get(page.file.src_uri, "")
        if self.candidate is None:
            frame = recordframe.derive(cut, record_id, page.content or "")
            if frame is not None:
                self.candidate = (frame, record_id)
            return
        frame, first = self.candidate
        if self.frame_refused or not recordframe.plain(record_id) or record_id == first:
            return
        if frame.page(record_id, page.content or "", self._script_src(page), pages.HEAD_MARK) != written:
            log.info("registri: kerangka halaman catatan tidak cocok dengan %s; setiap halaman catatan "
                     "dirender lengkap oleh tema.", page.file.src_uri)
            self.frame_refused = True
            return
        self.frame = frame
        self._keep_shell()
        for src, target in self.record_pages.items():
            if recordframe.plain(self.record_ids.get(src, "")):
                target.meta["template"] = recordframe.TEMPLATE

    def _finish(self, html: str) -> str:
        """Marks in a (cached) page replaced by this build's commit id and shell script name."""
        html = html.replace(pages.HEAD_MARK, self.head)
        if SHELL_MARK in html and self.shell is not None:
            html = html.replace(SHELL_MARK, self._shell_script()[1])
        return html

    def _site_key(self, config) -> str:
        """What every record page shares: code, configuration, hand-written pages, the theme
        settings, the day, and whether the history could be read."""
        data = self._site().data
        parts = [CACHE_FORMAT, cache.code_version(), cache.config_digest(self.root, with_docs=True),
                 config.site_name, config.copyright, config.use_directory_urls, str(config.theme.name),
                 repr(sorted((k, repr(v)) for k, v in config.theme.items())), repr(config.nav),
                 repr(config.markdown_extensions), config.extra_css, config.extra_javascript,
                 data.today.isoformat(), data.history_note or "-", bool(data.history.head)]
        try:
            parts.append(Path(config.config_file_path).read_bytes())
        except (OSError, TypeError):
            parts.append("-")
        docs = Path(config.docs_dir)
        parts += [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in sorted(docs.rglob("*")) if p.is_file()]
        return cache.digest(*parts)

    def on_nav(self, nav, config, files):
        # Record pages are made of headings and HTML blocks: no Markdown converter needed. Every
        # other page out of the navigation gets the same page class, whose Markdown is cached.
        memo = (self.store, self.shared, self._site().data.history.head or "") if self.store is not None else None
        FastPage.used = []
        in_nav = {id(page) for page in nav.pages}
        self.record_pages = {}
        for file in files.documentation_pages():
            if file.page is None or id(file.page) not in in_nav:
                FastPage(None, file, config).memo = memo
            if file.src_uri in self.record_ids:
                self.record_pages[file.src_uri] = file.page
        return nav

    def on_env(self, env, config, files):
        # The template of record pages assembled from the frame: it only passes the content on.
        env.loader = ChoiceLoader([env.loader, DictLoader({recordframe.TEMPLATE: recordframe.TEMPLATE_SOURCE})])
        if self.store is not None:
            # Material's templates compiled once, not in every build (the generated pages': on_config).
            render.bytecode_cache(env, self.store.folder / "templates-theme")
        self.cached_written = False
        if self.shell is not None:           # else once a page rendered now has given the shell
            self._write_cached_pages(Path(config.site_dir))
        self.to_build = set(self.pending)
        self.record_search = None
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if page.file.src_uri in self.pending:
            return ""            # rendered just before its template (on_page_context)
        for marker, block in MARKERS.items():
            if marker in markdown:
                raw = self.raw.setdefault(page.file.src_uri, RawHtml())
                markdown = markdown.replace(marker, block(self._site(), page.file.src_uri, raw))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        raw = self.raw.pop(page.file.src_uri, None)
        return raw.fill(html) if raw else html

    def on_page_context(self, context, page, config, nav):
        """A record page's content is made here, just before its template, and let go of once the
        page is written (on_post_page): MkDocs reads every page before it writes any, and 10,000
        record pages of HTML would otherwise all be in memory between the two.

        Every record page is written once MkDocs builds the first other page (they come first):
        then their search shards are indexed, while MkDocs builds the rest."""
        if not self.to_build and page.file.src_uri not in self.record_dest:
            self._write_cached_pages(Path(config.site_dir))
            if self.record_search is None and self.config.search:
                self.record_search = self._start_search(Path(config.site_dir), records=True)
        record = self.pending.pop(page.file.src_uri, None)
        if record is not None:
            site = self._site()
            if self.links is None:
                self.links = pages.views.record_pages_by_path(site.data.register)
            made = pages.record_page(site, record, self.found.get(record.path, ()), self.links,
                                     self.backlogs.get(record.id))
            page.markdown = pages.body_of(made.markdown)
            page.render(config, self._files)
            page.content = made.raw.fill(page.content)
        return context

    def on_post_page(self, output: str, page, config) -> str:
        src = page.file.src_uri
        entry = self.fresh.get(src)
        framed = entry is not None and page.meta.get("template") == recordframe.TEMPLATE
        if framed and self.frame is None:
            raise PluginError(f"registri: kerangka halaman catatan hilang untuk {src}. Hapus folder "
                              f"{self.store.folder if self.store else 'tembolok'} lalu bangun ulang.")
        if framed:
            output = self.frame.page(self.record_ids[src], page.content or "", self._script_src(page), pages.HEAD_MARK)
            self.framed += 1
        else:
            # Templates mark what search leaves out with data-search-exclude; Pagefind reads its own name.
            output = lean(output).replace("data-search-exclude", search.IGNORE)
            if entry is not None:
                output = without_site_meta(output)
        if entry is not None:
            self.rendered += 1
            self.to_build.discard(src)
            self.record_pages.pop(src, None)
            if self.config.shared_shell and not framed:
                output = self._shared_shell(output, page)
            if self.pack is not None:
                self.pack.add(entry, zlib.compress(output.encode("utf-8"), 1))
            # MkDocs keeps every page object to the end of the build: let go of what a record
            # page no longer needs (10,000 pages of Markdown and HTML otherwise stay in memory).
            page.markdown = page.content = None
            page.file.content_string = ""
        elif not (page.meta.get("search") or {}).get("exclude") and src.endswith(".md"):
            self.other_html.append(page.file.dest_uri)
        return self._finish(output)

    def _write_cached_pages(self, site_dir: Path) -> None:
        """The record pages from the cache (but those kept from the previous site) written, once."""
        if self.cached_written:
            return
        self.cached_written = True
        for src, (entry, dest) in self.cached.items():
            if dest in self.kept:
                continue                     # the previous build's file, exactly this (carry.py)
            data = self.pack.read(entry) if self.pack is not None else None
            try:
                html = zlib.decompress(data).decode("utf-8") if data is not None else None
            except (zlib.error, UnicodeDecodeError):
                html = None
            if html is None:
                raise PluginError(f"registri: tembolok halaman {src} rusak. Hapus folder "
                                  f"{self.store.folder if self.store else 'tembolok'} lalu bangun ulang.")
            target = site_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            if SHELL_MARK in html and self.shell is None:
                raise PluginError(f"registri: tembolok halaman {src} tidak lengkap. Hapus folder "
                                  f"{self.store.folder if self.store else 'tembolok'} lalu bangun ulang.")
            target.write_text(self._finish(html), encoding="utf-8")

    def on_post_build(self, config) -> None:
        site_dir = Path(config.site_dir)
        self._write_cached_pages(site_dir)
        if self.shell is not None:
            text, name = self._shell_script()
            (site_dir / urls.ASSETS).mkdir(parents=True, exist_ok=True)
            (site_dir / urls.ASSETS / name).write_text(text, encoding="utf-8")
        # Pagefind indexes the pages (never the downloads) while the report downloads are collected:
        # the other pages now, and the record pages if MkDocs built no other page after them.
        searches = [self.record_search] if self.record_search is not None else []
        try:
            if self.config.search:
                searches.append(self._start_search(site_dir, records=False if searches else None))
            self._write_late_reports(site_dir)
        except BaseException:
            for indexing in searches:
                indexing.stop()      # no Pagefind left running after a failed build
            self.record_search = None
            raise
        if self.store is not None:
            used = {entry for entry, _ in self.cached.values()} | set(self.fresh.values())
            self.pack.save(used)
            self.store.prune("*.html.z", ())       # one file per page: the cache's layout before the pack
            self.store.prune("md-*.pickle", FastPage.used)
            self.store.prune("shell-*.pickle", [self._shell_entry()])
        keys: dict[str, str] = {}
        self.search_indexed = []
        try:
            for indexing in searches:
                self.search_indexed += indexing.wait()
                keys.update(indexing.keys)
        except search.SearchIndexError as exc:
            for indexing in searches:
                indexing.stop()
            raise PluginError(f"registri: {exc}") from None
        finally:
            self.record_search = None
        self.search_indexed.sort(key=lambda name: (name != search.MAIN, name))
        if searches:
            search.write_overlay_file(site_dir, searches)
        if self.store is not None and searches:
            search.prune(self.store, keys.values(), keys)
        if self.carry is not None:
            self.carry.save(self._record_entries(), self._shell_script()[1] if self.shell is not None else None,
                            keys, search.BUNDLE)
            self.carry.finish()
        forked.settle()             # the history child's cache written before the build ends

    def _record_entries(self) -> dict[str, str]:
        """Every record page this build wrote (or kept), by site path: its cache entry."""
        entries = {dest: entry for entry, dest in self.cached.values()}
        entries.update((self.record_dest[src], entry) for src, entry in self.fresh.items() if src in self.record_dest)
        return entries

    def _start_search(self, site_dir: Path, records: bool | None) -> search.Indexing:
        """Pagefind started on the record pages' shards (`records` True), the other pages' (False),
        or all (None)."""
        shards = search.shards(self.record_html if records is not False else {},
                               self.other_html if not records else [])
        same = []
        if self.head:
            same.append((f"commit {self.head}".encode(), f"commit {pages.HEAD_MARK}".encode()))
        if self.shell is not None:
            same.append((self._shell_script()[1].encode(), SHELL_MARK.encode()))
        try:
            # The pages indexed after the record pages lay their changes over in an overlay of their own.
            overlay = search.OVERLAY if records is not False else f"{search.OVERLAY}-{search.MAIN}"
            indexing = search.Indexing(site_dir, shards, self.store, same=tuple(same),
                                       page_keys=self._record_entries(), carry=self.carry, overlay=overlay)
        except search.SearchIndexError as exc:
            raise PluginError(f"registri: {exc}") from None
        if self.carry is not None and records is not True:
            self.carry.sweep()                # what was not kept is deleted while Pagefind runs
        return indexing

    def _write_late_reports(self, site_dir: Path) -> None:
        """The report downloads rendered while the pages were built, over their empty placeholders."""
        late = self._site().data.late
        if late is None:
            return
        for path, content in late().items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    def on_serve(self, server, config, builder):
        root = self.root or Path(config.config_file_path).parent
        for path in (root / RECORDS_DIR, root / CONFIG_NAME, root / "sop.yaml"):
            if path.exists():
                server.watch(str(path))
        return server

    def _site(self) -> pages.Site:
        if self.site is None:  # on_config always runs first in a MkDocs build
            raise PluginError("registri: plugin belum membaca register (on_config tidak dijalankan).")
        return self.site


def _made(kind, parts):
    """`kind(*parts)` for parts read from the cache (all text), else None."""
    if not isinstance(parts, tuple) or not all(isinstance(p, str) for p in parts):
        return None
    try:
        return kind(*parts)
    except TypeError:
        return None
