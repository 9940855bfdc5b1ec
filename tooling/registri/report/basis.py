"""What a report needs from each record and its history, read once and reused for every period.

A site build computes reports for many periods; reading dates and events once keeps that linear.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from registri.history import Acceptance, Event, History, RecordHistory
from registri.model import Record, Register, as_date
from registri.report import dik_text
from registri.report.figures import DikRow
from registri.sop import STATUS_LABEL

_ID = re.compile(r"^DIK-(\d{4})-(\d+)$")


def id_key(record_id: str) -> tuple:
    """DIK-2026-999 sorts before DIK-2026-1000."""
    match = _ID.match(record_id)
    return (int(match.group(1)), int(match.group(2)), record_id) if match else (9999, 0, record_id)


@dataclass(frozen=True)
class Fact:
    record: Record
    history: RecordHistory
    determined: dt.date | None
    opened: dt.date | None                        # never before `determined`
    reviews: tuple[dt.date, ...]                  # peninjauan[].tanggal
    events: tuple[tuple[dt.date, Event], ...]     # office day of each event
    # Record facts read once (a site build computes dozens of periods over the same records).
    pasal: tuple[str, ...] = ()                   # klasifikasi.pasal
    letters: tuple[str, ...] = ()                 # its distinct Pasal 17 letters
    id: str = ""
    title: str = ""
    status: str = ""
    status_rank: int = 0
    report_period: str | None = None
    period_type: str | None = None
    period_end: dt.date | None = None
    review: dt.date | None = None
    test_time: str = ""                           # uji_konsekuensi.waktu
    open_reason: str = ""                         # dibuka.alasan
    partial: bool = False
    forms: tuple[str, ...] = ()                   # bentuk_layanan
    documentation: dict | None = None
    dik_row: DikRow | None = None                 # its row of the flat DIK table (opening left empty)

    def in_dik(self, day: dt.date) -> bool:
        """Determined on or before `day` and not opened by then."""
        return (self.determined is not None and self.determined <= day
                and (self.opened is None or self.opened > day))


def _text(value) -> str:
    return "" if value is None else str(value)


def dik_row_of(r: Record, determined: dt.date | None) -> DikRow:
    """A record's row of the flat DIK table, read once per build; a period adds its opening."""
    return DikRow(
        r.id, r.title, r.unit, STATUS_LABEL.get(r.status, r.status), ", ".join(r.pasal), dik_text.legal_basis(r),
        _text(r.get("penetapan.nomor")), determined, _text(r.get("uji_konsekuensi.nomor")), r.test_date,
        _text(r.get("uji_konsekuensi.waktu")), _text(r.period_type), dik_text.period_text(r) if r.period_type else "",
        r.period_start, r.period_end, r.review_date, _text(r.security),
        r.get("klasifikasi.pengecualian_sebagian") is True, dik_text.documentation_form(r.get("dokumentasi")),
        r.report_period or "", None, "")


