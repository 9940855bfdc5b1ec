"""The figures of sections III-X, each from the basis for one period and one reference day."""

from __future__ import annotations

import datetime as dt
import heapq
import statistics
from collections import Counter
from typing import Iterable

from registri.catalog import all_rules
from registri.findings import Finding
from registri.model import add_years, as_date
from registri.report import labels
from registri.report.basis import Basis, Fact
from registri.report.figures import (Audit, Count, Documentation, GroundRow, Grounds, ItemRef, LawRow,
                                     OldRow, Periods, Scope, SlowRow, StepTiming, StockFlow, Timing)
from registri.report.period import Period

INDEFINITE_LETTERS = ("17g", "17h", "17i", "17j")


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _counts(keys: Iterable[str], names: dict[str, str]) -> tuple[Count, ...]:
    """A row for every known key (zero included, so periods compare), then unknown keys."""
    found = Counter(keys)
    rows = [Count(k, label, found.pop(k, 0)) for k, label in names.items()]
    rows += [Count(k, k, n) for k, n in sorted(found.items())]
    return tuple(rows)


def _ref(fact: Fact, day: dt.date | None, detail: str) -> ItemRef:
    return ItemRef(fact.id, fact.title, day, detail)


def stock_flow(basis: Basis, period: Period, ref: dt.date) -> StockFlow:
    before = period.start - dt.timedelta(days=1)
    at_start, at_end = basis.count_in_dik(before), basis.count_in_dik(ref)
    dated = basis.touching(period.start, ref)      # every fact added, opened or reviewed in the period
    added = [f for f in dated if f.determined is not None and period.start <= f.determined <= ref]
    opened = [f for f in dated if f.opened is not None and period.start <= f.opened <= ref]
    reviewed = {f.id for f in dated
                if any(period.start <= d <= ref for d in f.reviews)
                or any(period.start <= day <= ref and e.change == "peninjauan" for day, e in f.events)}
    entries = sum(1 for f in dated for d in f.reviews if period.start <= d <= ref)
    return StockFlow(
        at_start=at_start, added=len(added), opened=len(opened), at_end=at_end,
        added_by_test=_counts((f.test_time for f in added), labels.TEST_TIME),
        opened_by_reason=_counts((f.open_reason for f in opened), labels.OPEN_REASON),
        reviewed_items=len(reviewed), review_entries=entries,
        reconciles=at_start + len(added) - len(opened) == at_end,
    )


def grounds(basis: Basis, active: list[Fact], new: list[Fact]) -> Grounds:
    pasal17 = basis.register.pasal17
    counts: dict[str, Counter] = {"active": Counter(), "new": Counter()}
    codes = basis.ground_codes
    for name, group in (("active", active), ("new", new)):
        for fact in group:
            counts[name].update(codes[id(fact)])                       # an item counts once per letter
    rows: list[GroundRow] = []
    for letter, ground in sorted(pasal17.grounds.items()):
        code = ground.code
        rows.append(GroundRow(code, "huruf", ground.summary, counts["active"][code], counts["new"][code]))
        for angka in range(1, ground.angka + 1):
            sub = f"{code}.{angka}"
            if counts["active"][sub] or counts["new"][sub]:
                rows.append(GroundRow(sub, "angka", f"{code} angka {angka}", counts["active"][sub], counts["new"][sub]))
    unclassified = [GroundRow("belum", "huruf", labels.NOT_CLASSIFIED, sum(1 for f in active if not f.letters),
                              sum(1 for f in new if not f.letters))]
    letter_rows = [r for r in rows if r.level == "huruf"] + unclassified
    letters_sum = sum(r.active for r in letter_rows)
    extra = sum(max(len(f.letters) - 1, 0) for f in active)
    return Grounds(
        rows=tuple(rows + unclassified), total_active=len(active), total_new=len(new),
        letters_sum_active=letters_sum, extra_letters_active=extra, laws_17j=_laws_17j(active, new),
        reconciles=letters_sum == len(active) + extra,
    )


