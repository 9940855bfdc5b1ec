"""Report periods: quarter (2026-T3), semester (2026-S1), year (2026) or a date range.

A period is a closed range of calendar days in the office's time zone. Dates written in records
are already office days; Git times are converted to the office zone before they are compared.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from registri.errors import UsageError

KINDS = ("triwulan", "semester", "tahun", "rentang")
ROMAN = ("I", "II", "III", "IV")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")

_QUARTER = re.compile(r"^(\d{4})-T([1-4])$")
_SEMESTER = re.compile(r"^(\d{4})-S([12])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def tanggal(day: dt.date) -> str:
    """An Indonesian date as written in letters: 26 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date                 # inclusive
    kind: str                    # triwulan | semester | tahun | rentang
    code: str                    # 2026-T3, 2026-S1, 2026, 2026-01-01..2026-03-31

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def contains_time(self, moment: dt.datetime, tz) -> bool:
        """A Git time (timezone-aware) falls on an office day inside the period."""
        return moment.astimezone(tz).date() in self

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def slug(self) -> str:
        """File-name form of the code (a range's '..' becomes '_')."""
        return self.code.replace("..", "_")

    @property
    def name(self) -> str:
        """Indonesian name: 'Triwulan III 2026', 'Semester I 2026', 'Tahun 2026'."""
        year = self.start.year
        if self.kind == "triwulan":
            return f"Triwulan {ROMAN[(self.start.month - 1) // 3]} {year}"
        if self.kind == "semester":
            return f"Semester {ROMAN[(self.start.month - 1) // 6]} {year}"
        if self.kind == "tahun":
            return f"Tahun {year}"
        return f"{tanggal(self.start)} s.d. {tanggal(self.end)}"

    @property
    def span(self) -> str:
        return f"{tanggal(self.start)} s.d. {tanggal(self.end)}"

    def previous(self) -> "Period":
        """The period of the same kind just before (a range: as many days, just before)."""
        if self.kind == "rentang":
            end = self.start - dt.timedelta(days=1)
            return make_range(end - dt.timedelta(days=self.days - 1), end)
        return containing(self.start - dt.timedelta(days=1), self.kind)

    def next(self) -> "Period":
        if self.kind == "rentang":
            start = self.end + dt.timedelta(days=1)
            return make_range(start, start + dt.timedelta(days=self.days - 1))
        return containing(self.end + dt.timedelta(days=1), self.kind)

    def covers(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def quarter(year: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 2), "triwulan", f"{year}-T{number}")


def semester(year: int, number: int) -> Period:
    first = 6 * (number - 1) + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 5), "semester", f"{year}-S{number}")


def year_period(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "tahun", str(year))


def make_range(start: dt.date, end: dt.date) -> Period:
    return Period(start, end, "rentang", f"{start.isoformat()}..{end.isoformat()}")


def containing(day: dt.date, kind: str) -> Period:
    """The quarter, semester or year that holds `day`."""
    if kind == "triwulan":
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind == "semester":
        return semester(day.year, (day.month - 1) // 6 + 1)
    if kind == "tahun":
        return year_period(day.year)
    raise ValueError(kind)


def parse_period(text: str) -> Period:
    """2026-T3 · 2026-S1 · 2026 · 2026-01-01..2026-03-31; anything else is a UsageError."""
    value = text.strip()
    try:
        if match := _QUARTER.match(value):
            return quarter(int(match.group(1)), int(match.group(2)))
        if match := _SEMESTER.match(value):
            return semester(int(match.group(1)), int(match.group(2)))
        if match := _YEAR.match(value):
            return year_period(int(match.group(1)))
        if match := _RANGE.match(value):
            start, end = (dt.date.fromisoformat(g) for g in match.groups())
            if end < start:
                raise UsageError(f"--period: tanggal akhir {end} sebelum tanggal awal {start}; "
                                 "tulis AWAL..AKHIR, mis. 2026-01-01..2026-03-31.")
            return make_range(start, end)
    except ValueError:
        raise UsageError(f"--period: '{text}' berisi tanggal yang tidak ada di kalender.") from None
    raise UsageError(f"--period: '{text}' tidak dikenal. Tulis triwulan (2026-T3), semester (2026-S1), "
                     "tahun (2026) atau rentang tanggal (2026-01-01..2026-03-31).")


def periods_between(first: dt.date, last: dt.date, kind: str) -> list[Period]:
    """Every period of `kind` from the one holding `first` to the one holding `last`."""
    found: list[Period] = []
    current = containing(first, kind)
    while current.start <= last:
        found.append(current)
        current = current.next()
    return found
