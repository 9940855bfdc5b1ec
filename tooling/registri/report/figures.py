"""The report as one tree of frozen dataclasses: every figure, computed, never typed.

Renderers (Markdown, PDF, CSV, XLSX, JSON) only lay these values out; none computes a figure.
Dates are `datetime.date`; counts are `int`; shares are `float` in 0..1 (None when undefined).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str


@dataclass(frozen=True)
class Identity:
    office: str
    office_short: str
    public_body: str
    city: str
    time_zone: str
    period_code: str
    period_name: str
    period_kind: str
    period_start: dt.date
    period_end: dt.date
    reference_day: dt.date         # min(period end, today): the day "at end" figures describe
    complete: bool                 # the period has ended on or before today
    today: dt.date
    commit: str | None             # the commit the history was read at
    sop: str
    ppid: tuple[Signatory, ...]
    atasan_ppid: tuple[Signatory, ...]


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemRef:
    id: str
    title: str
    day: dt.date | None            # the date that matters for the list it is in
    detail: str


@dataclass(frozen=True)
class AcceptanceRow:
    day: dt.date
    merge: str
    person: str
    record_ids: tuple[str, ...]


@dataclass(frozen=True)
class Acceptance:
    merges: tuple[AcceptanceRow, ...]     # merges in the period
    accepted_in_period: int               # records accepted by those merges
    reported: int                         # records whose status is dilaporkan now
    reported_accepted: int
    reported_imported: int                # dilaporkan, committed before the trail started
    pending: tuple[ItemRef, ...]          # dilaporkan, not yet accepted (day: its step 4)
    for_period: int                       # records whose `laporan` lies in this period
    for_period_accepted: int
    reconciles: bool                      # reported == accepted + imported + pending


@dataclass(frozen=True)
class StockFlow:
    at_start: int
    added: int
    opened: int
    at_end: int
    added_by_test: tuple[Count, ...]      # uji_konsekuensi.waktu
    opened_by_reason: tuple[Count, ...]   # dibuka.alasan
    reviewed_items: int
    review_entries: int
    reconciles: bool                      # at_start + added - opened == at_end


@dataclass(frozen=True)
class GroundRow:
    code: str                             # 17h or 17h.4
    level: str                            # huruf | angka
    label: str
    active: int
    new: int


@dataclass(frozen=True)
class LawRow:
    law: str                              # "UU 11/2008"
    about: str
    active: int
    new: int


@dataclass(frozen=True)
class Grounds:
    rows: tuple[GroundRow, ...]
    total_active: int                     # distinct items
    total_new: int
    letters_sum_active: int               # sum over letters (an item with two letters counts twice)
    extra_letters_active: int             # sum over items of (letters - 1)
    laws_17j: tuple[LawRow, ...]
    reconciles: bool                      # letters_sum_active == total_active + extra_letters_active


@dataclass(frozen=True)
class Scope:
    whole: int
    partial: int
    forms: tuple[Count, ...]              # bentuk_layanan, plus "tidak ada"


@dataclass(frozen=True)
class Periods:
    by_type: tuple[Count, ...]
    remaining: tuple[Count, ...]          # fixed terms by time left at the reference day
    expired_still_closed: tuple[ItemRef, ...]   # target 0
    reviews_overdue: tuple[ItemRef, ...]        # target 0
    indefinite_not_allowed: tuple[ItemRef, ...] # tidak_terbatas outside 17g-17j; target 0


@dataclass(frozen=True)
class Documentation:
    softcopy_only: int
    hardcopy_only: int
    both: int
    not_documented: int
    securing_recorded: int
    fingerprints: int
    softcopies: int
    missing: tuple[ItemRef, ...]          # documented stage or later, but a part missing
    # Inherited records (registri/backlog.py) still lacking what the law requires, oldest first.
    backlog_gaps: tuple[Count, ...] = ()  # per gap kind: how many records lack it
    backlog: tuple[ItemRef, ...] = ()     # per record: its gaps


@dataclass(frozen=True)
class StepTiming:
    step: int
    activity: str
    standard: int                         # minutes (sop.yaml waktu)
    count: int
    median: float | None
    mean: float | None
    lowest: int | None
    highest: int | None
    within: int
    share_within: float | None


@dataclass(frozen=True)
class SlowRow:
    record_id: str
    step: int
    minutes: int
    standard: int
    person: str
    day: dt.date


@dataclass(frozen=True)
class Timing:
    steps: tuple[StepTiming, ...]
    slowest: tuple[SlowRow, ...]
    consistent: bool                      # lowest <= median <= highest for every step


@dataclass(frozen=True)
class Audit:
    commits: int
    merges: int
    signed: int
    signed_share: float | None
    findings: tuple[Count, ...]           # by rule code
    checked: bool                         # False when the audit could not be run


@dataclass(frozen=True)
class OldRow:
    id: str
    title: str
    determined_on: dt.date
    age_days: int
    age_text: str
    grounds: str
    next_review: dt.date | None


@dataclass(frozen=True)
class Comparison:
    key: str
    label: str
    current: int
    previous: int
    change: int


@dataclass(frozen=True)
class ItemRow:
    id: str
    title: str
    status: str
    grounds: str
    determined_on: dt.date | None
    opened_on: dt.date | None
    report_period: str
    happened: str                         # what happened to it in the period


@dataclass(frozen=True)
class DikRow:
    """The flat DIK table: one row per item in the DIK during the period (one line per record)."""
    id: str
    title: str
    unit: str
    status: str
    grounds: str                          # "17h.4, 17h.5"
    legal_basis: str                      # as the public DIK words it
    determination_no: str
    determined_on: dt.date | None
    test_no: str
    test_on: dt.date | None
    test_time: str                        # uji_konsekuensi.waktu
    period_type: str
    period_text: str
    period_start: dt.date | None
    period_end: dt.date | None
    review: dt.date | None
    security: str
    partial: bool
    documentation: str                    # softcopy | hardcopy | softcopy dan hardcopy | belum
    report_period: str
    opened_on: dt.date | None
    open_reason: str


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    ok: bool
    detail: str
    target: bool = False                  # a target (shown, exit 0) rather than an arithmetic check


@dataclass(frozen=True)
class Signature:
    place_date: str                       # "Banjarbaru, 26 November 2026"
    made_by: Signatory | None
    accepted_by: Signatory | None
    accepted_on: dt.date | None
    accepted_text: str                    # "diterima 3 Oktober 2026" or "belum diterima"


@dataclass(frozen=True)
class Report:
    identity: Identity
    acceptance: Acceptance
    stock: StockFlow
    grounds: Grounds
    scope: Scope
    periods: Periods
    documentation: Documentation
    timing: Timing
    audit: Audit
    oldest: tuple[OldRow, ...]
    comparison: tuple[Comparison, ...]
    previous_period: str
    items: tuple[ItemRow, ...]
    checks: tuple[Check, ...]
    signature: Signature
    notes: tuple[str, ...]
    dik: tuple[DikRow, ...] = ()          # the flat DIK table (CSV file and XLSX sheet beside the sections)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks if not c.target)
