"""The in-memory register: records with computed facts, plus the office and its SOP.

Every output (validate, site, report) reads facts from here, so nothing is computed twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from registri.config import Office
from registri.findings import Finding
from registri.loader import Loaded
from registri.pasal17 import Pasal17
from registri.sop import OPENED, STATUS_ORDER, Sop


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def add_years(start: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29 February falls back to 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Record:
    """One exempted-information item as loaded from records/<year>/<id>.yaml."""

    path: str                        # repository-relative, forward slashes
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    # The facts below are read hundreds of thousands of times in a site build of 10,000 records
    # (tables, calendar, reports): each is computed once per record (cached_property writes the
    # instance's __dict__, which a frozen dataclass allows; `data` is never changed after loading).
    # They are not pickled: the caches hold what was loaded, and the facts are made again from it.
    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "data": self.data, "lines": self.lines}

    def get(self, dotted: str, default: Any = None) -> Any:
        value: Any = self.data
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return default
            value = value[part]
        return value

    def line_of(self, dotted: str) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return None

    # Identity -----------------------------------------------------------------
    @cached_property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    @cached_property
    def title(self) -> str:
        return str(self.data.get("judul", ""))

    @property
    def unit(self) -> str:
        return str(self.data.get("unit_penguasa", ""))

    @cached_property
    def status(self) -> str:
        return str(self.data.get("status", ""))

    @cached_property
    def status_rank(self) -> int:
        """1-4 for the SOP statuses, 5 for opened, 0 for unknown."""
        if self.status == OPENED:
            return 5
        return STATUS_ORDER.index(self.status) + 1 if self.status in STATUS_ORDER else 0

    @cached_property
    def year(self) -> int | None:
        """The register year written in the id (DIK-<year>-<nnn>), which is also its folder."""
        parts = self.id.split("-")
        return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None

    @property
    def is_open(self) -> bool:
        """Opened: the item has left the DIK."""
        return self.status == OPENED

    # Classification -----------------------------------------------------------
    @cached_property
    def pasal(self) -> tuple[str, ...]:
        return tuple(self.get("klasifikasi.pasal", []) or [])

    @cached_property
    def letters(self) -> tuple[str, ...]:
        """Distinct Pasal 17 letters, e.g. ('17h',) for [17h.4, 17h.5]."""
        return tuple(dict.fromkeys(code.split(".")[0] for code in self.pasal))

    @cached_property
    def period_type(self) -> str | None:
        return self.get("klasifikasi.jangka_waktu.jenis")

    @cached_property
    def period_start(self) -> dt.date | None:
        return as_date(self.get("klasifikasi.jangka_waktu.mulai"))

    @cached_property
    def period_end(self) -> dt.date | None:
        """The end of a fixed term (as written; rules check it equals start + years)."""
        if self.period_type != "durasi_tetap":
            return None
        return as_date(self.get("klasifikasi.jangka_waktu.berakhir"))

    @property
    def computed_end(self) -> dt.date | None:
        start, years = self.period_start, self.get("klasifikasi.jangka_waktu.tahun")
        if self.period_type != "durasi_tetap" or start is None or not isinstance(years, int):
            return None
        return add_years(start, years)

    @cached_property
    def review_date(self) -> dt.date | None:
        return as_date(self.get("klasifikasi.tinjau_ulang"))

    @cached_property
    def security(self) -> str | None:
        return self.get("klasifikasi.keamanan")

    @cached_property
    def determined_on(self) -> dt.date | None:
        return as_date(self.get("penetapan.tanggal"))

    @cached_property
    def test_date(self) -> dt.date | None:
        return as_date(self.get("uji_konsekuensi.tanggal"))

    @cached_property
    def opened_on(self) -> dt.date | None:
        return as_date(self.get("dibuka.tanggal"))

    @property
    def reviewed_on(self) -> tuple[dt.date, ...]:
        """Dates of the reviews held so far (peninjauan), oldest first."""
        dates = (as_date(r.get("tanggal")) for r in self.data.get("peninjauan", []) or [] if isinstance(r, dict))
        return tuple(sorted(d for d in dates if d is not None))

    @property
    def source_date(self) -> dt.date | None:
        """Date of the step-1 input letter (disposisi or surat pengantar)."""
        return as_date(self.get("sumber.tanggal"))

    @cached_property
    def report_period(self) -> str | None:
        return self.get("laporan")

    @property
    def waived(self) -> dict[str, str]:
        """Rule codes this record waives, with the written reason."""
        return {str(w.get("kode")): str(w.get("alasan", "")) for w in self.data.get("abaikan_aturan", []) or []
                if isinstance(w, dict)}

    # Facts relative to a day ----------------------------------------------------
    def is_expired(self, today: dt.date) -> bool:
        """A fixed term whose end has passed (the item must then be opened)."""
        end = self.period_end
        return end is not None and end < today

    def days_left(self, today: dt.date) -> int | None:
        end = self.period_end
        return None if end is None else (end - today).days

    def review_overdue(self, today: dt.date) -> bool:
        review = self.review_date
        return not self.is_open and review is not None and review < today


@dataclass(frozen=True)
class Register:
    """The whole register: office, SOP, Pasal 17 table, records, and findings from loading."""

    root: str
    office: Office
    sop: Sop
    pasal17: Pasal17
    records: tuple[Record, ...]
    load_findings: tuple[Finding, ...] = ()
    # Records that loaded as YAML but did not pass the schema are kept out of `records`
    # (outputs can trust the shape); their findings are in load_findings.

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}

    def active(self) -> tuple[Record, ...]:
        return tuple(r for r in self.records if not r.is_open)


def record_from(loaded: Loaded) -> Record:
    return Record(path=loaded.path, data=loaded.data, lines=loaded.lines)