def _laws_17j(active: list[Fact], new: list[Fact]) -> tuple[LawRow, ...]:
    def laws(fact: Fact) -> dict[str, str]:
        found = {}
        for basis in fact.record.get("klasifikasi.dasar_hukum", []) or []:
            if basis.get("jenis") == "UU" and (basis.get("nomor"), basis.get("tahun")) != (14, 2008):
                found[f"UU {basis.get('nomor')}/{basis.get('tahun')}"] = str(basis.get("tentang", ""))
        return found

    about: dict[str, str] = {}
    n_active: Counter = Counter()
    n_new: Counter = Counter()
    for group, counter in ((active, n_active), (new, n_new)):
        for fact in group:
            if "17j" in fact.letters:
                for law, text in laws(fact).items():
                    counter[law] += 1
                    about[law] = about.get(law) or text
    keys = sorted(about, key=lambda k: (-n_active[k], k))
    return tuple(LawRow(k, about[k], n_active[k], n_new[k]) for k in keys)


def scope(active: list[Fact]) -> Scope:
    partial = sum(1 for f in active if f.partial)
    forms = [form for f in active for form in f.forms]
    none = sum(1 for f in active if not f.forms)
    return Scope(whole=len(active) - partial, partial=partial,
                 forms=_counts(forms, labels.RELEASE_FORM) + (Count("tidak_ada", "Tidak ada bentuk layanan", none),))


def _remaining_bucket(end: dt.date, ref: dt.date) -> str:
    if end < ref:
        return "sudah_berakhir"
    if end <= add_months(ref, 3):
        return "sd_3_bulan"
    if end <= add_months(ref, 12):
        return "3_12_bulan"
    if end <= add_years(ref, 5):
        return "1_5_tahun"
    return "lebih_5_tahun"


def periods(active: list[Fact], ref: dt.date) -> Periods:
    types = [f.period_type or "belum" for f in active]
    remaining = [_remaining_bucket(f.period_end, ref) if f.period_end else "tanpa_tanggal_akhir"
                 for f in active]
    expired = tuple(_ref(f, f.period_end, "jangka waktu berakhir") for f in active
                    if f.period_end is not None and f.period_end < ref)
    overdue = tuple(_ref(f, f.review, "tinjau ulang terlambat") for f in active
                    if f.review is not None and f.review < ref)
    indefinite = tuple(_ref(f, f.determined, ", ".join(f.pasal)) for f in active
                       if f.period_type == "tidak_terbatas"
                       and any(letter not in INDEFINITE_LETTERS for letter in f.letters))
    return Periods(
        by_type=_counts(types, {**labels.PERIOD_TYPE, "belum": labels.NOT_CLASSIFIED}),
        remaining=_counts(remaining, labels.REMAINING),
        expired_still_closed=expired, reviews_overdue=overdue, indefinite_not_allowed=indefinite,
    )


def documentation(active: list[Fact], states: dict[int, tuple]) -> Documentation:
    """`states`: Basis.documentation_states (read once for every period)."""
    soft = hard = both = none = secured = prints = softcopies = 0
    missing: list = []
    for fact in active:
        has_soft, has_hard, is_secured, has_print, lacks = states[id(fact)]
        both += has_soft and has_hard
        soft += has_soft and not has_hard
        hard += has_hard and not has_soft
        none += not (has_soft or has_hard)
        softcopies += has_soft
        secured += is_secured
        prints += has_print
        if fact.status_rank >= 3 and lacks:
            missing.append(_ref(fact, None, lacks))
    return Documentation(soft, hard, both, none, secured, prints, softcopies, tuple(missing))