@dataclass(frozen=True)
class Basis:
    register: Register
    history: History
    tz: ZoneInfo
    facts: tuple[Fact, ...]                                   # sorted by id
    acceptances: tuple[tuple[dt.date, Acceptance], ...]       # office day of each merge
    commits: tuple[tuple[dt.date, object], ...]               # office day of each commit
    def day_of(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    @cached_property
    def with_report_period(self) -> tuple[Fact, ...]:
        """The facts that name the period they were reported in (`laporan`)."""
        return tuple(f for f in self.facts if f.report_period)

    def count_in_dik(self, day: dt.date) -> int:
        """How many facts are in the DIK on `day` (Fact.in_dik), counted by bisection: an opening
        is never before its determination (build_basis)."""
        determined, left = self._dik_days
        return bisect.bisect_right(determined, day) - bisect.bisect_right(left, day)

    @cached_property
    def _dik_days(self) -> tuple[list[dt.date], list[dt.date]]:
        determined = sorted(f.determined for f in self.facts if f.determined is not None)
        left = sorted(f.opened for f in self.facts if f.determined is not None and f.opened is not None)
        return determined, left

    @cached_property
    def _once(self) -> dict:
        return {}

    def once(self, key, make):
        """make(), computed once for this basis: what every period's figures share."""
        if key not in self._once:
            self._once[key] = make()
        return self._once[key]

    @cached_property
    def step_times(self) -> dict[int, tuple[tuple[dt.date, int, int, str], ...]]:
        """id() of each fact with SOP steps timed -> (office day, step, working minutes, who) of
        each, in the order of its events."""
        found = {}
        for fact in self.facts:
            steps = tuple((day, e.step, e.work_minutes, e.person.name if e.person else e.commit.author_name)
                          for day, e in fact.events if e.kind == "langkah" and e.work_minutes is not None)
            if steps:
                found[id(fact)] = steps
        return found

    @cached_property
    def event_words(self) -> dict[int, tuple[tuple[dt.date, str], ...]]:
        """id() of each fact -> (office day, what happened in words) of each of its events."""
        words = {"langkah": lambda e: f"langkah {e.step}", "perubahan": lambda e: e.change or "perubahan",
                 "impor": lambda e: "diimpor"}
        return {id(f): tuple((day, words.get(e.kind, lambda e: "diubah")(e)) for day, e in f.events) for f in self.facts}

    @cached_property
    def inherited(self) -> dict[int, dt.date | None]:
        """id() of each inherited fact (registri.backlog) -> the day it was imported, if known."""
        from registri.backlog import is_inherited
        return {id(f): as_date(f.record.get("warisan.diimpor")) for f in self.facts if is_inherited(f.record)}

    @cached_property
    def ground_codes(self) -> dict[int, tuple[str, ...]]:
        """id() of each fact -> what it counts once each in the grounds table: its Pasal 17
        letters, and each `angka` it names (17b.1)."""
        return {id(f): f.letters + tuple(code for code in f.pasal if "." in code) for f in self.facts}

    @cached_property
    def documentation_states(self) -> dict[int, tuple[bool, bool, bool, bool, str]]:
        """id() of each fact -> (softcopy, hardcopy, every form secured, softcopy fingerprinted,
        what its documentation lacks), read once for every period."""
        return {id(f): documentation_state(f.documentation or {}) for f in self.facts}

    @cached_property
    def marks(self) -> tuple[tuple[dt.date, int], ...]:
        """Every dated thing of each fact (event, determination, opening, review) as (day, the
        fact's index), sorted: a period's figures look only at the facts dated inside it."""
        found = set()
        for n, fact in enumerate(self.facts):
            days = {day for day, _ in fact.events} | set(fact.reviews) | {fact.determined, fact.opened}
            found.update((day, n) for day in days if day is not None)
        return tuple(sorted(found))

    def touching(self, start: dt.date, end: dt.date) -> list[Fact]:
        """The facts with an event, determination, opening or review from `start` to `end`, in the
        order of `facts`: every fact a period's flow, timing or item list can count (one list per
        range: a period's sections all ask for it; none changes it)."""
        def dated() -> list[Fact]:
            low = bisect.bisect_left(self.marks, (start, -1))
            high = bisect.bisect_right(self.marks, (end, len(self.facts)))
            return [self.facts[n] for n in sorted({n for _, n in self.marks[low:high]})]
        return self.once(("touching", start, end), dated)


def documentation_state(doc: dict) -> tuple[bool, bool, bool, bool, str]:
    has_soft, has_hard = isinstance(doc.get("softcopy"), dict), isinstance(doc.get("hardcopy"), dict)
    forms = [doc[k] for k in ("softcopy", "hardcopy") if isinstance(doc.get(k), dict)]
    is_secured = bool(forms) and all(str(f.get("pengamanan", "")).strip() for f in forms)
    has_print = has_soft and bool(doc["softcopy"].get("sha256"))
    lacks = [what for what, ok in (("bentuk dokumentasi", bool(forms)), ("pengamanan", is_secured),
                                   ("sidik jari SHA-256", has_print or not has_soft)) if not ok]
    return has_soft, has_hard, is_secured, has_print, ", ".join(lacks)


def build_basis(register: Register, history: History) -> Basis:
    tz = register.office.tz
    facts = []
    days: dict[str, dt.date] = {}         # commit id -> its office day: events share their commit's

    def office_day(commit) -> dt.date:
        day = days.get(commit.sha)
        if day is None:
            day = days[commit.sha] = commit.author_time.astimezone(tz).date()
        return day

    for record in sorted(register.records, key=lambda r: id_key(r.id)):
        determined = record.determined_on
        opened = record.opened_on if record.is_open or record.get("dibuka") else None
        if opened is not None and determined is not None and opened < determined:
            opened = determined
        reviews = tuple(sorted(d for d in (as_date(e.get("tanggal")) for e in record.get("peninjauan", []) or []
                                           if isinstance(e, dict)) if d is not None))
        rh = history.of(record.id)
        events = tuple((office_day(e.commit), e) for e in rh.events)
        facts.append(Fact(
            record, rh, determined, opened, reviews, events, record.pasal, record.letters, record.id, record.title,
            record.status, record.status_rank, record.report_period, record.period_type, record.period_end,
            record.review_date, str(record.get("uji_konsekuensi.waktu")), str(record.get("dibuka.alasan")),
            record.get("klasifikasi.pengecualian_sebagian") is True,
            tuple(record.get("klasifikasi.bentuk_layanan") or ()), record.get("dokumentasi") or None,
            dik_row_of(record, determined)))
    acceptances = tuple((a.time.astimezone(tz).date(), a) for a in history.acceptances)
    commits = tuple((office_day(c), c) for c in history.commits)
    return Basis(register, history, tz, tuple(facts), acceptances, commits)
