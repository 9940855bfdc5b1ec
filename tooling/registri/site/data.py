"""Everything one site build reads, gathered once: register, history, findings, rules, reports."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator


from registri import cache
from registri.attention import Attention, collect
from registri.catalog import Rule, all_rules
from registri.clock import today as office_today
from registri.errors import RegistriError
from registri.findings import Finding, sort_findings
from registri.history import History, load_history
from registri.model import Register
from registri.report.commitfill import Fill
from registri.report.site import report_files
from registri import forked
from registri.validation import CHECK_CACHE, check_setting, load_register_cached, run

log = logging.getLogger("mkdocs.plugins.registri")

SOON = 30        # days: "segera berakhir" on the dashboard
LATER = 90       # days: the wider horizon


@dataclass(frozen=True)
class SiteData:
    register: Register
    history: History
    history_note: str | None             # why the history is empty, in Indonesian (None when read)
    today: dt.date
    findings: tuple[Finding, ...]        # loading + validation, sorted
    rules: dict[str, Rule]
    attention_soon: Attention            # within SOON days
    attention_later: Attention           # within LATER days
    files: "ReportFiles"                 # the report files (see ReportFiles)
    # A key of everything this data was made from (reports_key): the code version, configuration,
    # day, folder, history and every record's content. None without the build cache. What is made
    # from this data alone (the generated pages) is cached under it.
    key: str | None = None
    # Record file (relative POSIX path) -> the blob id of its content on disk (cache.blob_ids);
    # None without the build cache.
    ids: dict[str, str] | None = None

    @property
    def reports(self) -> dict[str, str | bytes]:
        """Site path -> page text or download bytes (b"" for a download still rendering: `late`)."""
        return self.files.pages()

    @property
    def late(self) -> Callable[[], dict[str, bytes | str]] | None:
        """With load_site_data(defer=True): waits for the downloads still being rendered, stores
        them in the cache and returns them by site path. None when none are."""
        return self.files.late()


class ReportFiles:
    """The report files of one build: the pages, and the downloads (b"" in `pages()` while they
    are rendered). Deferred, both come from a child forked once the register and the history are
    read (forked.staged): the pages first, then the downloads. Meanwhile this process checks the
    records and makes the site's rows, pages and record page keys, on the other core."""

    def __init__(self, files: dict[str, str | bytes] | None = None, stages: "forked.Stages | None" = None) -> None:
        self.files, self.stages = files, stages

    def pages(self) -> dict[str, str | bytes]:
        if self.files is None:
            self.files = self.stages.stage(0)
            if not any(content == b"" for content in self.files.values()):
                self.stages.stage(1)      # nothing to render: the child only stores the set; wait for it
        return self.files

    def late(self) -> Callable[[], dict[str, bytes | str]] | None:
        if self.stages is None or not any(content == b"" for content in self.pages().values()):
            return None
        return lambda: self.stages.stage(1)

    def stop(self) -> None:
        """End the child (a build that failed): nothing is left running."""
        if self.stages is not None:
            self.stages.close()


def read_history(root: Path, register: Register | None = None, later: list | None = None) -> tuple[History, str | None]:
    """The Git history, or an empty one with the reason in Indonesian (e.g. not a repository).
    `later`: see load_history."""
    try:
        if register is not None:
            return load_history(root, office=register.office, sop=register.sop, later=later), None
        return load_history(root, later=later), None
    except RegistriError as exc:
        log.info("registri: riwayat tidak dibaca: %s", exc.message)
        return History.empty(), f"Riwayat Git tidak dapat dibaca: {exc.message}"


def read_history_first(root: Path) -> "tuple[History, str | None] | forked.Then":
    """read_history, for a child: the history is handed back before its cache is written."""
    later: list = []
    found = read_history(root, later=later)
    return forked.Then(found, lambda: [write() for write in later]) if later else found


REPORT_CACHE = "{key}-{file}.pickle"     # in <cache>/reports/: one entry per rendered file
# In <cache>/reports/ too: every report file of one build, by a key of everything the reports are
# computed from (reports_key): site path -> its REPORT_CACHE entry, and the pages made outside the
# memo. A build whose inputs have not changed reads this and computes no report at all.
REPORT_SET = "set-2-{key}.pickle"


