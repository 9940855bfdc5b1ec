"""Report periods: quarter, semester, year and date range; the previous period; bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from registri.errors import UsageError
from registri.report.period import containing, parse_period, periods_between

D = dt.date


@pytest.mark.parametrize("text, start, end, name", [
    ("2026-T3", D(2026, 7, 1), D(2026, 9, 30), "Triwulan III 2026"),
    ("2026-T1", D(2026, 1, 1), D(2026, 3, 31), "Triwulan I 2026"),
    ("2026-S1", D(2026, 1, 1), D(2026, 6, 30), "Semester I 2026"),
    ("2026-S2", D(2026, 7, 1), D(2026, 12, 31), "Semester II 2026"),
    ("2026", D(2026, 1, 1), D(2026, 12, 31), "Tahun 2026"),
    ("2026-01-01..2026-03-31", D(2026, 1, 1), D(2026, 3, 31), "1 Januari 2026 s.d. 31 Maret 2026"),
])
def test_periods_parse(text, start, end, name) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.name, period.code) == (start, end, name, text)


@pytest.mark.parametrize("text, previous", [
    ("2026-T1", "2025-T4"), ("2026-T3", "2026-T2"), ("2026-S1", "2025-S2"), ("2026", "2025"),
    ("2026-04-01..2026-04-10", "2026-03-22..2026-03-31"),
])
def test_previous_period(text, previous) -> None:
    assert parse_period(text).previous().code == previous


@pytest.mark.parametrize("text", ["2026-T5", "2026-Q1", "26", "2026-02-30..2026-03-01", "2026-03-01..2026-02-01", ""])
def test_bad_periods_are_usage_errors_in_indonesian(text) -> None:
    with pytest.raises(UsageError) as caught:
        parse_period(text)
    assert "--period" in caught.value.message


def test_containing_and_between() -> None:
    assert containing(D(2026, 11, 26), "triwulan").code == "2026-T4"
    assert containing(D(2026, 11, 26), "semester").code == "2026-S2"
    assert [p.code for p in periods_between(D(2025, 11, 5), D(2026, 2, 1), "triwulan")] == ["2025-T4", "2026-T1"]


def test_days_inside_and_git_times_in_office_zone() -> None:
    from zoneinfo import ZoneInfo
    period = parse_period("2026-T3")
    assert D(2026, 9, 30) in period and D(2026, 10, 1) not in period
    # 30 September 2026 17:30 UTC is already 1 October 01:30 in Banjarbaru (WITA, UTC+8).
    late = dt.datetime(2026, 9, 30, 17, 30, tzinfo=dt.timezone.utc)
    assert not period.contains_time(late, ZoneInfo("Asia/Makassar"))
    assert period.contains_time(late, ZoneInfo("UTC"))
