"""The audit trail read from Git: events per record, and the merges that accepted them.

INTERFACE CONTRACT (shared by audit, site and report; keep these names stable):
    load_history(root: Path, ref: str = "HEAD") -> History
History is built from ONE `git log` pass over records/ (GitPython's repo.git), cached by the
head commit id. A folder that is not a Git repository yields an empty History (site and report
still build, showing "belum ada riwayat").
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from registri import __version__, gitlog
from registri.commitmsg import ATASAN, KEY_CHANGE, KEY_COMPLETES, KEY_ROLE, KEY_STEP, canonical_trailers, read_intent
from registri.config import Office, Person, load_office
from registri.errors import ConfigError, GitError
from registri.loader import load_bytes
from registri.paths import CONFIG_NAME
from registri.signing import allowed_signers_file
from registri.sop import Sop, load_sop, sop_file

REPORTED = "dilaporkan"


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_time: dt.datetime          # timezone-aware
    committer_email: str
    committer_time: dt.datetime       # timezone-aware
    subject: str
    trailers: dict[str, tuple[str, ...]]   # e.g. {"Langkah-POS": ("2",), "Pelaksana": ("PPID",)}
    signature: str                    # git's %G? letter: G good, B bad, U untrusted, N none, E cannot check, ...
    files: tuple[str, ...]            # record paths (records/...) the commit touches, vs first parent
    signer: str = ""                  # git's %GS: the allowed-signers principals of the key that signed
    on_main: bool = False             # on main's first-parent line
    imported: bool = False            # made before registri.yaml's mulai_jejak (no trail expected)
    changes: tuple[tuple[str, str], ...] = ()   # (path, A|M|D|T) for each file in `files`
    reported: tuple[str, ...] = ()    # merges: record ids brought to dilaporkan (not dilaporkan on the first parent)
    completed_by: str = ""            # the `Melengkapi:` follow-up commit that supplied missing trailers

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@dataclass(frozen=True)
class Event:
    """One record touched by one commit."""

    record_id: str
    path: str
    commit: Commit
    kind: str                         # "langkah" (SOP step 1-4) | "perubahan" | "impor" | "lain"
    step: int | None                  # 1..4 for kind == "langkah"
    change: str | None                # koreksi | peninjauan | pembukaan for kind == "perubahan"
    person: Person | None             # author mapped through registri.yaml
    role: str | None                  # role key named in Pelaksana (e.g. "ppid")
    status_before: str | None         # None when the record is new in this commit
    status_after: str | None          # None when the record was deleted
    work_minutes: int | None = None   # office working minutes since the previous step (steps 1-5)
    change_type: str = "M"            # A added, M modified, D deleted (git --raw letter)

    @property
    def time(self) -> dt.datetime:
        return self.commit.author_time


@dataclass(frozen=True)
class Acceptance:
    """Step 5: a merge into main by the Atasan PPID, accepting the records it brought to `dilaporkan`."""

    merge: Commit
    person: Person | None
    record_ids: tuple[str, ...]
    work_minutes: dict[str, int] = field(default_factory=dict)   # per record: since its step 4

    @property
    def time(self) -> dt.datetime:
        return self.merge.author_time


@dataclass(frozen=True)
class RecordHistory:
    record_id: str
    events: tuple[Event, ...]          # oldest first
    acceptances: tuple[Acceptance, ...]  # oldest first; the last is the one in force
    imported: bool = False             # committed before registri.yaml's mulai_jejak
    merged: tuple[Commit, ...] = ()    # merges into main that brought changes of it WITHOUT accepting it

    def step(self, number: int) -> Event | None:
        """The (last) event that performed SOP step `number` (1-4)."""
        found = [e for e in self.events if e.kind == "langkah" and e.step == number]
        return found[-1] if found else None

    @property
    def accepted(self) -> Acceptance | None:
        return self.acceptances[-1] if self.acceptances else None


@dataclass(frozen=True)
class BadCompletion:
    """A `Melengkapi:` follow-up commit that supplies nothing: why (Indonesian) it was not applied."""

    sha: str
    author_email: str
    target: str
    reason: str


@dataclass(frozen=True)
class History:
    head: str | None                               # commit id the history was read at
    commits: tuple[Commit, ...]                    # oldest first, only those touching records/
    records: dict[str, RecordHistory]              # by record id
    acceptances: tuple[Acceptance, ...]            # oldest first
    main_ref: str | None = None                    # the branch whose first-parent line is "main"
    trail_start: str | None = None                 # resolved registri.yaml mulai_jejak
    bad_completions: tuple["BadCompletion", ...] = ()   # `Melengkapi:` commits that were not applied
    # The cache key it was read under: every commit id and configuration it was made from ("" when
    # not read from Git). Caches of what is computed from a History key it by this.
    key: str = ""

    def of(self, record_id: str) -> RecordHistory:
        return self.records.get(record_id) or RecordHistory(record_id, (), ())

    @classmethod
    def empty(cls) -> "History":
        return cls(None, (), {}, ())


# Reading the history ---------------------------------------------------------------------
#
# Cost: one `git log` (every record commit, with blob ids), one `git rev-list --first-parent`
# (main's line), one `git rev-list` of the trail start when registri.yaml names one, one
# `git log --grep=^Melengkapi:` for the follow-up commits that complete trailers (Git filters the
# messages), and one `git cat-file --batch` for record versions not seen before. The built History is cached in
# <git dir>/registri-cache/ under a key made of the commit ids and the configuration, and the
# status of every record version (blob) is cached by blob id, which never changes meaning.

CACHE_VERSION = "history-1"
CACHE_DIR = "registri-cache"
KEEP_CACHED = 4

_STATUS = re.compile(rb"^status:[ \t]*[\"']?([A-Za-z_]+)", re.M)
_SOURCE = re.compile(rb"^sumber:(.*\n(?:[ \t]+.*\n?|[ \t]*\n)*)", re.M)
_SOURCE_DATE = re.compile(rb"tanggal:[ \t]*[\"']?(\d{4}-\d{2}-\d{2})")


def blob_facts(data: bytes) -> tuple[str | None, dt.date | None]:
    """(status, sumber.tanggal) of one record version.

    Read with two anchored regular expressions on the raw text: thousands of old versions are
    read per build, and these two top-level fields are all the history needs. A version whose
    fields are not written in the usual block style falls back to the strict loader.
    """
    status = _STATUS.search(data)
    source = _SOURCE.search(data)
    source_date = _SOURCE_DATE.search(source.group(1)) if source else None
    if status and source_date:
        return status.group(1).decode(), _date(source_date.group(1).decode())
    loaded = load_bytes(data, "riwayat")
    if not loaded.ok or not isinstance(loaded.data, dict):
        return (status.group(1).decode() if status else None), None
    found = loaded.data.get("status")
    source_map = loaded.data.get("sumber")
    day = source_map.get("tanggal") if isinstance(source_map, dict) else None
    return (str(found) if found else None), (day if isinstance(day, dt.date) else None)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def record_id_of(path: str) -> str:
    """records/2026/DIK-2026-003.yaml -> DIK-2026-003 (called for every file of every commit,
    hundreds of thousands of times at 10,000 records: remembered)."""
    return path.rpartition("/")[2].rpartition(".")[0]


def load_history(root: Path, ref: str = "HEAD", office: Office | None = None, sop: Sop | None = None,
                 later: list | None = None) -> History:
    """The audit trail at `ref` (see the module docstring). Not a Git repository, or a
    repository without commits: an empty History. `office` and `sop` save reloading them.
    `later`: the cache writes are appended to it (to be called) instead of done now."""
    repo = gitlog.open_repo(root)
    if repo is None:
        return History.empty()
    head = gitlog.resolve(repo, ref)
    if head is None:
        if ref != "HEAD":
            raise GitError(f"'{ref}' bukan commit atau cabang di repositori ini.")
        if gitlog.ref_exists(repo, ref):  # HEAD names a commit that cannot be read: never an empty trail
            raise GitError(f"Commit terakhir (HEAD) tidak dapat dibaca. {gitlog.CORRUPT_HINT}")
        return History.empty()
    office, sop = office or load_office(root), sop or load_sop(root)
    main = gitlog.main_ref(repo)
    main_sha = gitlog.resolve(repo, main) if main else None
    trail_sha = None
    if office.trail_start:
        trail_sha = gitlog.resolve(repo, office.trail_start)
        if trail_sha is None:
            raise ConfigError(f"registri.yaml: mulai_jejak '{office.trail_start}' bukan commit atau tag di repositori ini. "
                              "Tulis id commit atau nama tag yang ada (lihat `git log --oneline`), atau kosongkan.")

    cache = _Cache(gitlog.common_dir(repo) / CACHE_DIR, later)
    key = _cache_key(head, main_sha, trail_sha, root)
    cached = cache.read_history(key)
    if cached is not None:
        return cached

    with allowed_signers_file(office) as signers:
        raws = _read_log(repo, head, signers, cache)
    raws, bad, completed = _apply_completions(raws, gitlog.read_completions(repo, head, KEY_COMPLETES), office)
    mainline = frozenset(gitlog.first_parent_line(repo, main_sha or head))
    before_trail = frozenset(gitlog.rev_list(repo, trail_sha)) if trail_sha else frozenset()

    wanted = {b for raw in raws for c in raw.changes for b in (c.old_blob, c.new_blob)}
    facts = cache.read_blobs()
    missing = [b for b in wanted if b not in facts and b != gitlog.NULL_SHA]
    if missing:
        for blob, data in gitlog.read_blobs(repo, missing):
            facts[blob] = blob_facts(data)
        cache.write_blobs(facts)

    history = _build(raws, facts, mainline, before_trail, office, sop, head, main, trail_sha, completed)
    history = dataclasses.replace(history, bad_completions=bad, key=key)
    cache.write_history(key, history)
    return history


def _read_log(repo, head: str, signers: Path | None, cache: "_Cache") -> list[gitlog.RawCommit]:
    """read_log(head), reading again only the commits not read before: a commit's entry is fixed
    by the commit (and by the signers file, which decides its signature status), so after one new
    commit the pass is a rev-list and one entry, not thousands of diffs."""
    try:
        key = hashlib.sha256(b"\0".join((signers.read_bytes() if signers is not None else b"-",
                                          Path(gitlog.__file__).read_bytes()))).hexdigest()[:16]
    except OSError:
        return gitlog.read_log(repo, head, signers)
    before, known = cache.read_raws(key)
    # One commit on top of the last read: the order is the last one's and the new commits'.
    on_top = gitlog.order_on_top(repo, before, head) if before else None
    order = list(known) + on_top if on_top is not None else gitlog.log_order(repo, head)
    unknown = [sha for sha in order if sha not in known]
    if len(unknown) > len(order) // 2:
        raws = gitlog.read_log(repo, head, signers)        # mostly new: the one pass is cheaper
    else:
        found = {raw.sha: raw for raw in gitlog.read_log(repo, head, signers, only=unknown)}
        raws = [known.get(sha) or found.get(sha) for sha in order]
        if any(raw is None for raw in raws):                # not shown as the whole pass would
            raws = gitlog.read_log(repo, head, signers)
    if unknown or before != head:
        cache.write_raws(key, head, {raw.sha: raw for raw in raws})
    return raws


_OURS = (KEY_STEP, KEY_CHANGE, KEY_ROLE)


def _apply_completions(raws: list[gitlog.RawCommit], completions, office: Office
                       ) -> tuple[list[gitlog.RawCommit], tuple[BadCompletion, ...], dict[str, str]]:
    """Give each commit the trailers its own author supplied later with `Melengkapi: <id>`.

    A completion only ADDS the trailer keys the commit lacks; it never overrides what the commit
    says, and only the commit's own author may make it (the trail stays who did what)."""
    if not completions:
        return raws, (), {}
    by_sha = {raw.sha: raw for raw in raws}
    bad: list[BadCompletion] = []
    supplied: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
    for sha, email, pairs in completions:
        trailers = canonical_trailers(pairs)
        for named in trailers.get(KEY_COMPLETES, ()):
            named = named.strip().lower()
            matches = [s for s in by_sha if len(named) >= 7 and s.startswith(named)]
            if len(matches) != 1:
                bad.append(BadCompletion(sha, email, named, f"commit {named} tidak ada di riwayat catatan"
                                         if not matches else f"id {named} terlalu pendek (cocok dengan beberapa commit)"))
                continue
            target = by_sha[matches[0]]
            own = {k.lower() for k, _ in target.trailers}
            adds = tuple((k, v) for k, values in trailers.items() if k in _OURS and k.lower() not in own for v in values)
            author, completer = office.person_by_email(target.author_email), office.person_by_email(email)
            if author is None or completer is None or author.key != completer.key:
                bad.append(BadCompletion(sha, email, target.sha, f"commit {target.sha[:10]} ditulis oleh "
                                         f"<{target.author_email}>, bukan oleh pembuat commit pelengkap <{email}>"))
            elif len(target.parents) > 1:
                bad.append(BadCompletion(sha, email, target.sha, f"commit {target.sha[:10]} adalah penggabungan; "
                                         "penggabungan tidak dilengkapi"))
            elif not adds:
                bad.append(BadCompletion(sha, email, target.sha, f"commit {target.sha[:10]} sudah membawa trailer "
                                         "yang diberikan; pelengkap hanya boleh menambah trailer yang belum ada"))
            else:
                supplied[target.sha] = (sha, adds)
    fixed = [dataclasses.replace(raw, trailers=raw.trailers + supplied[raw.sha][1]) if raw.sha in supplied else raw
             for raw in raws]
    return fixed, tuple(bad), {target: by for target, (by, _) in supplied.items()}


