"""Office working time: how many working minutes lie between two moments.

The SOP's time standards (30/30/30/15/15 minutes) are working time, so durations count only
the office's working hours (registri.yaml `jam_kerja`) on working days, in the office's time
zone. Days off are weekends (days not in `jam_kerja.hari`), Indonesian public holidays and
collective leave (cuti bersama) from the maintained `holidays` library, and the office's own
`jam_kerja.libur_tambahan`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import holidays

from registri.config import Office

# "public" = national holidays, "government" = cuti bersama decided for civil servants.
HOLIDAY_CATEGORIES = ("public", "government")


@dataclass
class WorkCalendar:
    """Working days and hours of one office; holiday years are loaded on first use."""

    office: Office
    _holidays: dict[int, frozenset[dt.date]] = field(default_factory=dict, repr=False)
    _working: dict[dt.date, bool] = field(default_factory=dict, repr=False)

    def holidays_of(self, year: int) -> frozenset[dt.date]:
        if year not in self._holidays:
            try:
                found = holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES)
            except (NotImplementedError, ValueError, KeyError):  # pragma: no cover - library without categories
                found = holidays.country_holidays("ID", years=year)
            self._holidays[year] = frozenset(found.keys())
        return self._holidays[year]

    def holiday_name(self, day: dt.date) -> str | None:
        if day in self.office.work.extra_holidays:
            return "libur tambahan kantor"
        found = holidays.country_holidays("ID", years=day.year, categories=HOLIDAY_CATEGORIES)
        return found.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        known = self._working.get(day)
        if known is None:
            work = self.office.work
            known = (day.weekday() in work.weekdays and day not in work.extra_holidays
                     and day not in self.holidays_of(day.year))
            self._working[day] = known
        return known

    def day_start(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.office.work.start, tzinfo=self.office.tz)

    def day_end(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.office.work.end, tzinfo=self.office.tz)

    def minutes(self, start: dt.datetime, end: dt.datetime) -> int:
        """Working minutes in [start, end); 0 when end is not after start."""
        tz = self.office.tz
        start, end = _aware(start, tz).astimezone(tz), _aware(end, tz).astimezone(tz)
        if end <= start:
            return 0
        if start.date() == end.date():  # the usual case: a step done the same day
            if not self.is_working_day(start.date()):
                return 0
            lo, hi = max(start, self.day_start(start.date())), min(end, self.day_end(start.date()))
            return int((hi - lo).total_seconds() // 60) if hi > lo else 0
        total = 0.0
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                lo = max(start, self.day_start(day))
                hi = min(end, self.day_end(day))
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += dt.timedelta(days=1)
        return int(total // 60)


def _aware(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """A naive time is read as office time."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def working_minutes(start: dt.datetime, end: dt.datetime, office: Office,
                    calendar: WorkCalendar | None = None) -> int:
    """Office working minutes between `start` and `end` (see module docstring)."""
    return (calendar or WorkCalendar(office)).minutes(start, end)


def start_of_day(day: dt.date, office: Office) -> dt.datetime:
    """Midnight of `day` in the office: counting from here starts at that day's opening hour
    (or the next working day's, when `day` is not a working day)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=office.tz)
