"""Validation of the register: load findings + per-record rules + cross-record rules, waivers applied.

The public entry point is `check(register, today, files)`; `run` returns the same findings plus
the waived ones, for `registri validate --format json`. `run_root` does the same for a register
folder and remembers what it found (registri.cache): checking an unchanged register again reads
one cached result, and after a change only the changed records are read and checked again (the
cross-record rules always look at every record).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

from typing import TYPE_CHECKING

from registri.findings import Finding, sort_findings
from registri.paths import display_path, record_files

if TYPE_CHECKING:
    from registri.catalog import Rule
    from registri.model import Record, Register

# The caches (hashlib, pickle, subprocess) are imported only where a whole register is checked: the
# pre-commit hook gives a few files, which are simply read.
# The rules, the schema and the configuration loader (jsonschema) are imported only when something
# has to be checked: `registri validate` on an unchanged register (the pre-commit hook, CI) answers
# from the cache without them.


@dataclass(frozen=True)
class Result:
    findings: tuple[Finding, ...]   # what stands, sorted by file and line
    waived: tuple[Finding, ...]     # what records validly set aside with abaikan_aturan
    # Errors that are an inherited record's gaps (backlog.py): accepted while it is divalidasi.
    gaps: tuple[Finding, ...] = ()
    backlog: tuple[tuple[str, int], ...] = ()   # inherited records still lacking something: (path, gaps)


# (path, blob id) -> what load_record made of it, spread over RECORD_SHARDS files by path: after
# one record changes only its shard is written again (all in one file: 36 MB at 10,000 records).
RECORD_CACHE = "records-{shard}.pickle"
RECORD_SHARDS = 32
OLD_RECORD_CACHE = "records.pickle"    # the single file of earlier versions, removed when seen
CHECK_CACHE = "checks-{key}.pickle"    # per code/config/day: (path, blob id) -> the record's findings
RESULT_CACHE = "validate-{key}.pickle"  # one whole run, by every input


def run(register: Register, today: dt.date, files: Sequence[Path] | None = None,
        known: dict | None = None, ids: Mapping[str, str] | None = None) -> Result:
    """Check `register` (all records, or the records loaded from `files`) as of `today`.

    `known` (with `ids`, path -> blob id) remembers each record's own findings by its content,
    so an unchanged record is not checked again; the dict is filled in place.
    """
    from registri import backlog
    from registri.rules import BY_CODE, RECORD_CHECKS, Context, consequence_texts, identity, waivers

    ctx = Context.of(register, today)
    catalogue = lru_cache(maxsize=1)(_catalogue)
    kept: list[Finding] = list(register.load_findings)
    waived: list[Finding] = []
    gaps: list[Finding] = []
    open_records: list[tuple[str, int]] = []
    root = Path(register.root)
    # Uniqueness looks at every record file's name, not only the files being validated.
    others = identity.record_file_names(root)
    unique = identity.check_unique(register.records, others)
    unique += consequence_texts.check_repeated(register.records)   # cross-record, like uniqueness
    by_path: dict[str, list[Finding]] = {}
    for f in unique:
        by_path.setdefault(f.path, []).append(f)
    for record in register.records:
        blob = ids.get(record.path) if ids is not None and known is not None else None
        own = known.get((record.path, blob)) if blob else None
        if own is None:
            own = [f for check in RECORD_CHECKS for f in check(record, ctx)]
            if blob:
                known[(record.path, blob)] = own
        found = [*own, *by_path.get(record.path, ())]
        if backlog.is_inherited(record) and (missing := backlog.gaps(record, found)):
            open_records.append((record.path, len(missing)))
        found, record_gaps = backlog.split(record, found)
        gaps.extend(record_gaps)
        outcome = waivers.apply(record, found, BY_CODE, catalogue)
        kept.extend(outcome.kept)
        waived.extend(outcome.waived)
    return Result(tuple(sort_findings(kept)), tuple(sort_findings(waived)), tuple(sort_findings(gaps)),
                  tuple(sorted(open_records)))


def check(register: Register, today: dt.date, files: Sequence[Path] | None = None) -> list[Finding]:
    """Every finding that stands for `register` on `today` (waived findings left out)."""
    return list(run(register, today, files).findings)


def _catalogue() -> "Mapping[str, Rule]":
    """Every tool's rules, for waivers naming another tool's code (e.g. scan's SCN codes).

    A module that cannot be imported where validation runs (a hook environment with fewer
    packages) is skipped rather than turning a waiver into a crash.
    """
    from registri.catalog import RULE_MODULES, all_rules

    try:
        return all_rules()
    except ImportError:
        rules: dict[str, Rule] = {}
        for name in RULE_MODULES:
            try:
                rules.update({r.code: r for r in getattr(importlib.import_module(name), "RULES", ())})
            except ImportError:
                continue
        return rules


def run_root(root: Path, today_arg: str | None, files: Sequence[Path] | None = None) -> tuple[Result, int, dt.date]:
    """`run` for the register in `root`; returns the result, how many files were checked, and the
    day they were checked for (`today_arg` (--today), else the office's date).

    The whole register is checked with caches: the result is kept under a key of every input
    (code version, configuration, the day, the names of the repository's top-level entries — a
    rule looks at them — and the blob id of every record), records and their own findings by
    blob id. A few given files (the pre-commit hook) are simply read: that costs less than any
    cache. ConfigError is raised as by load_register.
    """
    from registri.clock import today as office_today

    if files is not None:
        from registri.config import load_office
        from registri.register import load_register

        today = office_today(load_office(root).tz, today_arg)
        return run(load_register(root, files), today, files), len(files), today
    from registri import cache

    ids = cache.blob_ids(root)
    store = cache.Store(cache.cache_folder(root))
    try:
        entries = tuple(sorted(p.name.lower() for p in root.iterdir()))
    except OSError:
        entries = ()
    config = cache.config_digest(root)
    # The day depends on the office's time zone (registri.yaml, part of `config`): the entry keeps
    # the zone and the day, and is used only when today in that zone is still that day.
    whole = cache.digest(cache.code_version(), config, today_arg or os.environ.get("REGISTRI_TODAY") or "-",
                         str(root), entries, sorted(ids.items()))
    name = RESULT_CACHE.format(key=whole)
    hit = store.read(name, tuple)
    if hit is not None and len(hit) == 4 and isinstance(hit[0], Result):
        result, checked, zone, day = hit
        with contextlib.suppress(Exception):
            if office_today(ZoneInfo(zone), today_arg) == day:
                return result, checked, day
    from registri.config import load_office
    from registri.register import load_register

    office = load_office(root)
    today = office_today(office.tz, today_arg)
    setting = check_setting(root, today, config, entries)
    loaded = read_records(store)
    known = store.read(CHECK_CACHE.format(key=setting), dict) or {}
    load = _cached_loader(loaded, ids, root)
    register = load_register(root, load=load)
    result = run(register, today, known=known, ids=ids)
    checked = len(record_files(root))
    # Only what this run used is kept: the caches grow with the register, not with its history.
    write_records(store, loaded, ids, load.missed)
    store.write(CHECK_CACHE.format(key=setting), {key: value for key, value in known.items() if ids.get(key[0]) == key[1]})
    store.prune("checks-*.pickle", [CHECK_CACHE.format(key=setting)])
    store.write(name, (result, checked, office.tz_name, today))
    store.prune("validate-*.pickle", [name])
    return result, checked, today


def check_setting(root: Path, today: dt.date, config: str | None = None, entries: tuple | None = None) -> str:
    """The key of the per-record findings cache: code, configuration, day, folder and its entries."""
    from registri import cache

    if entries is None:
        try:
            entries = tuple(sorted(p.name.lower() for p in root.iterdir()))
        except OSError:
            entries = ()
    config = cache.config_digest(root) if config is None else config
    return cache.digest(cache.code_version(), config, today.isoformat(), str(root), entries)


def load_register_cached(root: Path) -> tuple[Register, dict[str, str]]:
    """The whole register, reusing records read before (by blob id); also returns the content id
    of every record file (its blob id)."""
    from registri import cache
    from registri.register import load_register

    ids = cache.blob_ids(root)
    store = cache.Store(cache.cache_folder(root))
    loaded = read_records(store)
    load = _cached_loader(loaded, ids, root)
    _read_missing_on_two_cores(load, loaded, ids, root)
    register = load_register(root, load=load)
    write_records(store, loaded, ids, load.missed)
    # A record file Git does not list (ignored) has no blob id: the content id of what was read
    # stands in, so every cache keyed by these ids still follows its content.
    return register, {**ids, **load.unlisted}


PARSE_IN_A_CHILD_FROM = 400     # records not in the cache: fewer are read faster than a child is forked


def _read_missing_on_two_cores(load, loaded: dict, ids: Mapping[str, str], root: Path) -> None:
    """Read the records the cache does not hold, half of them in a forked child (a cold build of
    10,000 records spends most of its start parsing YAML on one core). What the child read joins
    `loaded` as if `load` had read it here: load_register then finds every record in the cache."""
    from registri import cache, forked
    from registri.register import load_record

    code = cache.code_version()
    missing = [(root / path, path, blob) for path, blob in ids.items()
               if path.endswith((".yaml", ".yml")) and (loaded.get((path, blob)) or ("-",))[0] != code]
    if len(missing) < PARSE_IN_A_CHILD_FROM:
        return
    theirs, ours = missing[::2], missing[1::2]

    def read(part) -> dict:
        return {(path, blob): (code, *_as_loaded(load_record(file, root))) for file, path, blob in part
                if file.is_file()}

    child = forked.beside(lambda: read(theirs))
    try:
        mine = read(ours)
    finally:
        found = child.results()[0]
    loaded.update(mine)
    loaded.update(found)
    load.missed.update(path for path, _ in [*mine, *found])


def _as_loaded(result: tuple) -> tuple:
    record, findings = result
    return record, tuple(findings)


def _record_shard(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % RECORD_SHARDS


def read_records(store) -> dict:
    """Every record read before: (path, blob id) -> (code version, record, findings)."""
    loaded: dict = {}
    for shard in range(RECORD_SHARDS):
        loaded.update(store.read(RECORD_CACHE.format(shard=shard), dict) or {})
    return loaded


def write_records(store, loaded: dict, ids: Mapping[str, str], missed: set[str]) -> None:
    """Write again the shards that changed: a record read afresh (`missed`, by path), or an entry
    no longer current (its file changed or is gone). Only what is current is kept."""
    shards: dict[int, dict] = {}
    dirty = {_record_shard(path) for path in missed}
    for key, value in loaded.items():
        shard = _record_shard(key[0])
        if ids.get(key[0]) == key[1]:
            shards.setdefault(shard, {})[key] = value
        else:
            dirty.add(shard)
    for shard in sorted(dirty):
        store.write(RECORD_CACHE.format(shard=shard), shards.get(shard, {}))
    store.prune(OLD_RECORD_CACHE, ())


def _cached_loader(loaded: dict, ids: Mapping[str, str], root: Path):
    """A load_record that answers from `loaded` for a file whose content id it has seen."""
    from registri import cache
    from registri.register import load_record

    code = cache.code_version()

    def load(file: Path, root_: Path) -> tuple[Record | None, list[Finding]]:
        path = display_path(file, root_)
        blob = ids.get(path)
        if blob is None:                   # not under records/ as Git sees it: read it afresh
            try:
                load.unlisted[path] = cache.git_blob_id(file.read_bytes())
            except OSError:
                load.unlisted[path] = "-"
            return load_record(file, root_)
        key = (path, blob)
        hit = loaded.get(key)
        if hit is not None and hit[0] == code:
            return hit[1], list(hit[2])
        record, findings = load_record(file, root_)
        loaded[key] = (code, record, tuple(findings))
        load.missed.add(path)
        return record, findings

    load.missed = set()
    load.unlisted = {}           # path -> content id of files read that Git does not list
    return load

def inherited_note(result: Result) -> str:
    """One sentence about inherited records still lacking something (accepted, not refused)."""
    total = sum(count for _, count in result.backlog)
    return (f"{len(result.backlog)} catatan warisan masih memiliki {total} kekurangan (tunggakan, bukan kesalahan): "
            "lengkapi lewat langkah 2 dan 3; daftarnya ada di `registri attention` dan di situs.")
