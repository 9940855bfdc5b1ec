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
    """Working days and hours of one office; holiday years are loaded on first use and every
    day's opening and closing moments are remembered (a history build asks thousands of times)."""

    office: Office
    _holidays: dict[int, frozenset[dt.date]] = field(default_factory=dict, repr=False)
    _hours: dict[dt.date, tuple[dt.datetime, dt.datetime] | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.tz = self.office.tz

    def holidays_of(self, year: int) -> frozenset[dt.date]:
        if year not in self._holidays:
            found = holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES)
            self._holidays[year] = frozenset(found.keys())
        return self._holidays[year]

    def holiday_name(self, day: dt.date) -> str | None:
        if day in self.office.work.extra_holidays:
            return "libur tambahan kantor"
        found = holidays.country_holidays("ID", years=day.year, categories=HOLIDAY_CATEGORIES)
        return found.get(day)

    def hours(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """(opening, closing) of `day` in the office's zone, None when it is not a working day."""
        if day not in self._hours:
            work = self.office.work
            working = (day.weekday() in work.weekdays and day not in work.extra_holidays
                       and day not in self.holidays_of(day.year))
            self._hours[day] = (dt.datetime.combine(day, work.start, tzinfo=self.tz),
                                dt.datetime.combine(day, work.end, tzinfo=self.tz)) if working else None
        return self._hours[day]

    def is_working_day(self, day: dt.date) -> bool:
        return self.hours(day) is not None

    def minutes(self, start: dt.datetime, end: dt.datetime) -> int:
        """Working minutes in [start, end); 0 when end is not after start."""
        start, end = _aware(start, self.tz).astimezone(self.tz), _aware(end, self.tz).astimezone(self.tz)
        if end <= start:
            return 0
        total = 0.0
        day, last = start.date(), end.date()
        while day <= last:
            hours = self.hours(day)
            if hours is not None:
                lo = start if start > hours[0] else hours[0]
                hi = end if end < hours[1] else hours[1]
                if hi > lo:
                    total += (hi - lo).total_seconds()
            day += _ONE_DAY
        return int(total // 60)


_ONE_DAY = dt.timedelta(days=1)


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