def timing(basis: Basis, period: Period, ref: dt.date) -> Timing:
    sop = basis.register.sop
    samples: dict[int, list] = {s.number: [] for s in sop.steps}     # step -> its working minutes
    standard = {s.number: s.minutes for s in reversed(sop.steps)}   # sop.step(n): the first step numbered n
    # The slowest rows are chosen from (sort key, then the row's place, then the rest of the row),
    # and made SlowRows only when chosen: a year has tens of thousands of timed steps.
    candidates = []
    times = basis.step_times
    for fact in basis.touching(period.start, ref):    # the facts with an event in the period
        for day, step, minutes, who in times.get(id(fact), ()):
            if step in samples and period.start <= day <= ref:
                samples[step].append(minutes)
                candidates.append((-minutes, day, fact.id, step, len(candidates), standard[step], who))
    for day, acceptance in basis.acceptances:
        if period.start <= day <= ref:
            who = acceptance.person.name if acceptance.person else acceptance.merge.author_name
            for record_id, minutes in sorted(acceptance.work_minutes.items()):
                samples[5].append(minutes)
                candidates.append((-minutes, day, record_id, 5, len(candidates), sop.step(5).minutes, who))
    steps = []
    for step in sop.steps:
        values = sorted(samples[step.number])
        within = sum(1 for v in values if v <= step.minutes)
        steps.append(StepTiming(
            step=step.number, activity=step.activity, standard=step.minutes, count=len(values),
            median=float(statistics.median(values)) if values else None,
            mean=round(statistics.fmean(values), 1) if values else None,
            lowest=values[0] if values else None, highest=values[-1] if values else None,
            within=within, share_within=round(within / len(values), 4) if values else None,
        ))
    # Slowest first, then by day, record and step; ties keep the order found (the place, which
    # is unique, so the rest of a candidate is never compared).
    slowest = tuple(SlowRow(record_id, step, -minutes, std, who, day)
                    for minutes, day, record_id, step, _, std, who in heapq.nsmallest(5, candidates))
    consistent = all(s.count == 0 or (s.lowest <= s.median <= s.highest) for s in steps)
    return Timing(tuple(steps), slowest, consistent)


def audit(basis: Basis, period: Period, ref: dt.date, findings: tuple[Finding, ...] | None) -> Audit:
    commits = [c for day, c in basis.commits if period.start <= day <= ref]
    signed = sum(1 for c in commits if c.signature == "G")
    shas = {c.sha for c in commits}
    by_code = Counter(f.code for f in findings or () if f.commit is None or f.commit in shas)
    titles = {code: rule.title for code, rule in all_rules().items()} if by_code else {}
    return Audit(
        commits=len(commits), merges=sum(1 for c in commits if c.is_merge), signed=signed,
        signed_share=round(signed / len(commits), 4) if commits else None,
        findings=tuple(Count(code, titles.get(code, code), n) for code, n in sorted(by_code.items())),
        checked=findings is not None,
    )


def _age_text(start: dt.date, ref: dt.date) -> str:
    months = (ref.year - start.year) * 12 + ref.month - start.month - (ref.day < start.day)
    years, months = divmod(max(months, 0), 12)
    parts = ([f"{years} tahun"] if years else []) + ([f"{months} bulan"] if months or not years else [])
    return " ".join(parts)


def oldest(active: list[Fact], ref: dt.date, limit: int = 10) -> tuple[OldRow, ...]:
    ordered = sorted((f for f in active if f.determined), key=lambda f: (f.determined, f.id))[:limit]
    return tuple(OldRow(f.id, f.title, f.determined, (ref - f.determined).days,
                        _age_text(f.determined, ref), ", ".join(f.pasal) or labels.NOT_CLASSIFIED,
                        f.review) for f in ordered)


def backlog(basis: Basis, active: list[Fact], ref: dt.date) -> tuple[tuple[Count, ...], tuple[ItemRef, ...]]:
    """The inherited records' gaps on `ref`: per gap kind, and per record oldest first."""
    from dataclasses import replace

    from registri import backlog as inherited

    imported = basis.inherited
    chosen = tuple(f.record for f in active if id(f) in imported and (imported[id(f)] is None or imported[id(f)] <= ref))
    if not chosen:
        return (), ()
    found = inherited.collect(replace(basis.register, records=chosen), ref)
    counts = tuple(Count(kind.key, kind.label, len(entries)) for kind, entries in found.per_kind())
    refs = tuple(ItemRef(e.record.id, e.record.title, e.since, "; ".join(g.kind.label.split(" (")[0] for g in e.gaps))
                 for e in found.entries)
    return counts, refs