def reports_key(root: Path, ids: dict[str, str] | None, history: History, day: dt.date) -> str | None:
    """Everything the site's reports are computed from: the code version, the configuration, the
    day, the folder, the history (its cache key: every commit id it was read at and the
    configuration it was read with; whether the clone is shallow, which the audit refuses) and
    the content of every file under records/ by blob id. None: no key can be made (no blob ids)."""
    if ids is None:
        return None
    shallow = cache.git_output(root, "rev-parse", "--is-shallow-repository")
    return cache.digest("reports-1", cache.code_version(), cache.config_digest(root), day.isoformat(), str(root),
                        history.head or "-", history.key or "-", shallow or "-", sorted(ids.items()))


def cached_reports(store: cache.Store, key: str) -> tuple[dict[str, str | bytes], list[str]] | None:
    """Every report file of the build with inputs `key` and the entries they were read from, or
    None when the set or any of its files is not in the cache."""
    name = REPORT_SET.format(key=key)
    found = store.read(name, tuple)
    if found is None or len(found) != 2 or not isinstance(found[0], dict) or not isinstance(found[1], dict):
        return None
    entries, direct = found
    files: dict[str, str | bytes] = {}
    for path, (entry, fill) in entries.items():
        content = store.read(entry, (str, bytes))
        if content is None or not (fill is None or isinstance(fill, Fill)):
            return None
        files[path] = fill(path, content) if fill else content
    for path, content in direct.items():
        if not isinstance(content, (str, bytes)):
            return None
        files[path] = content
    return files, [name, *(entry for entry, _ in entries.values())]


def remember_reports(store: cache.Store, key: str, files: dict[str, str | bytes], entries: dict[str, str],
                     fills: dict | None = None) -> str:
    """Store the set of report files made for inputs `key` (see cached_reports): each file's entry
    and what fills its commit in (`fills`, by site path), or its content; returns the set's name."""
    name = REPORT_SET.format(key=key)
    fills = fills or {}
    store.write(name, ({path: (entries[path], fills.get(path)) for path in files if path in entries},
                       {path: content for path, content in files.items() if path not in entries}))
    return name


# How long a download takes to render, roughly, in units of a period's PDF; only the order and
# grouping of the render jobs follow it (measured at 10,000 records: the public DIK's PDF 6.8 s, the
# register's flat DIK list in XLSX 3.4 s, a year's XLSX 1.1 s, a period's PDF 0.25 s; since then the
# public PDF is made of kept parts, 5.6 s from nothing and 0.95 s after one item changed, alone).
RENDER_WEIGHTS = (("publik/dik-publik.pdf", 24.0), ("daftar-dik.xlsx", 12.0), (".xlsx", 3.0), (".pdf", 1.0))
LIGHT_RENDER = 0.3
# A download lighter than this is made by the process that waits for the downloads, not in a child
# of its own. A child forked from a process holding the register pays for every page it writes to
# (copy-on-write). Measured at 10,000 records after one title changed: a period's PDF (about 0.06 s
# of drawing) cost its child 7,000-20,000 page faults; with thirty light files in fifteen children
# the build's children spent 3.2 s in the kernel (624,000 page faults), with them made here
# 1.4-1.8 s (390,000-510,000).
FORKED_WEIGHT = 2.0


def render_weight(path: str) -> float:
    return next((weight for ending, weight in RENDER_WEIGHTS if path.endswith(ending)), LIGHT_RENDER)