def _build(raws: list[gitlog.RawCommit], facts: dict, mainline: frozenset[str], before_trail: frozenset[str],
           office: Office, sop: Sop, head: str, main: str | None, trail_sha: str | None,
           completed: dict[str, str] | None = None) -> History:
    from registri.worktime import WorkCalendar  # `holidays` is only needed to build, not in the commit-msg hook

    calendar = WorkCalendar(office)
    completed = completed or {}
    commits: list[Commit] = []
    events: dict[str, list[Event]] = {}
    accepted: dict[str, list[Acceptance]] = {}
    merged: dict[str, list[Commit]] = {}
    acceptances: list[Acceptance] = []
    imported: set[str] = set()
    last_step: dict[tuple[str, int], Event] = {}   # (record id, step) -> latest event of that step
    people: dict[str, Person | None] = {}

    def status(blob: str) -> str | None:
        return facts.get(blob, (None, None))[0]

    for raw in raws:
        reported = _brought_to_reported(raw, status) if len(raw.parents) > 1 else ()
        commit = Commit(
            sha=raw.sha, parents=raw.parents, author_name=raw.author_name, author_email=raw.author_email,
            author_time=raw.author_time, committer_email=raw.committer_email, committer_time=raw.committer_time,
            subject=raw.subject, trailers=canonical_trailers(raw.trailers), signature=raw.signature,
            files=tuple(c.path for c in raw.changes), signer=raw.signer, on_main=raw.sha in mainline,
            imported=raw.sha in before_trail, changes=tuple((c.path, c.change) for c in raw.changes),
            reported=reported, completed_by=completed.get(raw.sha, ""))
        commits.append(commit)
        if raw.author_email not in people:
            people[raw.author_email] = office.person_by_email(raw.author_email)
        person = people[raw.author_email]
        if commit.is_merge:
            if commit.on_main and not commit.imported:
                acceptance = _acceptance(commit, person, raw, status, last_step, calendar)
                if acceptance is not None:
                    acceptances.append(acceptance)
                    for record_id in acceptance.record_ids:
                        accepted.setdefault(record_id, []).append(acceptance)
                taken = acceptance.record_ids if acceptance is not None else ()
                for path in commit.files:
                    if record_id_of(path) not in taken:
                        merged.setdefault(record_id_of(path), []).append(commit)
            continue
        intent = read_intent(commit.trailers, sop)
        for change in raw.changes:
            record_id = record_id_of(change.path)
            if commit.imported:
                kind = "impor"
                imported.add(record_id)
            elif intent.kind == "langkah" and not intent.problems:
                kind = "langkah"
            elif intent.kind == "perubahan" and not intent.problems:
                kind = "perubahan"
            else:
                kind = "lain"
            step = intent.step if kind == "langkah" else None
            minutes = None
            if step is not None:
                minutes = _step_minutes(record_id, step, commit.author_time, facts.get(change.new_blob),
                                        last_step, calendar)
            event = Event(
                record_id=record_id, path=change.path, commit=commit, kind=kind, step=step,
                change=intent.change if kind == "perubahan" else None,
                person=person, role=intent.role,
                status_before=None if change.change == "A" else status(change.old_blob),
                status_after=None if change.change == "D" else status(change.new_blob),
                work_minutes=minutes, change_type=change.change)
            if step is not None:
                last_step[(record_id, step)] = event
            events.setdefault(record_id, []).append(event)

    ids = sorted(set(events) | set(accepted))
    records = {
        record_id: RecordHistory(record_id, tuple(events.get(record_id, ())), tuple(accepted.get(record_id, ())),
                                 imported=record_id in imported, merged=tuple(merged.get(record_id, ())))
        for record_id in ids
    }
    return History(head=head, commits=tuple(commits), records=records, acceptances=tuple(acceptances),
                   main_ref=main, trail_start=trail_sha)


