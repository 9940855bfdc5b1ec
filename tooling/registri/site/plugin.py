"""The `registri` MkDocs plugin: adds the register's pages to an ordinary `mkdocs build`.

MkDocs stays in charge of the build. The plugin reads the register once (on_config), adds the
generated pages and its own assets as files (on_files), fills the dashboard and SOP markers in
hand-written pages (on_page_markdown), puts the escaped HTML blocks back into each rendered page
(on_page_content), and asks `mkdocs serve` to watch the records (on_serve).
"""

from __future__ import annotations

import os
from pathlib import Path

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from registri.errors import RegistriError
from registri.paths import CONFIG_NAME, RECORDS_DIR
from registri.site import pages, urls
from registri.site.data import load_site_data
from registri.site.render import RawHtml

log = get_plugin_logger(__name__)

ROOT_ENV = "REGISTRI_ROOT"
ASSETS = Path(__file__).with_name("assets")
CSS = ("registri.css",)
JS = ("vendor/tablesort-5.7.1.min.js", "registri.js")
# Hand-written pages mark where generated blocks go; the marker is an HTML comment, so a page
# stays readable on GitHub and in an editor.
MARKERS = {"<!-- registri:dasbor -->": pages.dashboard_block, "<!-- registri:pos -->": pages.sop_block}
# Generated pages that belong in the navigation (mkdocs.yml's nav names them); all others,
# above all the one page per record, stay out of it (design.md section 8: nav is quadratic).
IN_NAV = {urls.REGISTER, urls.CALENDAR, urls.ACTIVITY, urls.FINDINGS, urls.GROUNDS, urls.STATUSES,
          urls.YEARS, urls.RULES, urls.REPORTS}


class RegistriConfig(base.Config):
    root = c.Optional(c.Type(str))       # register folder; default $REGISTRI_ROOT, else mkdocs.yml's folder
    today = c.Optional(c.Type(str))      # YYYY-MM-DD; default $REGISTRI_TODAY, else the office's date
    office_in_title = c.Type(bool, default=True)   # "Register DIK <office>" as the site name


class RegistriPlugin(BasePlugin[RegistriConfig]):
    def __init__(self) -> None:
        self.site: pages.Site | None = None
        self.root: Path | None = None
        self.raw: dict[str, RawHtml] = {}      # page source path -> its HTML blocks (see render.py)

    def on_config(self, config):
        config_dir = Path(config.config_file_path or ".").resolve().parent
        root = Path(self.config.root or os.environ.get(ROOT_ENV) or config_dir)
        self.root = (config_dir / root).resolve() if not root.is_absolute() else root
        try:
            data = load_site_data(self.root, self.config.today or None)
        except RegistriError as exc:
            raise PluginError(f"registri: register di {self.root} tidak dapat dibaca.\n{exc.message}") from None
        self.site = pages.make_site(data, config.use_directory_urls)
        office = data.register.office
        if self.config.office_in_title:
            config.site_name = f"Register DIK {office.short_name}"
        head = f" · commit {data.history.head[:10]}" if data.history.head else ""
        # Material prints `copyright` unescaped in every page footer (also on paper).
        config.copyright = str(escape(f"{office.name} · situs internal · keadaan per {data.today:%d-%m-%Y}{head}"))
        config.extra_css = [*config.extra_css, *(f"{urls.ASSETS}/{name}" for name in CSS)]
        config.extra_javascript = [*config.extra_javascript, *(f"{urls.ASSETS}/{name}" for name in JS)]
        return config

    def on_files(self, files: Files, config) -> Files:
        site = self._site()
        for asset in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            src = f"{urls.ASSETS}/{asset.relative_to(ASSETS).as_posix()}"
            files.append(File.generated(config, src, abs_src_path=str(asset)))
        generated: dict[str, str | bytes | pages.Page] = dict(site.data.reports)
        generated.update(pages.generated_pages(site))
        for src, content in sorted(generated.items()):
            if files.get_file_from_path(src) is not None:
                log.info("%s ditulis tangan di docs/; halaman buatan Registri tidak dipakai.", src)
                continue
            if isinstance(content, pages.Page):
                self.raw[src] = content.raw
                content = content.markdown
            inclusion = InclusionLevel.UNDEFINED if src in IN_NAV or not src.endswith(".md") else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        for marker, block in MARKERS.items():
            if marker in markdown:
                raw = self.raw.setdefault(page.file.src_uri, RawHtml())
                markdown = markdown.replace(marker, block(self._site(), page.file.src_uri, raw))
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        raw = self.raw.get(page.file.src_uri)
        return raw.fill(html) if raw else html

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
