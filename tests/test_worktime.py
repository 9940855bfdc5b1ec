"""Working-time durations: office hours only, weekends and Indonesian holidays excluded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import copy_register
from registri.config import load_office
from registri.worktime import WorkCalendar, working_minutes

WITA = ZoneInfo("Asia/Makassar")


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=WITA)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return load_office(copy_register(tmp_path_factory.mktemp("office"), with_records=False))


def test_minutes_inside_one_working_day(office) -> None:
    assert working_minutes(at("2026-03-03T09:00"), at("2026-03-03T10:30"), office) == 90


def test_time_outside_office_hours_does_not_count(office) -> None:
    # 16:00 closing to 07:30 opening next morning: nothing; then 30 minutes of Wednesday.
    assert working_minutes(at("2026-03-03T17:00"), at("2026-03-04T07:00"), office) == 0
    assert working_minutes(at("2026-03-03T15:30"), at("2026-03-04T08:00"), office) == 60


def test_weekend_and_independence_day_are_not_working_time(office) -> None:
    # Friday 14 Aug 15:00 -> Tuesday 18 Aug 08:30. Saturday, Sunday and Monday 17 August
    # (Hari Kemerdekaan, from the holidays library) count nothing: 60 + 60 minutes.
    assert working_minutes(at("2026-08-14T15:00"), at("2026-08-18T08:30"), office) == 120


def test_cuti_bersama_from_the_library_is_not_working_time(office) -> None:
    # Friday 20 March 2026 is cuti bersama Idul Fitri (government category of `holidays`).
    assert not WorkCalendar(office).is_working_day(dt.date(2026, 3, 20))
    assert working_minutes(at("2026-03-19T00:00"), at("2026-03-21T00:00"), office) == 0


def test_office_extra_leave_from_registri_yaml(tmp_path: Path) -> None:
    root = copy_register(tmp_path / "r", with_records=False)
    config = (root / "registri.yaml").read_text(encoding="utf-8")
    (root / "registri.yaml").write_text(config.replace("libur_tambahan: []", "libur_tambahan: [2026-08-18]"),
                                        encoding="utf-8")
    office = load_office(root)
    # Same span as above, but Tuesday 18 August is now office leave: only Friday's hour counts.
    assert working_minutes(at("2026-08-14T15:00"), at("2026-08-18T08:30"), office) == 60
    assert working_minutes(at("2026-08-14T15:00"), at("2026-08-19T08:30"), office) == 120


def test_times_in_other_zones_are_read_in_the_office_zone(office) -> None:
    utc = dt.timezone.utc
    # 01:00 UTC = 09:00 WITA; 02:00 UTC = 10:00 WITA.
    start = dt.datetime(2026, 3, 3, 1, 0, tzinfo=utc)
    assert working_minutes(start, start + dt.timedelta(hours=1), office) == 60


def test_end_before_start_counts_nothing(office) -> None:
    assert working_minutes(at("2026-03-03T10:00"), at("2026-03-03T09:00"), office) == 0


def test_a_working_week_has_five_days_of_hours(office) -> None:
    week = working_minutes(at("2026-03-02T00:00"), at("2026-03-09T00:00"), office)
    assert week == 5 * (8 * 60 + 30)