def _step_minutes(record_id: str, step: int, time: dt.datetime, facts, last_step: dict, calendar) -> int | None:
    """Step 1 counts from the start of the working day of `sumber.tanggal` (the disposition or
    covering letter that started the work); steps 2-4 from the previous step's commit."""
    if step == 1:
        source_day = facts[1] if facts else None
        if source_day is None:
            return None
        from registri.worktime import start_of_day

        return calendar.minutes(start_of_day(source_day, calendar.office), time)
    previous = last_step.get((record_id, step - 1))
    return calendar.minutes(previous.time, time) if previous else None


def _brought_to_reported(raw: gitlog.RawCommit, status) -> tuple[str, ...]:
    """Records a merge brings to `dilaporkan`: its result is dilaporkan and its first parent's
    was not (a record already dilaporkan on main, merged again after a review, is not)."""
    return tuple(record_id_of(c.path) for c in raw.changes
                 if c.change != "D" and status(c.new_blob) == REPORTED
                 and (c.change == "A" or status(c.old_blob) != REPORTED))


def _acceptance(commit: Commit, person: Person | None, raw: gitlog.RawCommit, status, last_step: dict,
                calendar) -> Acceptance | None:
    """A merge into main by an Atasan PPID accepts exactly the records it brought to
    `dilaporkan` (commit.reported); the other records it brings are merged only. Whether its
    message is `registri accept`'s or GitHub's merge button's is the audit's concern."""
    if person is None or not person.has_role(ATASAN):
        return None
    record_ids = commit.reported
    if not record_ids:
        return None
    minutes = {}
    for record_id in record_ids:
        step4 = last_step.get((record_id, 4))
        if step4 is not None:
            minutes[record_id] = calendar.minutes(step4.time, commit.author_time)
    return Acceptance(merge=commit, person=person, record_ids=record_ids, work_minutes=minutes)


