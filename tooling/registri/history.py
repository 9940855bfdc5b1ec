"""The audit trail read from Git: events per record, and the merges that accepted them.

INTERFACE CONTRACT (shared by audit, site and report; keep these names stable):
    load_history(root: Path, ref: str = "HEAD") -> History
History is built from ONE `git log` pass over records/ (GitPython's repo.git), cached by the
head commit id. A folder that is not a Git repository yields an empty History (site and report
still build, showing "belum ada riwayat").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from registri.config import Person


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

    def step(self, number: int) -> Event | None:
        """The (last) event that performed SOP step `number` (1-4)."""
        found = [e for e in self.events if e.kind == "langkah" and e.step == number]
        return found[-1] if found else None

    @property
    def accepted(self) -> Acceptance | None:
        return self.acceptances[-1] if self.acceptances else None


@dataclass(frozen=True)
class History:
    head: str | None                               # commit id the history was read at
    commits: tuple[Commit, ...]                    # oldest first, only those touching records/
    records: dict[str, RecordHistory]              # by record id
    acceptances: tuple[Acceptance, ...]            # oldest first

    def of(self, record_id: str) -> RecordHistory:
        return self.records.get(record_id) or RecordHistory(record_id, (), ())

    @classmethod
    def empty(cls) -> "History":
        return cls(None, (), {}, ())
