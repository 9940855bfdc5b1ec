"""The generated pages: site path -> Markdown text, rendered from templates with view data.

Two blocks are not pages of their own but fill markers in hand-written pages: the dashboard
(docs/index.md) and the SOP diagram (docs/sop.md).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from mkdocs.utils.meta import get_data

from registri.attention import ENDED, EXPIRING, OVERDUE
from registri.cache import ValueKeys
from registri.site import charts, fmt, sopdiagram, tables, urls, views
from registri.site.data import LATER, SOON, SiteData
from registri.site.render import RawHtml, render
from registri.site.shell import COMMIT_MARK
from registri.sop import ALL_STATUSES

ACTIVITY_LIMIT = 300          # newest events on the activity log; record pages keep the rest
DASHBOARD_ACTIVITY = 8
DASHBOARD_LIST = 10           # rows per attention list on the dashboard before "lihat semua"

STATUS_COLOR = {"divalidasi": "#90a4ae", "diklasifikasi": "#5c9bd6", "didokumentasikan": "#26a69a",
                "dilaporkan": "#43a047", "dibuka": "#bdbdbd"}
STATUS_TEXT = {
    "divalidasi": "Langkah 1 selesai: daftar dari penetapan sudah divalidasi PPID.",
    "diklasifikasi": "Langkah 2 selesai: jangka waktu dan alasan pengecualian sudah diklasifikasi.",
    "didokumentasikan": "Langkah 3 selesai: softcopy dan/atau hardcopy tersimpan aman.",
    "dilaporkan": "Langkah 4 selesai: sudah masuk laporan pendokumentasian.",
    "dibuka": "Tidak lagi dikecualikan: sudah dibuka dan pindah ke Daftar Informasi Publik.",
}


@dataclass(frozen=True)
class Page:
    """A generated page: its Markdown (with placeholders) and the HTML blocks that fill them."""

    markdown: str
    raw: RawHtml


@dataclass(frozen=True)
class Site:
    """Everything the pages share: the data, the rows (built once) and the URL style."""

    data: SiteData
    use_directory_urls: bool
    rows: dict[str, views.Row]
    table_files: dict[str, bytes]         # every row as JSON (tables.py), read by registri.js

    def render(self, template: str, src: str, raw: RawHtml, **context) -> str:
        data = self.data
        return render(template, link=urls.Linker(src, self.use_directory_urls), raw=raw,
                      office=data.register.office, today=fmt.date(data.today), data=data, **context)

    def page(self, template: str, src: str, **context) -> Page:
        raw = RawHtml()
        return Page(self.render(template, src, raw, **context), raw)

    def rows_of(self, records) -> list[views.Row]:
        return [self.rows[r.id] for r in sorted(records, key=lambda r: (r.year or 0, r.id))]

    def table(self, records) -> dict:
        """What a record table needs: its first rows (in the HTML), the total, the JSON files."""
        rows = sorted((self.rows[r.id] for r in records), key=lambda row: row.sort_id)
        return {"rows": rows[:tables.FIRST_ROWS], "total": len(rows), "table_data": sorted(self.table_files)}


GENERATED_CACHE = "site-generated"   # folder in the build cache: what is made from SiteData alone


def _generated_memo(data: SiteData, kind: str, *parts, make, kind_type=object):
    """make(), or what it gave before for SiteData of the same key (every input of the data: see
    SiteData.key) and the same `parts`; one entry per kind is kept."""
    if data.key is None:
        return make()
    from pathlib import Path

    from registri import cache

    store = cache.Store(cache.cache_folder(Path(data.register.root)) / GENERATED_CACHE)
    name = f"{kind}-{cache.digest(data.key, *map(str, parts))}.pickle"
    value = cache.memo(store, name, make, kind_type)
    store.prune(f"{kind}-*.pickle", [name])
    return value


def make_site(data: SiteData, use_directory_urls: bool = True) -> Site:
    def made() -> tuple:
        rows = {r.id: views.row(r, data.today) for r in data.register.records}
        return rows, tables.data_files(rows.values())

    rows, table_files = _generated_memo(data, "rows", make=made, kind_type=tuple)
    return Site(data, use_directory_urls, rows, table_files)


# Pages -----------------------------------------------------------------------------------------

def register_page(site: Site) -> Page:
    rows = site.rows_of(site.data.register.records)
    return site.page("register.md.j2", urls.REGISTER, **site.table(site.data.register.records),
                     statuses=[(s, fmt.status_label(s)) for s in ALL_STATUSES],
                     letters=[g.code for g in site.data.register.pasal17.grounds.values()],
                     years=sorted({r.year for r in rows if r.year}, reverse=True),
                     securities=[(k, v) for k, v in fmt.SECURITY.items() if k not in ("biasa", "terbuka")])


HEAD_MARK = COMMIT_MARK      # stands for the commit id in cached pages (plugin.py) and the shell


def findings_by_path(site: Site) -> dict[str, list]:
    by_path = defaultdict(list)
    for finding in site.data.findings:
        by_path[finding.path].append(finding)
    return by_path


def record_key_parts(site: Site, record, findings, backlog=None, keys: ValueKeys | None = None) -> tuple:
    """Everything a record page shows that differs between records: its content, its history,
    its findings and its inherited backlog. The site-wide inputs (code, configuration, today) are
    added by the plugin. `keys`: one ValueKeys for all the records of a build."""
    keys = keys or ValueKeys()
    # A record is read from its file alone: the file's blob id stands for its content (the code
    # that reads it is in the site-wide key).
    blob = site.data.ids.get(record.path) if site.data.ids else None
    content = ("blob", blob) if blob else ("data", repr(record.data))
    return (record.path, content, keys.of(site.data.history.of(record.id)), keys.of(findings), keys.of(backlog))


def record_front_matter(record, template: str | None = None) -> str:
    """What MkDocs reads from a record page's file before the page is rendered (title, layout,
    and the template when not Material's); the body comes later (plugin.on_page_markdown), from
    record_page."""
    chosen = f"template: {json.dumps(template)}\n" if template else ""
    return f"---\ntitle: {json.dumps(record.id)}\n{chosen}hide:\n  - navigation\n---\n"


def body_of(markdown: str) -> str:
    """The Markdown after its front matter (the template's own, so not parsed: MkDocs has read
    the page's front matter from record_front_matter already)."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 3)
        if end >= 0:
            return markdown[end + 5:].lstrip("\n")
    return get_data(markdown)[0]


def record_page(site: Site, record, findings, pages: dict[str, str], backlog=None) -> Page:
    data, register = site.data, site.data.register
    tz = register.office.tz
    src = urls.record_page(record.id)
    past = data.history.of(record.id)
    return site.page(
        "record.md.j2", src, record=record, row=site.rows[record.id],
        sections=views.sections(record, register, data.rules.keys()), steps=views.timeline(record.id, data.history, register.sop, tz),
        accepted=past.accepted, imported=past.imported,
        acceptance_time=fmt.datetime_local(past.accepted.time, tz) if past.accepted else "",
        findings=views.finding_lines(findings, register, data.rules, pages),
        tz_label=fmt.tz_abbreviation(register.office.tz_name), backlog=backlog)


def record_backlogs(site: Site) -> dict:
    """Record id -> its inherited backlog entry (attention.py), for the records that have one."""
    return {entry.record.id: entry for entry in site.data.attention_soon.backlog.entries}


def record_pages(site: Site) -> dict[str, Page]:
    """Every record's page (the plugin renders only those its cache does not hold)."""
    by_path = findings_by_path(site)
    pages = views.record_pages_by_path(site.data.register)
    backlogs = record_backlogs(site)
    return {urls.record_page(r.id): record_page(site, r, by_path.get(r.path, ()), pages, backlogs.get(r.id))
            for r in site.data.register.records}


def ground_pages(site: Site) -> dict[str, Page]:
    register = site.data.register
    by_letter = defaultdict(list)
    for record in register.records:
        for letter in record.letters:
            by_letter[letter].append(record)
    out = {urls.GROUNDS: site.page("grounds.md.j2", urls.GROUNDS, counts=views.by_ground(register),
                                   all_counts={c.key: c.count for c in views.by_ground(register, active_only=False)})}
    for ground in register.pasal17.grounds.values():
        src = urls.ground_page(ground.code)
        records = by_letter.get(ground.code, [])
        per_code = defaultdict(int)
        for record in records:
            if not record.is_open:
                for code in record.pasal:
                    if code.split(".")[0] == ground.code:
                        per_code[code] += 1
        out[src] = site.page("ground.md.j2", src, ground=ground, **site.table(records),
                             per_code=sorted(per_code.items()),
                             max_years=register.pasal17.max_years(ground.code, register.office.max_years))
    return out


def status_pages(site: Site) -> dict[str, Page]:
    register = site.data.register
    out = {urls.STATUSES: site.page("statuses.md.j2", urls.STATUSES, counts=views.by_status(register),
                                    texts=STATUS_TEXT, colors=STATUS_COLOR)}
    for status in ALL_STATUSES:
        src = urls.status_page(status)
        records = [r for r in register.records if r.status == status]
        step = register.sop.step_for_status(status)
        out[src] = site.page("status.md.j2", src, status=status, label=fmt.status_label(status),
                             text=STATUS_TEXT[status], step=step, **site.table(records))
    return out


def year_pages(site: Site) -> dict[str, Page]:
    register = site.data.register
    counts = views.by_year(register)
    out = {urls.YEARS: site.page("years.md.j2", urls.YEARS, counts=counts)}
    for count in counts:
        year = int(count.key)
        src = urls.year_page(year)
        out[src] = site.page("year.md.j2", src, year=year,
                             **site.table([r for r in register.records if r.year == year]))
    return out


def calendar_page(site: Site) -> Page:
    return site.page("calendar.md.j2", urls.CALENDAR, calendar=views.calendar(site.data.register, site.data.today,
                                                                             rows=site.rows))


def activity_page(site: Site) -> Page:
    register = site.data.register
    lines, total = views.activity(site.data.history, register, register.office.tz, ACTIVITY_LIMIT)
    return site.page("activity.md.j2", urls.ACTIVITY, lines=lines, total=total,
                     tz_label=fmt.tz_abbreviation(register.office.tz_name))


def findings_page(site: Site) -> Page:
    data = site.data
    return site.page("findings.md.j2", urls.FINDINGS,
                     groups=views.finding_groups(data.findings, data.register, data.rules))


def rule_pages(site: Site) -> dict[str, Page]:
    data = site.data
    lines = views.finding_lines(data.findings, data.register, data.rules)
    by_code = defaultdict(list)
    for line in lines:
        by_code[line.code].append(line)
    groups = defaultdict(list)
    for rule in data.rules.values():
        groups[rule.code[:3]].append(rule)
    out = {urls.RULES: site.page("rules.md.j2", urls.RULES, groups=sorted(groups.items()),
                                 counts={code: len(items) for code, items in by_code.items()})}
    for rule in data.rules.values():
        src = urls.rule_page(rule.code)
        out[src] = site.page("rule.md.j2", src, rule=rule, lines=by_code.get(rule.code, []))
    return out


def reports_index(site: Site) -> Page:
    pages = sorted(p for p, c in site.data.reports.items() if p.endswith(".md") and p != urls.REPORTS)
    downloads = sorted(p for p in site.data.reports if not p.endswith(".md"))
    return site.page("reports.md.j2", urls.REPORTS, pages=pages, downloads=downloads)


def search_page(site: Site, shards: list[str]) -> Page:
    """The search page: Pagefind's interface over every shard of the index (search.py)."""
    from registri.site import search

    bundle = [f"{search.BUNDLE}/{name}/" for name in shards]
    return site.page("search.md.j2", urls.SEARCH, bundles=bundle, ui=f"{search.BUNDLE}/{search.MAIN}/",
                     overlay=f"{search.BUNDLE}/{search.OVERLAY_FILE}")


def generated_pages(site: Site) -> dict[str, Page]:
    """Every generated page by its path in the site, except the record pages (record_pages); from
    the build cache when the site's data has not changed (SiteData.key)."""
    made = _generated_memo(site.data, "pages", site.use_directory_urls, make=lambda: _generated_pages(site),
                           kind_type=dict)
    return {**site.table_files, **made}         # the rows' JSON files are cached with the rows


def _generated_pages(site: Site) -> dict[str, Page]:
    out: dict[str, Page] = {urls.REGISTER: register_page(site), urls.CALENDAR: calendar_page(site),
                            urls.ACTIVITY: activity_page(site), urls.FINDINGS: findings_page(site)}
    out.update(ground_pages(site))
    out.update(status_pages(site))
    out.update(year_pages(site))
    out.update(rule_pages(site))
    return out


def report_pages(site: Site) -> dict[str, str | bytes | Page]:
    """The report files (waits for them when they are made in a child: data.ReportFiles), with an
    index of them when the reports give none."""
    files: dict[str, str | bytes | Page] = dict(site.data.reports)
    if urls.REPORTS not in files:
        files[urls.REPORTS] = reports_index(site)
    return files


# Blocks for hand-written pages -----------------------------------------------------------------
# Each returns the Markdown that replaces its marker (a placeholder) and keeps its HTML in `raw`.

def dashboard_block(site: Site, src: str, raw: RawHtml) -> str:
    """The dashboard's HTML (from the build cache when the site's data has not changed)."""
    html = _generated_memo(site.data, "dashboard", src, site.use_directory_urls,
                           make=lambda: _dashboard_html(site, src), kind_type=str)
    return raw.add(html)


def _dashboard_html(site: Site, src: str) -> str:
    data, register = site.data, site.data.register
    soon, later = data.attention_soon, data.attention_later
    status_counts = views.by_status(register)
    ground_counts = [c for c in views.by_ground(register) if c.count]
    months = views.upcoming_per_month(register, data.today)
    lines, total = views.activity(data.history, register, register.office.tz, DASHBOARD_ACTIVITY)
    # Charts are markup made here from counts and fixed labels; Markup() keeps autoescape off them.
    chart = _chart_memo(register.root)
    status_chart = Markup(chart(
        charts.horizontal_bars, [c.label.split(" (")[0] for c in status_counts], [c.count for c in status_counts],
        [STATUS_COLOR[c.key] for c in status_counts], "Jumlah catatan per status", "rg-status"))
    ground_chart = Markup(chart(
        charts.horizontal_bars, [c.key for c in ground_counts], [c.count for c in ground_counts],
        ["#3f6ea8"] * len(ground_counts), "Jumlah catatan aktif per huruf Pasal 17", "rg-pasal")) if ground_counts else ""
    month_chart = Markup(chart(
        charts.stacked_columns, [m[0] for m in months],
        [charts.Series("Berakhir", tuple(m[1] for m in months), "#e53935"),
         charts.Series("Tinjau ulang", tuple(m[2] for m in months), "#fb8c00")],
        "Tanggal berakhir dan tinjau ulang per bulan, 12 bulan ke depan", "rg-bulan"))
    chart.prune()
    errors = sum(1 for f in data.findings if f.is_error)
    raw = RawHtml()      # blocks the template sets aside go back into its HTML (fill, below)
    html = site.render(
        "dashboard.html.j2", src, raw, rows=site.rows, ended=soon.items(ENDED), overdue=soon.items(OVERDUE),
        expiring30=soon.items(EXPIRING), expiring90=later.items(EXPIRING), soon_days=SOON, later_days=LATER, limit=DASHBOARD_LIST,
        status_counts=status_counts, ground_counts=ground_counts, status_chart=status_chart,
        ground_chart=ground_chart, month_chart=month_chart, activity=lines, activity_total=total,
        errors=errors, warnings=len(data.findings) - errors, total=len(register.records),
        active=len(register.active()), tz_label=fmt.tz_abbreviation(register.office.tz_name),
        backlog=soon.backlog)
    return raw.fill(str(html))


CHART_CACHE = "charts"          # folder in the build cache: each chart's SVG by what it was drawn from


def _chart_memo(root: str):
    """draw(*values) -> SVG, or the SVG drawn before from equal values by the same code and
    libraries (matplotlib is then not even imported). A chart is a pure function of its values."""
    from pathlib import Path

    from registri import cache

    store = cache.Store(cache.cache_folder(Path(root)) / CHART_CACHE)

    def chart(draw, *values) -> str:
        name = f"{cache.digest(cache.code_version(), draw.__name__, repr(values))}.pickle"
        chart.used.append(name)
        return cache.memo(store, name, lambda: draw(*values), str)

    chart.used = []
    chart.prune = lambda: store.prune("*.pickle", chart.used)   # keep only the charts just used
    return chart


def sop_block(site: Site, src: str, raw: RawHtml) -> str:
    register = site.data.register
    diagram = sopdiagram.layout(register.sop, register.office)
    svg = render("sop_diagram.svg.j2", d=diagram)   # autoescaped there; kept as markup here
    svg = Markup(" ".join(line.strip() for line in svg.splitlines() if line.strip()))
    return raw.add(site.render("sop.html.j2", src, raw, sop=register.sop, diagram_svg=svg,
                               people={role: [p.name for p in register.office.staff if p.has_role(role)]
                                       for role in register.sop.role_names}))
