"""Pekerjaan saya: the records waiting for a person's step, on every local and remote-tracking
branch, with the working time they have waited against the SOP's standard; for the Atasan PPID,
the branches waiting for acceptance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from registri.config import Office, Person
from registri.gitwrite import MAIN, BranchTip, Workspace
from registri.history import blob_facts
from registri.loader import parse_text
from registri.model import Record, Register, record_from
from registri.paths import RECORDS_DIR
from registri.sop import OPENED, STATUS_ORDER, Sop
from registri.worktime import WorkCalendar

REPORTED = STATUS_ORDER[-1]


@dataclass(frozen=True)
class Located:
    """One record as a branch holds it."""

    record_id: str
    path: str
    branch: str          # as Git names it: "dik/DIK-2026-010" or "origin/dik/DIK-2026-010"
    remote: bool
    status: str | None
    data: bytes


@dataclass(frozen=True)
class Waiting:
    record_id: str
    title: str
    path: str
    branch: str
    remote: bool
    status: str | None
    step: int                    # the SOP step it waits for
    since: dt.datetime | None
    minutes: int | None          # working minutes waited
    standard: int                # the SOP's time standard for that step

    @property
    def late(self) -> bool:
        return self.minutes is not None and self.minutes > self.standard


@dataclass(frozen=True)
class Submission:
    branch: str                  # the branch the Atasan PPID would accept
    remote: bool
    reported: tuple[str, ...]    # records the branch brings to `dilaporkan`
    others: tuple[str, ...]      # other records it changes (reviews, openings, work in progress)
    since: dt.datetime | None
    minutes: int | None
    standard: int


def local_name(branch: str, remote: bool) -> str:
    return branch.split("/", 1)[1] if remote and "/" in branch else branch


def _main_tip(tips: list[BranchTip]) -> BranchTip | None:
    return next((t for t in tips if not t.remote and t.name == MAIN), None) or \
        next((t for t in tips if t.remote and t.name.endswith("/" + MAIN)), None)


def work_branches(ws: Workspace) -> tuple[str | None, list[BranchTip]]:
    """main's name and every other branch that is not yet in main."""
    tips = ws.branch_tips()
    main = _main_tip(tips)
    if main is None:
        return None, []
    others = [t for t in tips if t.name != main.name and local_name(t.name, t.remote) != MAIN
              and t.sha != main.sha and not ws.is_ancestor(t.sha, main.sha)]
    return main.name, others


_SEEN: dict[tuple, tuple[str | None, list[Located]]] = {}   # commits never change: safe to remember
_SINCE: dict[tuple, dict[str, dt.datetime]] = {}


def locate(ws: Workspace, include_main: bool = True) -> tuple[str | None, list[Located]]:
    """Every record the work branches change (and every record on main), with its status there.

    Remembered per set of branch tips (commit ids), so reloading Pekerjaan saya reads nothing
    again until a branch moves."""
    main, branches = work_branches(ws)
    if main is None:
        return None, []
    key = (str(ws.root), include_main, ws.rev(main), tuple(sorted((t.name, t.sha) for t in branches)))
    if key not in _SEEN:
        if len(_SEEN) > 4:
            _SEEN.clear()
        _SEEN[key] = (main, _locate(ws, main, branches, include_main))
    return _SEEN[key]


def _locate(ws: Workspace, main: str, branches: list[BranchTip], include_main: bool) -> list[Located]:
    found: list[Located] = []
    for tip in branches:
        paths = [p for p in ws.changed_between(main, tip.sha, RECORDS_DIR) if p.endswith(".yaml")]
        blobs = ws.read_many([f"{tip.sha}:{path}" for path in paths])
        for path in paths:
            data = blobs.get(f"{tip.sha}:{path}")
            if data is not None:
                found.append(Located(_id_of(path), path, tip.name, tip.remote, blob_facts(data)[0], data))
    if include_main:
        tree = {p: b for p, b in ws.tree_blobs(main, RECORDS_DIR).items() if p.endswith(".yaml")}
        contents = ws.read_blobs(tree.values())
        for path, blob in tree.items():
            data = contents.get(blob)
            if data is not None:
                found.append(Located(_id_of(path), path, main, False, blob_facts(data)[0], data))
    return found


def _id_of(path: str) -> str:
    return path.rsplit("/", 1)[-1][:-5]


def _rank(item: Located, main: str) -> tuple[int, int, int]:
    progress = STATUS_ORDER.index(item.status) if item.status in STATUS_ORDER else (9 if item.status == OPENED else -1)
    return (item.branch != main, progress, 0 if item.remote else 1)


def furthest(items: list[Located], main: str) -> dict[str, Located]:
    """Per record, the branch where it has come furthest (a local branch before its remote copy)."""
    best: dict[str, Located] = {}
    for item in items:
        if item.record_id not in best or _rank(item, main) > _rank(best[item.record_id], main):
            best[item.record_id] = item
    return best


def _title(data: bytes) -> str:
    loaded = parse_text(data.decode("utf-8-sig", errors="replace"), "-")
    value = loaded.data.get("judul") if loaded.ok and isinstance(loaded.data, dict) else None
    return value if isinstance(value, str) else "(judul tidak terbaca)"


