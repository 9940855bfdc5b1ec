"""The report's figures: computed from records and history, reconciled, and sensitive to exactly
the facts they describe."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from registri.errors import UsageError
from registri.findings import Finding, Level
from registri.history import History
from registri.report import compute_report, parse_period
from registri.report.json_out import _plain, report_data
from registri.report.period import periods_between
from test_report_support import acceptance, flatten, history_of, sample_register, step_event, with_record

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def register():
    return sample_register()


def trail(register, june_merge: str = "2026-06-15"):
    events = [step_event(register, "DIK-2026-001", n, day, minutes, f"e{n}")
              for n, day, minutes in ((1, "2026-04-06", 20), (2, "2026-04-07", 45), (3, "2026-04-08", 25),
                                      (4, "2026-04-09", 10))]
    merges = [acceptance(register, "m1", "2026-04-02", {"DIK-2025-005": 14, "DIK-2025-007": 40}),
              acceptance(register, "m2", june_merge, {"DIK-2026-001": 12})]
    return history_of(events, merges)


def report_for(register, history, period="2026-T2", audit=None):
    return compute_report(register, history, parse_period(period), TODAY, audit)


def changed(before, after) -> set[str]:
    """Paths (list indices blanked) whose value differs between two reports (the JSON's tree, and
    section XII's item list, which the JSON leaves to the items CSV)."""
    a, b = (flatten({**report_data(r), "items": _plain(r.items)}) for r in (before, after))
    return {re.sub(r"\[\d+\]", "[]", key) for key in set(a) | set(b) if a.get(key, "∅") != b.get(key, "∅")}


def test_every_period_with_the_sample_register_reconciles(register) -> None:
    history = trail(register)
    for period in periods_between(dt.date(2025, 1, 1), TODAY, "triwulan") + [parse_period("2025"), parse_period("2026")]:
        report = compute_report(register, history, period, TODAY)
        s = report.stock
        assert s.at_start + s.added - s.opened == s.at_end, period.code
        assert report.ok, [c for c in report.checks if not c.ok]
        assert sum(c.count for c in s.added_by_test) == s.added
        assert sum(c.count for c in s.opened_by_reason) == s.opened


def test_quarters_chain_end_of_one_is_start_of_next(register) -> None:
    history = trail(register)
    quarters = periods_between(dt.date(2025, 1, 1), dt.date(2026, 9, 30), "triwulan")
    reports = [compute_report(register, history, q, TODAY) for q in quarters]
    for earlier, later in zip(reports, reports[1:]):
        assert earlier.stock.at_end == later.stock.at_start
    year = compute_report(register, history, parse_period("2025"), TODAY)
    assert year.stock.added == sum(r.stock.added for r in reports[:4])
    assert year.stock.at_end == reports[3].stock.at_end


def test_sample_year_figures(register) -> None:
    report = report_for(register, History.empty(), "2026")
    assert (report.stock.at_start, report.stock.added, report.stock.opened, report.stock.at_end) == (6, 7, 1, 12)
    opened = {c.key: c.count for c in report.stock.opened_by_reason}
    assert opened["jangka_waktu_berakhir"] == 1
    assert report.grounds.total_active == 12
    h = next(r for r in report.grounds.rows if r.code == "17h")
    assert h.active == 5
    assert [law.law for law in report.grounds.laws_17j] == ["UU 11/2008"]
    assert len(report.oldest) == 10
    assert report.oldest[0].id == "DIK-2025-004" and report.oldest[0].age_days == (TODAY - dt.date(2025, 6, 16)).days


def test_an_item_with_two_letters_counts_once_in_the_total(register) -> None:
    two = with_record(register, "DIK-2026-003",
                      klasifikasi={**register.by_id()["DIK-2026-003"].data["klasifikasi"], "pasal": ["17h.4", "17i"]})
    before = report_for(register, History.empty(), "2026").grounds
    after = report_for(two, History.empty(), "2026").grounds
    assert after.total_active == before.total_active
    assert after.letters_sum_active == before.letters_sum_active + 1
    assert after.extra_letters_active == before.extra_letters_active + 1
    assert after.reconciles


def test_acceptance_section_lists_merges_and_pending(register) -> None:
    report = report_for(register, trail(register))
    a = report.acceptance
    assert [(m.day.isoformat(), m.record_ids) for m in a.merges] == [
        ("2026-04-02", ("DIK-2025-005", "DIK-2025-007")), ("2026-06-15", ("DIK-2026-001",))]
    assert a.accepted_in_period == 3
    assert a.reported == 6 and a.reported_accepted == 3
    assert {p.id for p in a.pending} == {"DIK-2025-003", "DIK-2025-004", "DIK-2025-006"}
    assert a.reconciles
    assert report.signature.accepted_on == dt.date(2026, 6, 15)
    assert report.signature.accepted_by.name == "Dr. Hendra Wijaya, M.Pd."
    assert report.signature.made_by.name == "Nurul Hasanah, S.Sos."


def test_unaccepted_period_says_belum_diterima(register) -> None:
    report = report_for(register, History.empty(), "2026-T2")
    assert report.signature.accepted_on is None
    assert report.signature.accepted_text.startswith("belum diterima")


def test_sop_time_standards_from_work_minutes(register) -> None:
    timing = report_for(register, trail(register)).timing
    by_step = {s.step: s for s in timing.steps}
    assert (by_step[2].count, by_step[2].median, by_step[2].within, by_step[2].share_within) == (1, 45.0, 0, 0.0)
    five = by_step[5]
    assert (five.count, five.lowest, five.highest, five.median, five.mean, five.within) == (3, 12, 40, 14.0, 22.0, 2)
    assert [(s.record_id, s.step, s.minutes) for s in timing.slowest][:2] == [("DIK-2026-001", 2, 45), ("DIK-2025-007", 5, 40)]
    assert len(timing.slowest) == 5 and timing.consistent


def test_audit_section_counts_commits_signatures_and_findings(register) -> None:
    history = trail(register)
    findings = (Finding("records/x.yaml", None, "AUD003", Level.ERROR, "uji", commit="e2".ljust(40, "0")),
                Finding("records/x.yaml", None, "AUD004", Level.ERROR, "di luar periode", commit="zz".ljust(40, "0")))
    audit = report_for(register, history, audit=findings).audit
    assert (audit.commits, audit.merges, audit.signed, audit.checked) == (6, 2, 0, True)
    assert [(c.key, c.count) for c in audit.findings] == [("AUD003", 1)]
    assert audit.findings[0].label != "AUD003"   # the rule's Indonesian title
    assert report_for(register, history).audit.checked is False


def test_moving_one_merge_changes_exactly_the_acceptance_figures(register) -> None:
    before = report_for(register, trail(register))
    after = report_for(register, trail(register, june_merge="2026-07-01"))
    assert changed(before, after) == {
        "acceptance.merges[].day", "acceptance.merges[].merge", "acceptance.merges[].person",
        "acceptance.merges[].record_ids[]", "acceptance.accepted_in_period",
        # step 5 loses its 12-minute sample; its highest (40) and the five slowest stay
        "timing.steps[].count", "timing.steps[].median", "timing.steps[].mean", "timing.steps[].lowest",
        "timing.steps[].within", "timing.steps[].share_within",
        "audit.commits", "audit.merges",
        "comparison[].current", "comparison[].change",
        "items[].happened", "signature.accepted_on", "signature.accepted_text",
    }
    assert after.acceptance.accepted_in_period == before.acceptance.accepted_in_period - 1
    assert after.signature.accepted_on == dt.date(2026, 7, 1)


def test_opening_one_record_changes_exactly_the_stock_it_leaves(register) -> None:
    record = register.by_id()["DIK-2026-003"]
    opened = with_record(register, "DIK-2026-003", status="dibuka",
                         dibuka={"tanggal": dt.date(2026, 5, 10), "alasan": "persetujuan",
                                 "dasar": "Surat persetujuan peserta nomor 12/2026"})
    before = report_for(register, History.empty())
    after = report_for(opened, History.empty())
    s0, s1 = before.stock, after.stock
    assert (s1.opened, s1.at_end, s1.at_start, s1.added) == (s0.opened + 1, s0.at_end - 1, s0.at_start, s0.added)
    assert after.grounds.total_active == before.grounds.total_active - 1
    assert after.documentation.both == before.documentation.both - 1
    assert record.id in {i.id for i in after.items} and record.id not in {i.id for i in before.items}
    untouched = {"identity", "acceptance", "timing", "audit", "signature", "notes", "previous_period"}
    assert not {path.split(".")[0].split("[")[0] for path in changed(before, after)} & untouched
    assert {p for p in changed(before, after) if p.startswith("stock.")} == {
        "stock.opened", "stock.at_end", "stock.opened_by_reason[].count"}


def test_period_not_started_is_a_usage_error(register) -> None:
    with pytest.raises(UsageError, match="belum dimulai"):
        compute_report(register, History.empty(), parse_period("2027-T1"), TODAY)


def test_a_period_in_progress_is_counted_to_today(register) -> None:
    report = report_for(register, History.empty(), "2026-T4")
    assert report.identity.reference_day == TODAY and not report.identity.complete
    done = report_for(register, History.empty(), "2026-T3")
    assert done.identity.reference_day == dt.date(2026, 9, 30) and done.identity.complete


def test_report_is_frozen(register) -> None:
    report = report_for(register, History.empty())
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.stock.at_end = 0  # type: ignore[misc]


def test_made_by_is_the_ppid_who_did_step_4(register) -> None:
    fajar = next(p for p in register.office.staff if p.key == "fajar")
    history = trail(register)
    events = list(history.records["DIK-2026-001"].events)
    events[3] = dataclasses.replace(events[3], person=fajar)
    from test_report_support import history_of
    changed_history = history_of(events, list(history.acceptances))
    assert report_for(register, changed_history).signature.made_by.name == fajar.name
    assert report_for(register, History.empty()).signature.made_by.name == "Nurul Hasanah, S.Sos."


def test_what_the_periods_share_is_read_once_and_counts_as_each_fact_would(register) -> None:
    # Basis.count_in_dik (bisection) and Basis.touching (the facts dated in a range) stand for a
    # walk over every fact: on every day of the sample's years they give what that walk gives.
    from registri.report.basis import build_basis

    basis = build_basis(register, trail(register))
    assert basis.marks
    day, seen = dt.date(2024, 12, 25), set()
    while day <= dt.date(2027, 1, 5):
        assert basis.count_in_dik(day) == sum(1 for f in basis.facts if f.in_dik(day))
        start = day - dt.timedelta(days=40)
        dated = [f for f in basis.facts if any(start <= d <= day for d in
                 [e for e, _ in f.events] + list(f.reviews) + [f.determined, f.opened] if d is not None)]
        assert basis.touching(start, day) == dated
        seen.add(len(dated))
        day += dt.timedelta(days=1)                      # every day: openings and determinations included
    assert len(seen) > 2                                  # ranges with different facts were tried