def report_memo(store: cache.Store):
    """report_files' memo: each rendered file by a hash of the report's data (its repr: dataclasses of
    dates, numbers and text), the code version and the file's path.

    A page (.md) not in the cache is rendered at once: MkDocs needs it. A download not in the
    cache is not: `memo.start()` adds the downloads asked for since its last call to a pool of
    children (forked.Pool: the public DIK's long PDF and its XLSX on different cores) and returns
    at once, `memo.finish()` waits for them all, stores them and returns them. Meanwhile the
    build computes the rest of the reports and renders its pages on the same cores.
    """
    used: list[str] = []
    names: dict[str, str] = {}                # site path -> its entry
    fills: dict[str, object] = {}             # site path -> what fills its commit in (or None)
    pending: list[tuple[str, str, object]] = []      # (entry, site path, maker) not started yet
    started: list[tuple[str, str, object]] = []      # the same, started in `running`'s children
    here: list[tuple[str, str, object]] = []         # the same, light: made in finish(), in this process
    running: list = []                               # the forked.Pool, once started

    def memo(inputs, makers, fill=None):
        # The inputs' repr, not their pickle: equal reports pickle differently when their objects
        # are shared differently (computed here or in a forked child), and a key must follow the
        # values only. A repr holding an object's address never matches: rendered again, never stale.
        # What is stored is the file as made; `fill` (commitfill) is applied to what is returned.
        key = cache.digest(cache.code_version(), repr(inputs))
        files = {}
        for path, make in makers.items():
            name = REPORT_CACHE.format(key=key, file=cache.digest(path)[:16])
            used.append(name)
            names[path] = name
            fills[path] = fill
            hit = store.read(name, (str, bytes))
            if hit is not None:
                files[path] = fill(path, hit) if fill else hit
            elif path.endswith(".md"):
                made = make()
                store.write(name, made)
                files[path] = fill(path, made) if fill else made
            else:
                pending.append((name, path, make))
        return files

    def pending_paths() -> list[str]:
        """The site paths of the files not in the cache: started, kept to make here, or still to start."""
        return [path for _, path, _ in started] + [path for _, path, _ in here] + [path for _, path, _ in pending]

    def start() -> list[str]:
        """Start rendering the files not in the cache and not started yet; returns their site paths.
        Called again, it adds to the same children (report_files starts the public DIK's files
        before the periods are computed). Light files are not forked (see FORKED_WEIGHT): they are
        kept for finish()."""
        pending.sort(key=lambda job: -render_weight(job[1]))     # the long jobs first
        paths = [path for _, path, _ in pending]
        if not paths:
            return []
        if any(path.endswith(".pdf") for path in paths):
            # Read the PDF fonts once here, not once in every child that renders a PDF (DejaVu's
            # two TrueType files take reportlab about 0.4 s each time).
            from registri.report.pdfkit import fonts
            fonts()
        weights = [render_weight(path) for path in paths]
        heavy = [(job, weight) for job, weight in zip(pending, weights) if weight >= FORKED_WEIGHT]
        here.extend(job for job, weight in zip(pending, weights) if weight < FORKED_WEIGHT)
        pending.clear()
        if heavy:
            if not running:
                # In the background: the build's pages come first, the downloads are written at its end.
                running.append(forked.Pool(background=True))
            running[0].add([make for (_, _, make), _ in heavy], [weight for _, weight in heavy])
            started.extend(job for job, _ in heavy)
        return paths

    def kept(name: str, path: str, made, files: dict) -> None:
        """A download made: stored as made, handed back with its commit filled in."""
        store.write(name, made)
        files[path] = fills[path](path, made) if fills[path] else made

    def finish() -> dict:
        start()
        files: dict = {}
        if here:
            forked.in_background()      # the pages are handed back: what is left is needed last
        for name, path, make in here:   # while the children render the long ones
            kept(name, path, make(), files)
            if running:
                running[0].poll()       # a child that ended makes room for the next long one
        here.clear()
        for (name, path, _), made in zip(started, running.pop().results() if running else ()):
            kept(name, path, made, files)
        started.clear()
        return files

    memo.used = used
    memo.parts = store          # the public DIK's PDF parts (report/pdfparts.py), pruned by their renderer
    memo.names = names
    memo.fills = fills
    memo.pending_paths = pending_paths
    memo.start = start
    memo.finish = finish
    return memo


def load_site_data(root: Path, today: str | dt.date | None = None, use_cache: bool = True,
                   defer: bool = False) -> SiteData:
    """Read the register at `root` as of `today` (None: --today, $REGISTRI_TODAY, or the clock).

    With `use_cache`, records, their findings and the rendered reports come from the build cache
    (registri.cache) when their inputs have not changed. With `defer`, downloads not in the cache
    are still being rendered when this returns: `reports` holds b"" for them and `late()` gives them.
    """
    data = _load(root, today, use_cache, defer)
    cache.keep_loaded()     # the register and history live until the build ends: collections skip them
    return data


