"""Report files for the internal site: one report per period with activity, the register's flat
DIK list, and the public DIK.

report_files() returns site-relative paths mapped to their content; the site's MkDocs plugin adds
them to the build. Pages are Markdown (every record value escaped); downloads sit beside them.

The flat DIK list is one file for the whole register (every item with the day it was determined
and, if opened, when and why), linked from every period: a copy per period would repeat nearly
every record in every period and be made again whenever any record changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from registri.errors import RegistriError
from registri.findings import Finding
from registri.history import History
from registri.model import Register
from registri.report.basis import Basis, build_basis
from registri.report.commitfill import Fill, without_commit
from registri.report.compute import compute_report, register_dik
from registri.report.csv_out import render_csv, render_items_csv, table_csv
from registri.report.json_out import render_json
from registri.report.markdown import render_markdown, render_template
from registri.report.pdf import render_pdf
from registri.report.period import Period, periods_between, tanggal
from registri.report.public import (public_dik, render_public_csv, render_public_html, render_public_markdown,
                                    render_public_pdf, render_public_xlsx)
from registri.report.public_json import render_public_json
from registri.report.tables import ITEM_LIST_LIMIT, flat_dik_table
from registri.report.xlsx import render_table_xlsx, render_xlsx

# Label -> file name ending after the period slug (2026-T3.pdf, 2026-T3.json).
DOWNLOADS = (("PDF", ".pdf"), ("XLSX", ".xlsx"), ("CSV", ".csv"), ("CSV daftar informasi", "-informasi.csv"),
             ("JSON", ".json"))
DIK_LIST = "unduh/daftar-dik"          # + .xlsx / .csv, beside the period reports in laporan/
DIK_LIST_LINKS = (("Daftar DIK (XLSX)", f"{DIK_LIST}.xlsx"), ("Daftar DIK (CSV)", f"{DIK_LIST}.csv"))


def activity_days(basis: Basis) -> list[dt.date]:
    days = [d for f in basis.facts for d in (f.determined, f.opened, *f.reviews) if d is not None]
    days += [day for f in basis.facts for day, _ in f.events]
    days += [day for day, _ in basis.acceptances]
    return days


def has_activity(basis: Basis, period: Period, days: list[dt.date]) -> bool:
    return any(period.start <= d <= period.end for d in days)


def site_periods(basis: Basis, today: dt.date) -> list[Period]:
    """The office's report periods (and every year) that have activity, newest first."""
    days = [d for d in activity_days(basis) if d <= today]
    if not days:
        return []
    kinds = dict.fromkeys((basis.register.office.report_period, "tahun"))
    found = [p for kind in kinds for p in periods_between(min(days), today, kind) if has_activity(basis, p, days)]
    return sorted(found, key=lambda p: (p.start, p.kind != "tahun"), reverse=True)


def _audit(register: Register, today: dt.date, history: History | None = None) -> tuple[Finding, ...] | None:
    from registri.audit import run_audit
    try:
        return tuple(run_audit(Path(register.root), today=today, history=history))
    except RegistriError:
        return None        # not a Git repository, or a shallow clone: section IX says so


def compute_all(register: Register, history: History, periods: list[Period], today: dt.date,
                audit_findings: tuple[Finding, ...] | None, basis: Basis) -> list:
    """The report of every period, in order of kind and start, so the period computed last is the
    next one's previous (compute_report's `cores`). In this process: with what every period
    shares read once per basis (basis.py), the 12 periods of the 10,000-record demo took
    1.6-1.8 s in traced rebuilds, and children forked for them cost more in copied pages than they share out (measured:
    a rebuild after one title change, 12.8-13.9 s here against 14.1-14.4 s on two children)."""
    order = sorted(range(len(periods)), key=lambda n: (periods[n].kind, periods[n].start))
    cores: dict = {}
    # No site file shows a period's flat DIK (render_files): it is not computed.
    found = {n: compute_report(register, history, periods[n], today, audit_findings, basis=basis, cores=cores,
                               with_dik=False) for n in order}
    return [found[n] for n in range(len(periods))]


# memo(inputs, makers, fill=None): for each site path, makers[path]() or the file made before from
# equal inputs (the site's build cache keys them by the inputs' repr, the path and the code
# version; registri.site.data), with `fill` applied to what it returns (commitfill.Fill). A file it
# leaves out of its answer comes later, from memo.finish(). `memo.parts`, if it has one, keeps the
# parts of a long PDF between builds (pdfparts.PartStore).
Memo = Callable[..., dict]


@dataclass(frozen=True)
class ReportData:
    """What the site's report files are rendered from: each period with activity and its report,
    the register's flat DIK list and the public DIK (report_data computes it, render_files writes it)."""

    today: dt.date
    periods: tuple[tuple[Period, object], ...]     # (period, its Report), newest first
    dik_list: object                               # tables.Table of register_dik
    public: object                                 # public.PublicDik


def report_data(register: Register, history: History, today: dt.date,
                audit_findings: tuple[Finding, ...] | None = None, run_audit: bool = True) -> ReportData:
    public = public_dik(register, today)
    basis = build_basis(register, history)
    dik_list = _dik_list(basis, today)
    periods = _period_reports(register, history, basis, today, audit_findings, run_audit)
    return ReportData(today, periods, dik_list, public)


