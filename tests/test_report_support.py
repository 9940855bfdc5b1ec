"""Builders for report tests: History objects made in memory, and a real Git repository.

In-memory histories keep the figure tests fast and exact; the real repository (built with the
audit tests' Trail) checks that the same figures come out of actual `git log` reading.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from conftest import PROJECT
from registri.history import Acceptance, Commit, Event, History, RecordHistory
from registri.model import Record, Register
from registri.register import load_register

WITA = ZoneInfo("Asia/Makassar")


def sample_register() -> Register:
    return load_register(PROJECT)


def moment(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=WITA)


def commit(sha: str, day: str, who: str = "Nurul Hasanah, S.Sos.", parents: tuple[str, ...] = ("p",),
           signature: str = "N", hour: int = 9) -> Commit:
    when = moment(day, hour)
    return Commit(sha=sha.ljust(40, "0"), parents=parents, author_name=who, author_email="x@bpmp-kalsel.example",
                  author_time=when, committer_email="x@bpmp-kalsel.example", committer_time=when,
                  subject="uji", trailers={}, signature=signature, files=())


def person(register: Register, key: str):
    return next(p for p in register.office.staff if p.key == key)


def step_event(register: Register, record_id: str, step: int, day: str, minutes: int | None, sha: str) -> Event:
    statuses = {1: "divalidasi", 2: "diklasifikasi", 3: "didokumentasikan", 4: "dilaporkan"}
    who = person(register, "siti" if step == 3 else "nurul")
    return Event(record_id=record_id, path=f"records/x/{record_id}.yaml", commit=commit(sha, day, who.name),
                 kind="langkah", step=step, change=None, person=who, role="ppid",
                 status_before=statuses.get(step - 1), status_after=statuses[step], work_minutes=minutes)


def acceptance(register: Register, sha: str, day: str, minutes: dict[str, int]) -> Acceptance:
    who = person(register, "hendra")
    merge = commit(sha, day, who.name, parents=("a", "b"), hour=14)
    return Acceptance(merge=merge, person=who, record_ids=tuple(sorted(minutes)), work_minutes=dict(minutes))


def history_of(events: list[Event], acceptances: list[Acceptance], head: str = "c0ffee") -> History:
    by_id: dict[str, list[Event]] = {}
    for event in events:
        by_id.setdefault(event.record_id, []).append(event)
    accepted: dict[str, list[Acceptance]] = {}
    for a in acceptances:
        for rid in a.record_ids:
            accepted.setdefault(rid, []).append(a)
    ids = set(by_id) | set(accepted)
    records = {rid: RecordHistory(rid, tuple(by_id.get(rid, ())), tuple(accepted.get(rid, ()))) for rid in ids}
    commits = {e.commit.sha: e.commit for e in events} | {a.merge.sha: a.merge for a in acceptances}
    ordered = tuple(sorted(commits.values(), key=lambda c: (c.author_time, c.sha)))
    return History(head.ljust(40, "0"), ordered, records, tuple(acceptances))


def with_record(register: Register, record_id: str, **changes) -> Register:
    """The register with one record's top-level fields changed (None removes a field)."""
    records = []
    for record in register.records:
        if record.id == record_id:
            data = {**record.data, **changes}
            data = {k: v for k, v in data.items() if v is not None}
            record = dataclasses.replace(record, data=data)
        records.append(record)
    return dataclasses.replace(register, records=tuple(records))


def flatten(value, prefix: str = "") -> dict[str, object]:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, inner in value.items():
            out.update(flatten(inner, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, inner in enumerate(value):
            out.update(flatten(inner, f"{prefix}[{index}]"))
        return out or {prefix: []}
    return {prefix: value}


def test_flatten_names_every_leaf() -> None:
    assert flatten({"a": {"b": [1, {"c": 2}]}, "d": []}) == {"a.b[0]": 1, "a.b[1].c": 2, "d": []}


def laporan_text(text: str, status: str, period: str = "2026-T1") -> str:
    """Trail writes the template record; a reported record also needs its `laporan` period."""
    return text + f"\nlaporan: {period}\n" if status == "dilaporkan" else text


def record_ids(register: Register) -> list[str]:
    return [r.id for r in register.records]


__all__ = ["Record", "Path", "re"]