def my_steps(person: Person, sop: Sop) -> list[int]:
    return [s.number for s in sop.steps if set(s.roles) & set(person.roles)]


def waiting_for(ws: Workspace, office: Office, sop: Sop, person: Person, now: dt.datetime) -> list[Waiting]:
    """Records whose next SOP step (2-4) is one of the person's steps."""
    mine = set(my_steps(person, sop)) - {1, 5}
    if not mine:
        return []
    main, located = locate(ws)
    calendar = WorkCalendar(office)
    chosen = []
    for item in furthest(located, main or MAIN).values():
        if item.status not in STATUS_ORDER[:-1]:
            continue
        step = STATUS_ORDER.index(item.status) + 2
        if step in mine:
            chosen.append((item, step))
    since_by_branch: dict[str, dict[str, dt.datetime]] = {}
    for branch in {item.branch for item, _ in chosen}:     # one `git log` per branch, remembered
        paths = tuple(sorted(item.path for item, _ in chosen if item.branch == branch))
        key = (str(ws.root), ws.rev(branch), paths)
        if key not in _SINCE:
            if len(_SINCE) > 16:
                _SINCE.clear()
            _SINCE[key] = ws.last_changes(branch, paths)
        since_by_branch[branch] = _SINCE[key]
    out = []
    for item, step in chosen:
        since = since_by_branch[item.branch].get(item.path)
        minutes = calendar.minutes(since, now) if since else None
        out.append(Waiting(item.record_id, _title(item.data), item.path, item.branch, item.remote, item.status,
                           step, since, minutes, sop.step(step).minutes))
    return sorted(out, key=lambda w: (w.step, w.since or now, w.record_id))


def submissions(ws: Workspace, office: Office, sop: Sop, now: dt.datetime) -> list[Submission]:
    """Branches not yet in main that change records: what the Atasan PPID accepts (step 5)."""
    main, branches = work_branches(ws)
    if main is None:
        return []
    calendar = WorkCalendar(office)
    by_name: dict[str, Submission] = {}
    for tip in branches:
        paths = ws.changed_between(main, tip.sha, RECORDS_DIR)
        if not paths:
            continue
        blobs = ws.read_many([f"{tip.sha}:{p}" for p in paths] + [f"{main}:{p}" for p in paths])
        reported, others = [], []
        for path in paths:
            after = blob_facts(blobs[f"{tip.sha}:{path}"])[0] if f"{tip.sha}:{path}" in blobs else None
            before = blob_facts(blobs[f"{main}:{path}"])[0] if f"{main}:{path}" in blobs else None
            record_id = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            (reported if after == REPORTED and before != REPORTED else others).append(record_id)
        if not reported and any(_status_of(blobs.get(f"{tip.sha}:{p}")) in STATUS_ORDER[:-1] for p in paths):
            continue    # work in progress: not yet a submission
        since = ws.last_change(tip.sha, RECORDS_DIR)
        sub = Submission(tip.name, tip.remote, tuple(sorted(reported)), tuple(sorted(others)), since,
                         calendar.minutes(since, now) if since else None, sop.step(5).minutes)
        key = local_name(tip.name, tip.remote)
        if key not in by_name or (by_name[key].remote and not tip.remote and
                                  ws.is_ancestor(by_name[key].branch, tip.sha)):
            by_name[key] = sub
    return sorted(by_name.values(), key=lambda s: (s.since or now, s.branch))


def _status_of(data: bytes | None) -> str | None:
    return blob_facts(data)[0] if data is not None else None


def branch_register(root: Path, ws: Workspace, branch: str, office: Office, sop: Sop) -> Register:
    """The records as `branch` holds them (for a submission report read from main)."""
    from registri.pasal17 import load_pasal17

    paths = ws.ls_records(branch, RECORDS_DIR)
    blobs = ws.read_many([f"{branch}:{p}" for p in paths])
    records: list[Record] = []
    for path in paths:
        data = blobs.get(f"{branch}:{path}")
        if data is None or not path.endswith(".yaml"):
            continue
        loaded = parse_text(data.decode("utf-8-sig", errors="replace"), path)
        if loaded.ok and isinstance(loaded.data, dict):
            records.append(record_from(loaded))
    return Register(root=str(root), office=office, sop=sop, pasal17=load_pasal17(), records=tuple(records))


def find(ws: Workspace, record_id: str, branch: str | None = None) -> Located | None:
    """One record: on `branch` when it is a known branch holding it, else where it has come
    furthest among the branches that change it, else on main. A branch that merely carries the
    record unchanged (another record's koreksi) is not its place: a change made there would be
    accepted together with that other work. Only names Git itself listed are passed to Git."""
    tips = {t.name: t for t in ws.branch_tips()}
    path = f"{RECORDS_DIR}/{record_id[4:8]}/{record_id}.yaml"
    if branch is not None and branch in tips:
        tip = tips[branch]
        data = ws.read_many([f"{tip.sha}:{path}"]).get(f"{tip.sha}:{path}")
        if data is not None:
            return Located(record_id, path, tip.name, tip.remote, blob_facts(data)[0], data)
    main, located = locate(ws)
    if main is None:
        return None
    return furthest([item for item in located if item.record_id == record_id], main).get(record_id)