def _cache_key(head: str, main_sha: str | None, trail_sha: str | None, root: Path) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, __version__, head, main_sha or "-", trail_sha or "-"):
        digest.update(part.encode() + b"\0")
    # Staff, roles, hours and steps shape the History, and so does this code (a changed module
    # must not read a pickle written by its older self).
    here = Path(__file__).parent
    code = tuple(here / name for name in ("history.py", "gitlog.py", "commitmsg.py", "worktime.py"))
    for file in (root / CONFIG_NAME, sop_file(root), *code):
        try:
            digest.update(file.read_bytes())
        except OSError:
            digest.update(b"-")
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class _Cache:
    """Pickles under <git dir>/registri-cache/, written by this code only. A cache that cannot be
    read or written is simply not used."""

    def __init__(self, folder: Path, later: list | None = None) -> None:
        self.folder = folder
        self.later = later       # where writes go to be done later, if given

    def _when_asked(self, write, *args) -> None:
        if self.later is None:
            write(*args)
        else:
            self.later.append(lambda: write(*args))

    def read_history(self, key: str) -> History | None:
        value = self._read(self.folder / f"history-{key}.pickle")
        return value if isinstance(value, History) else None

    def write_history(self, key: str, history: History) -> None:
        self._when_asked(self._write_history, key, history)

    def _write_history(self, key: str, history: History) -> None:
        self._write(self.folder / f"history-{key}.pickle", history)
        olds = sorted(self.folder.glob("history-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in olds[KEEP_CACHED:]:
            with contextlib.suppress(OSError):
                old.unlink()

    def read_raws(self, key: str) -> tuple[str, dict]:
        """The head last read and the log entries read_log gave for it, in its order."""
        value = self._read(self.folder / f"raws-{CACHE_VERSION}-{key}.pickle")
        if isinstance(value, dict) and isinstance(value.get("head"), str) and isinstance(value.get("raws"), dict):
            return value["head"], value["raws"]
        return "", {}

    def write_raws(self, key: str, head: str, raws: dict) -> None:
        """The log entries of the commits last read, in their order, and the head they were read
        at (only one signers file's are kept)."""
        self._when_asked(self._write_raws, key, head, raws)

    def _write_raws(self, key: str, head: str, raws: dict) -> None:
        name = f"raws-{CACHE_VERSION}-{key}.pickle"
        self._write(self.folder / name, {"head": head, "raws": raws})
        for old in self.folder.glob("raws-*.pickle"):
            if old.name != name:
                with contextlib.suppress(OSError):
                    old.unlink()

    def read_blobs(self) -> dict:
        value = self._read(self.folder / f"blobs-{CACHE_VERSION}.pickle")
        return value if isinstance(value, dict) else {}

    def write_blobs(self, facts: dict) -> None:
        self._when_asked(self._write, self.folder / f"blobs-{CACHE_VERSION}.pickle", facts)

    @staticmethod
    def _read(file: Path):
        from registri.cache import collector_paused

        try:
            with file.open("rb") as handle, collector_paused():   # millions of objects: see registri.cache
                return pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def _write(self, file: Path, value) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, file)
        except OSError:
            return