def _load(root: Path, today: str | dt.date | None, use_cache: bool, defer: bool) -> SiteData:
    store = cache.Store(cache.cache_folder(root)) if use_cache else None
    # The history (Git) is read on one core while the records (YAML) are read and checked on the
    # other: neither needs the other.
    history_job = forked.beside(lambda: read_history_first(root))
    try:
        if store is not None:
            register, ids = load_register_cached(root)
        else:
            from registri.register import load_register
            register, ids = load_register(root), None
        day = office_today(register.office.tz, today)
        # The records are checked while the history is still being read (and handed back from its
        # child): the checks need no history, and this core would otherwise wait for it.
        findings = _findings(store, root, register, day, ids)
    except BaseException:
        history_job.results()
        forked.settle()               # when the register cannot be read or checked: no child left
        raise
    history, note = history_job.results()[0]
    if note is None and not history.commits:
        note = "Belum ada riwayat Git untuk catatan di register ini."
    key = reports_key(root, ids, history, day) if store is not None else None
    files = _reports(store, register, history, day, key, defer)
    if key is not None and note is not None:
        key = cache.digest(key, note)       # the pages say why the history is missing
    return SiteData(
        register=register, history=history, history_note=note, today=day, findings=findings,
        rules=all_rules(), attention_soon=collect(register, day, SOON),
        attention_later=collect(register, day, LATER), files=files, key=key, ids=ids,
    )


def _reports(store: cache.Store | None, register: Register, history: History, day: dt.date,
             key: str | None, defer: bool) -> ReportFiles:
    """The report files; with `defer`, computed and rendered in a child (see ReportFiles)."""
    if store is None:
        return ReportFiles(report_files(register, history, day))
    reports_store = cache.Store(store.folder / "reports")
    hit = cached_reports(reports_store, key) if key is not None else None
    if hit is not None:
        files, entries = hit
        reports_store.prune("*.pickle", entries)
        return ReportFiles(files)
    if defer:
        return ReportFiles(stages=forked.staged(lambda: _report_stages(reports_store, register, history, day, key), 2))
    stages = _report_stages(reports_store, register, history, day, key)
    pages = next(stages)
    return ReportFiles({**pages, **next(stages)})


def _report_stages(reports_store: cache.Store, register: Register, history: History, day: dt.date,
                   key: str | None) -> Iterator[dict[str, str | bytes]]:
    """Yields the report pages (b"" for each download not in the cache), then those downloads,
    rendered meanwhile on every core, stored in the cache."""
    memo = report_memo(reports_store)
    reports = report_files(register, history, day, memo=memo)
    yield {**reports, **dict.fromkeys(memo.pending_paths(), b"")}
    files = memo.finish()         # the renders' children close the pipe of the pages (forked.Stages)
    kept = list(memo.used)
    if key is not None:
        kept.append(remember_reports(reports_store, key, {**reports, **files}, memo.names, memo.fills))
    reports_store.prune("*.pickle", kept)
    yield files


FINDINGS_CACHE = "findings-{key}.pickle"   # the findings of one whole register, by every input


def _findings(store: cache.Store | None, root: Path, register: Register, day: dt.date,
              ids: dict[str, str] | None) -> tuple[Finding, ...]:
    """Loading and validation findings, sorted. With the cache: the whole result by a key of every
    input (the per-record findings key, which covers code, configuration, day and folder, and the
    blob id of every record), else each unchanged record's own findings by its blob id."""
    known = _known_checks(store, root, day)
    whole = None
    if store is not None and known is not None and ids is not None:
        whole = FINDINGS_CACHE.format(key=cache.digest(known.name, sorted(ids.items())))
        hit = store.read(whole, tuple)
        if hit is not None and all(isinstance(f, Finding) for f in hit):
            return hit
    checked = run(register, day, known=known, ids=ids).findings
    if store is not None and known is not None:
        store.write(known.name, {k: v for k, v in known.items() if ids.get(k[0]) == k[1]})
    findings = tuple(sort_findings(set(register.load_findings) | set(checked)))
    if whole is not None:
        store.write(whole, findings)
        store.prune("findings-*.pickle", [whole])
    return findings


class _Known(dict):
    name = ""


def _known_checks(store: cache.Store | None, root: Path, day: dt.date) -> _Known | None:
    """Per-record findings remembered by validation.run_root, under the same key."""
    if store is None:
        return None
    setting = check_setting(root, day)
    known = _Known(store.read(CHECK_CACHE.format(key=setting), dict) or {})
    known.name = CHECK_CACHE.format(key=setting)
    return known