def _dik_list(basis: Basis, today: dt.date):
    return flat_dik_table(register_dik(basis, today), f"Daftar Informasi yang Dikecualikan, keadaan per {tanggal(today)}",
                          "Belum ada informasi yang ditetapkan dikecualikan.")


def _period_reports(register: Register, history: History, basis: Basis, today: dt.date,
                    audit_findings: tuple[Finding, ...] | None, run_audit: bool) -> tuple:
    if audit_findings is None and run_audit and history.head:
        audit_findings = _audit(register, today, history)
    periods = site_periods(basis, today)
    return tuple(zip(periods, compute_all(register, history, periods, today, audit_findings, basis)))


def report_files(register: Register, history: History, today: dt.date,
                 audit_findings: tuple[Finding, ...] | None = None, run_audit: bool = True,
                 memo: Memo | None = None) -> dict[str, str | bytes]:
    """render_files(report_data(...)), each part rendered as soon as it is computed: with a memo
    that starts its renders (`memo.start`, registri.site.data), the flat DIK's and the public DIK's
    downloads are being made while the periods are computed."""
    started = getattr(memo, "start", lambda: None)
    basis = build_basis(register, history)
    dik_list = _dik_list(basis, today)
    files = render_dik_list_files(dik_list, today, memo)     # its XLSX is the longest render of a rebuild
    started()
    public = public_dik(register, today)
    files.update(render_public_files(public, memo))
    started()
    periods = _period_reports(register, history, basis, today, audit_findings, run_audit)
    files.update(render_period_files(ReportData(today, periods, dik_list, public), memo))
    return files


def _render_all(inputs, makers: dict[str, Callable[[], "str | bytes"]], fill: Fill | None = None) -> dict:
    """The memo without a cache: every file made now (and filled: see commitfill)."""
    return {path: fill(path, make()) if fill else make() for path, make in makers.items()}


def render_files(data: ReportData, memo: Memo | None = None) -> dict[str, str | bytes]:
    return {**render_public_files(data.public, memo), **render_dik_list_files(data.dik_list, data.today, memo),
            **render_period_files(data, memo)}


def render_period_files(data: ReportData, memo: Memo | None = None) -> dict[str, str | bytes]:
    """Each period's report page and downloads, and the index of reports."""
    rendered = memo or _render_all
    files: dict[str, str | bytes] = {}
    rows = []
    shared_links = dict(DIK_LIST_LINKS)
    for period, report in data.periods:
        slug = period.slug
        # No site file shows a period's flat DIK (`registri report` writes it; the site links the
        # register's one list): rendered and keyed without it, a period's files do not change
        # whenever any item in its DIK does.
        report = dataclasses.replace(report, dik=())
        links = {**{label: f"unduh/{slug}{ending}" for label, ending in DOWNLOADS}, **shared_links}
        # Rendering (PDF above all) costs far more than computing: only a changed report is rendered.
        # Every file holds the commit as text: made for the report without it, the commit filled in
        # (a closed period's files are not made again after each commit; commitfill.py). The memo
        # may call a maker later (after the loop): bind this period's values now.
        keyed, shown, fill = without_commit(report)
        files.update(rendered(("laporan", slug, links, keyed), {
            f"laporan/unduh/{slug}.pdf": lambda shown=shown: render_pdf(shown, compress=False),
            f"laporan/{slug}.md": lambda shown=shown, links=links: render_markdown(shown, links),
            f"laporan/unduh/{slug}.xlsx": lambda shown=shown: render_xlsx(shown),
            f"laporan/unduh/{slug}.csv": lambda shown=shown: render_csv(shown),
            f"laporan/unduh/{slug}-informasi.csv": lambda shown=shown: render_items_csv(shown),
            f"laporan/unduh/{slug}.json": lambda shown=shown: render_json(shown)}, fill))
        rows.append((report, Markup(f"{slug}.md"), {k: Markup(v) for k, v in links.items()}))
    files["laporan/index.md"] = render_template("index.md.j2", rows=rows, dik_list={k: Markup(v) for k, v in shared_links.items()},
                                                dik_count=len(data.dik_list.rows))
    return files


def render_dik_list_files(dik_list, today: dt.date, memo: Memo | None = None) -> dict[str, str | bytes]:
    """The register's flat DIK list (every item, with its determination and any opening)."""
    rendered = memo or _render_all
    return rendered(("daftar-dik", dik_list, today), {
        f"laporan/{DIK_LIST}.xlsx": lambda: render_table_xlsx(dik_list, today),
        f"laporan/{DIK_LIST}.csv": lambda: table_csv(dik_list)})


def render_public_files(dik, memo: Memo | None = None) -> dict[str, str | bytes]:
    """The public DIK's page and files."""
    rendered = memo or _render_all
    parts = getattr(memo, "parts", None)     # where the memo keeps the parts of a long PDF (pdfparts)
    # The PDF first: the longest job starts first, so the others fill the second core meanwhile.
    return rendered(("publik", dik), {
        "publik/dik-publik.pdf": lambda: render_public_pdf(dik, parts),
        "publik/index.md": lambda: render_public_markdown(dik, limit=ITEM_LIST_LIMIT),
        "publik/dik-publik.html": lambda: render_public_html(dik),
        "publik/dik-publik.csv": lambda: render_public_csv(dik),
        "publik/dik-publik.xlsx": lambda: render_public_xlsx(dik),
        "publik/dik-publik.json": lambda: render_public_json(dik)})
