"""A throwaway register repository with a realistic audit trail, for trying Registri and for benchmarks.

From this repository's registri.yaml and sample records, `build_demo` plays the office's year:
the PPID validates (1), classifies (2) and reports (4), the Pengadministrasi Umum documents (3),
each batch on its own branch, and the Atasan PPID accepts by merging into main (5); later some
items are reviewed (peninjauan) and some opened (pembukaan), each on a branch merged the same way.
Everything happens on working days (registri.yaml `jam_kerja`, Indonesian holidays excluded) in
the office's time zone, and every record ends exactly as its sample file.

With `records=N` the records are synthetic, made from the samples as templates, for benchmarks.

The history is written by ONE `git fast-import` process (thousands of `git commit` processes
would take hours at 10,000 records). Commit ids are deterministic for a seed: names, dates and
contents are all set here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registri import importer, steps
from registri.config import Office, Person, load_office
from registri.errors import UsageError
from registri.loader import load_file
from registri.model import add_years, as_date
from registri.paths import CONFIG_NAME, RECORDS_DIR, display_path, record_files
from registri.sop import OPENED, STATUS_ORDER, Sop, load_sop
from registri.worktime import WorkCalendar

PROJECT = Path(__file__).resolve().parents[2]
# What an office's repository holds besides its records (copied when present).
COPY_FILES = ("registri.yaml", "sop.yaml", ".pre-commit-config.yaml", ".yamllint.yaml", ".gitignore",
              "mkdocs.yml", "pyproject.toml", "README.md")
COPY_DIRS = ("docs", "tooling")
SKIP_PARTS = {"__pycache__", ".pytest_cache", ".registri-cache", "node_modules"}
SKIP_SUFFIXES = (".pyc", ".pyo")
REGIONS = ("Kota Banjarmasin", "Kota Banjarbaru", "Kabupaten Banjar", "Kabupaten Barito Kuala", "Kabupaten Tapin",
           "Kabupaten Hulu Sungai Selatan", "Kabupaten Hulu Sungai Tengah", "Kabupaten Hulu Sungai Utara",
           "Kabupaten Balangan", "Kabupaten Tabalong", "Kabupaten Tanah Laut", "Kabupaten Tanah Bumbu",
           "Kabupaten Kotabaru")


# The plan: commits in time order ---------------------------------------------------------------
@dataclass(frozen=True)
class Author:
    name: str
    email: str


@dataclass(frozen=True)
class Planned:
    """One commit: on `branch` (a new branch starts from main), or a merge of `merges` into main."""

    branch: str
    author: Author
    when: dt.datetime
    message: str
    files: dict[str, bytes] = field(default_factory=dict)
    merges: str | None = None


@dataclass(frozen=True)
class Cast:
    """Who does what in the demo office."""

    ppid: tuple[Person, ...]
    admin: tuple[Person, ...]
    atasan: tuple[Person, ...]
    role_names: dict[str, str]

    @classmethod
    def of(cls, office: Office, sop: Sop) -> "Cast":
        people = {role: office.people_with_role(role) for role in ("ppid", "pengadministrasi_umum", "atasan_ppid")}
        missing = [sop.role_names.get(r, r) for r, found in people.items() if not found]
        if missing:
            raise UsageError(f"Demo butuh minimal satu pegawai untuk setiap peran; di {CONFIG_NAME} belum ada: "
                             f"{', '.join(missing)}.")
        return cls(people["ppid"], people["pengadministrasi_umum"], people["atasan_ppid"], sop.role_names)


def _author(person: Person) -> Author:
    return Author(person.name, person.emails[0])


class Clock:
    """Plausible office moments: working days, working hours, a little randomness."""

    def __init__(self, office: Office, rng: random.Random) -> None:
        self.office, self.rng, self.calendar = office, rng, WorkCalendar(office)
        self.start, self.end = office.work.start, office.work.end

    def workday(self, day: dt.date) -> dt.date:
        """`day` or the next working day."""
        while not self.calendar.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def workday_back(self, day: dt.date) -> dt.date:
        """`day` or the working day before it."""
        while not self.calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def add_workdays(self, day: dt.date, count: int) -> dt.date:
        day = self.workday(day)
        for _ in range(count):
            day = self.workday(day + dt.timedelta(days=1))
        return day

    def at(self, day: dt.date, earliest: dt.time | None = None, latest: dt.time | None = None) -> dt.datetime:
        """A random minute on working day `day` (or the next one) between opening+10 min and closing-30 min."""
        day = self.workday(day)
        lo = _minutes(earliest or self.start) + (0 if earliest else 10)
        hi = _minutes(latest or self.end) - 30
        if hi <= lo:
            hi = lo + 1
        minute = self.rng.randrange(lo, hi)
        second = self.rng.randrange(60)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60, second), tzinfo=self.office.tz)

    def after(self, moment: dt.datetime, low: int, high: int) -> dt.datetime:
        """`low`-`high` minutes later, carried to the next working morning when the office has closed."""
        later = moment + dt.timedelta(minutes=self.rng.randint(low, high), seconds=self.rng.randrange(60))
        closing = dt.datetime.combine(later.date(), self.end, tzinfo=self.office.tz) - dt.timedelta(minutes=10)
        if later.date() == moment.date() and later <= closing and self.calendar.is_working_day(later.date()):
            return later
        return self.at(moment.date() + dt.timedelta(days=1), latest=dt.time(10, 30))


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


# A record's life -------------------------------------------------------------------------------
@dataclass
class Life:
    """The versions one record goes through, and the facts that place them in time."""

    record_id: str
    path: str
    sop_versions: list[str]               # text after step 1, 2, ... (as far as it got)
    earliest: dt.date                     # step 1 not before this (disposition and determination)
    period: str | None                    # report period of step 4
    reviews: list[tuple[dt.date, str]] = field(default_factory=list)    # (date, text after the review)
    opening: tuple[dt.date, str] | None = None                          # (date, final text)

    @property
    def target(self) -> int:
        return len(self.sop_versions)


def _sample_life(text: str, data: dict[str, Any], path: str) -> Life:
    """How a sample record got to its final text: SOP versions, then reviews and the opening."""
    status = data["status"]
    reached = STATUS_ORDER.index("dilaporkan" if status == OPENED else status) + 1
    reviews_data = [r for r in data.get("peninjauan") or [] if isinstance(r, dict)]
    base = text
    if reviews_data:  # before its first review the record named that review's date as tinjau_ulang
        first = as_date(reviews_data[0].get("tanggal"))
        base = re.sub(r"^(  tinjau_ulang:\s*)\S+", lambda m: f"{m.group(1)}{first.isoformat()}", text, count=1, flags=re.M)
    versions = [steps.version_at(base, s) for s in STATUS_ORDER[:reached]]
    sop_final = STATUS_ORDER[reached - 1]
    life = Life(data["id"], path, versions, _earliest(data), data.get("laporan"))
    later = bool(reviews_data) or status == OPENED
    if not later:
        life.sop_versions[-1] = text          # exactly the sample, byte for byte
        return life
    if reviews_data:
        reviewed = steps.with_status(steps.without_sections(text, {"dibuka"}), sop_final)
        if status != OPENED:
            reviewed = text
        life.reviews.append((as_date(reviews_data[-1]["tanggal"]), reviewed))
    if status == OPENED:
        life.opening = (as_date(data["dibuka"]["tanggal"]), text)
    return life


def _earliest(data: dict[str, Any]) -> dt.date:
    days = [as_date(data.get("sumber", {}).get("tanggal")), as_date(data.get("penetapan", {}).get("tanggal"))]
    return max(d for d in days if d is not None)


def _period_bounds(period: str) -> tuple[dt.date, dt.date]:
    year, part = int(period[:4]), period[5:]
    if part.startswith("T"):
        q = int(part[1])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        half = int(part[1])
        start = dt.date(year, 1 if half == 1 else 7, 1)
        end = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return start, end


# Planning batches --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Batch:
    lives: list[Life]
    times: tuple[list[dt.datetime], dt.datetime] | None = None   # steps and merge, when already scheduled

    @property
    def ids(self) -> list[str]:
        return [life.record_id for life in self.lives]


def _batches(lives: list[Life], window_days: int = 21) -> list[Batch]:
    """Records that arrived close together with the same fate go through the steps together."""
    batches: list[Batch] = []
    for life in sorted(lives, key=lambda l: (l.earliest, l.record_id)):
        last = batches[-1] if batches else None
        if (last and last.lives[0].target == life.target and last.lives[0].period == life.period
                and (life.earliest - last.lives[0].earliest).days <= window_days and len(last.lives) < 60):
            last.lives.append(life)
        else:
            batches.append(Batch([life]))
    return batches


CHANGE_ORDER = {"peninjauan": 0, "pembukaan": 1}   # on the same day a review comes before an opening


class Planner:
    def __init__(self, office: Office, sop: Sop, rng: random.Random, today: dt.date) -> None:
        self.office, self.sop, self.rng, self.today = office, sop, rng, today
        self.cast = Cast.of(office, sop)
        self.clock = Clock(office, rng)
        self.commits: list[Planned] = []
        self.branch_names: set[str] = set()
        self.last_merge: dict[str, dt.datetime] = {}     # record id -> its latest merge into main

    def _ppid(self) -> Person:
        people = self.cast.ppid
        return people[0] if len(people) == 1 or self.rng.random() < 0.7 else self.rng.choice(people[1:])

    def _branch(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.branch_names:
            candidate, n = f"{name}-{n}", n + 1
        self.branch_names.add(candidate)
        return candidate

    def _role(self, key: str) -> str:
        return self.cast.role_names[key]

    def _before_today(self, moment: dt.datetime, previous: dt.datetime | None) -> dt.datetime:
        """Nothing may happen on or after 'today': a late step is squeezed in right after the previous one."""
        if moment.date() < self.today:
            return moment
        if previous is None or previous.date() >= self.today:
            raise UsageError(f"Riwayat demo butuh tanggal {moment.date().isoformat()}, yang tidak sebelum hari ini "
                             f"({self.today.isoformat()}). Pakai --today yang lebih akhir.")
        return previous + dt.timedelta(minutes=self.rng.randint(10, 25))

    def _next(self, when: dt.datetime, standard: int) -> dt.datetime:
        """The next step: usually within the SOP's time standard, sometimes later that day or days later."""
        draw = self.rng.random()
        if draw < 0.55:
            return self.clock.after(when, max(5, standard * 2 // 5), standard)
        if draw < 0.85:
            return self.clock.after(when, standard + 1, 240)
        return self.clock.at(self.clock.add_workdays(when.date(), self.rng.randint(1, 3)))

    def schedule(self, earliest: dt.date, target: int, period: str | None,
                 gap_days: tuple[int, ...] = (0, 0, 0, 1)) -> tuple[list[dt.datetime], dt.datetime]:
        """When steps 1..target happen and when the Atasan PPID merges them."""
        start = self.clock.add_workdays(earliest, self.rng.choice(gap_days))
        morning = self.rng.random() < 0.7          # most dispositions are handled first thing
        times: list[dt.datetime] = []
        when = self.clock.at(start, latest=dt.time(9, 15) if morning else dt.time(14, 0))
        for number in range(1, target + 1):
            if number > 1:
                when = self._next(when, self.sop.step(number).minutes)
            if number == 4 and period:
                first_day = _period_bounds(period)[0]
                if when.date() < first_day:
                    when = self.clock.at(self.clock.add_workdays(first_day, self.rng.randint(0, 4)))
            when = self._before_today(when, times[-1] if times else None)
            times.append(when)
        merge_at = self._next(when, self.sop.step(5).minutes)
        if period and merge_at.date() > _period_bounds(period)[1]:
            merge_at = when + dt.timedelta(minutes=self.rng.randint(15, 40))   # accepted within the period
        return times, self._before_today(merge_at, when)

    def batch(self, batch: Batch) -> None:
        """Steps 1..target on one branch, then the Atasan PPID's merge."""
        ids, target = batch.ids, batch.lives[0].target
        times, merge_at = batch.times or self.schedule(max(l.earliest for l in batch.lives), target,
                                                       batch.lives[0].period)
        branch = self._branch(f"dik/{ids[0]}")
        ppid = self._ppid()
        for number, when in enumerate(times[:target], start=1):
            person = self.rng.choice(self.cast.admin) if number == 3 else ppid
            role = "pengadministrasi_umum" if number == 3 else "ppid"
            files = {life.path: life.sop_versions[number - 1].encode("utf-8") for life in batch.lives}
            self.commits.append(Planned(branch, _author(person), when,
                                        steps.step_message(number, ids, self._role(role)), files))
        message = (steps.accept_message(ids, self._role("atasan_ppid")) if target == 4
                   else steps.merge_message(ids, self._role("atasan_ppid")))
        self.commits.append(Planned("main", _author(self.rng.choice(self.cast.atasan)), merge_at, message,
                                    merges=branch))
        for record_id in ids:
            self.last_merge[record_id] = merge_at

    def change(self, kind: str, lives: list[tuple[Life, str]], day: dt.date) -> None:
        """A review or an opening: one commit on its own branch, merged by the Atasan PPID."""
        ids = [life.record_id for life, _ in lives]
        branch = self._branch(f"dik/{kind}-{ids[0]}")
        when = self.clock.at(day, latest=dt.time(14, 30))
        earlier = max(self.last_merge[i] for i in ids)
        if when <= earlier:
            when = self.clock.after(earlier, 20, 90)
        when = self._before_today(when, None)
        files = {life.path: text.encode("utf-8") for life, text in lives}
        self.commits.append(Planned(branch, _author(self._ppid()), when,
                                    steps.change_message(kind, ids, self._role("ppid")), files))
        merge_at = self._before_today(self.clock.after(when, 30, 240), when)
        self.commits.append(Planned("main", _author(self.rng.choice(self.cast.atasan)), merge_at,
                                    steps.merge_message(ids, self._role("atasan_ppid")), merges=branch))
        for record_id in ids:
            self.last_merge[record_id] = merge_at

    def play(self, batches: list[Batch]) -> None:
        for batch in batches:
            self.batch(batch)
        changes: dict[tuple[dt.date, str], list[tuple[Life, str]]] = {}
        for batch in batches:
            for life in batch.lives:
                for day, text in life.reviews:
                    changes.setdefault((self.clock.workday(day), "peninjauan"), []).append((life, text))
                if life.opening:
                    changes.setdefault((self.clock.workday(life.opening[0]), "pembukaan"), []).append((life, life.opening[1]))
        for (day, kind), items in sorted(changes.items(), key=lambda kv: (kv[0][0], CHANGE_ORDER[kv[0][1]])):
            self.change(kind, sorted(items, key=lambda item: item[0].record_id), day)

    def ordered(self) -> list[Planned]:
        """Commits in time order (a branch's commits and then its merge keep their order)."""
        return sorted(self.commits, key=lambda c: c.when)


# Synthetic records ---------------------------------------------------------------------------------
class Synthesizer:
    """N valid records made from the sample records as templates, spread over the last two years."""

    def __init__(self, templates: list[dict[str, Any]], planner: Planner, seed: int) -> None:
        complete = [t for t in templates if t.get("klasifikasi") and t.get("dokumentasi")]
        if not complete:
            raise UsageError("Demo sintetis butuh minimal satu catatan contoh yang lengkap (sampai dokumentasi).")
        self.templates, self.planner, self.seed = complete, planner, seed
        self.office, self.rng, self.today, self.clock = planner.office, planner.rng, planner.today, planner.clock
        self.counters: dict[str, int] = {}

    def _next(self, key: str) -> int:
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]

    def batches(self, count: int) -> list[Batch]:
        first = self.clock.workday(self.today - dt.timedelta(days=730))
        days = []
        day = first
        while day < self.today:
            if self.clock.calendar.is_working_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        days = days[:-5] or days[:1]          # the newest disposition came a week ago
        average = max(3, -(-count // 240))
        sizes: list[int] = []
        while sum(sizes) < count:
            sizes.append(max(1, min(count - sum(sizes), self.rng.randint(max(1, average // 2), average * 3 // 2 + 1))))
        arrivals = sorted(self.rng.choice(days) for _ in sizes)
        return [self._batch(size, arrival) for size, arrival in zip(sizes, arrivals)]

    def _batch(self, size: int, arrival: dt.date) -> Batch:
        times, merge_at = self.planner.schedule(arrival, 4, None)
        target = 4
        age = (self.today - arrival).days
        if age <= 14:   # recent arrivals are still in progress
            target = self.rng.randint(1, 3)
            merge_at = self.planner._before_today(self.clock.after(times[target - 1], 30, 240), times[target - 1])
        kind = self.office.report_period if self.office.report_period in ("triwulan", "semester") else "semester"
        period = steps.report_period(times[3].date(), kind) if target == 4 else None
        template_group = self.rng.choice(self.templates)
        lives = []
        for _ in range(size):
            template = template_group if self.rng.random() < 0.6 else self.rng.choice(self.templates)
            lives.append(self._life(template, arrival, target, period, merge_at))
        return Batch(lives, (times[:target], merge_at))

    def _life(self, template: dict[str, Any], arrival: dt.date, target: int, period: str | None,
              merged: dt.datetime) -> Life:
        year = arrival.year
        number = self._next(f"id-{year}")
        record_id = f"DIK-{year}-{number:03d}"
        decided = arrival - dt.timedelta(days=self.rng.randint(0, 3))
        tested = decided - dt.timedelta(days=self.rng.randint(1, 7))
        region = self.rng.choice(REGIONS)
        data: dict[str, Any] = {
            "id": record_id,
            "judul": f"{_year_swap(template['judul'], year)} ({region}, berkas {number})",
            "uraian": _year_swap(template["uraian"], year),
            "unit_penguasa": template["unit_penguasa"],
            "status": "divalidasi",
            "sumber": {"jenis": template["sumber"]["jenis"],
                       "nomor": f"{self._next(f'sumber-{year}'):04d}/B12/HM.01.00/{year}", "tanggal": arrival},
            "penetapan": {"nomor": f"{self._next(f'penetapan-{decided.year}'):02d}/B12/HK.03.01/{decided.year}",
                          "tanggal": decided, "tempat": self.office.city,
                          "pejabat": template["penetapan"]["pejabat"]},
            "uji_konsekuensi": {**template["uji_konsekuensi"],
                                "nomor": f"BA-UK/{self._next(f'uk-{tested.year}'):02d}/{tested.year}",
                                "tanggal": tested},
        }
        if "abaikan_aturan" in template:
            data["abaikan_aturan"] = _deep_copy(template["abaikan_aturan"])
        klas = _deep_copy(template["klasifikasi"])
        term = klas["jangka_waktu"]
        term["mulai"] = decided
        if term.get("jenis") == "durasi_tetap":
            term["berakhir"] = add_years(decided, int(term["tahun"]))
        klas["tinjau_ulang"] = add_years(decided, 1)
        if term.get("jenis") == "durasi_tetap" and term["berakhir"] <= klas["tinjau_ulang"]:
            klas["tinjau_ulang"] = term["berakhir"] - dt.timedelta(days=30)
        docs = _deep_copy(template["dokumentasi"])
        template_id = str(template["id"])
        for form in docs.values():
            form["lokasi"] = str(form["lokasi"]).replace(template_id, record_id).replace(f"/{template_id[4:8]}/", f"/{year}/")
            if "sha256" in form:
                form["sha256"] = hashlib.sha256(f"{self.seed}:{record_id}".encode()).hexdigest()
        additions = ({}, {"klasifikasi": klas}, {"dokumentasi": docs}, {"laporan": period})
        versions, current, render = [], dict(data), _Renderer()
        for status, extra in zip(STATUS_ORDER[:target], additions):
            current = {**current, **extra, "status": status}
            versions.append(render(current))
        life = Life(record_id, f"{RECORDS_DIR}/{year}/{record_id}.yaml", versions, arrival, period)
        if target == 4:
            self._later(life, current, decided, merged.date(), render)
        return life

    def _later(self, life: Life, data: dict[str, Any], decided: dt.date, merged: dt.date, render: "_Renderer") -> None:
        """Yearly reviews while the item stays closed; the opening when its fixed term ends or its event comes."""
        term = data["klasifikasi"]["jangka_waktu"]
        end = term.get("berakhir") if term.get("jenis") == "durasi_tetap" else None
        event_day = None
        if term.get("jenis") == "sampai_peristiwa" and self.rng.random() < 0.5:
            event_day = decided + dt.timedelta(days=self.rng.randint(60, 300))
        last_day = self.clock.workday_back(self.today - dt.timedelta(days=2))  # room for the merge before today
        earliest = merged + dt.timedelta(days=1)
        open_day, reason = None, None
        if end is not None and end <= last_day:
            open_day, reason = end, "jangka_waktu_berakhir"
        elif event_day is not None and event_day <= last_day:
            open_day, reason = event_day, "peristiwa_terjadi"
        reviews: list[dict[str, Any]] = []
        current = data
        review_day = data["klasifikasi"]["tinjau_ulang"]
        # Reviewed when due (early when due in the last days), until the item is opened.
        while review_day < self.today and (open_day is None or review_day < open_day):
            day = min(max(review_day, earliest), last_day)
            if day < earliest or (open_day is not None and day >= open_day):
                break
            reviews.append({"tanggal": day, "nomor": f"BA-UK/{self._next(f'uk-{day.year}'):02d}/{day.year}",
                            "hasil": "Alasan pengecualian masih berlaku; pengecualian dipertahankan dan ditinjau lagi satu tahun kemudian."})
            next_review = add_years(day, 1)
            if end is not None and next_review >= end:
                next_review = max(end - dt.timedelta(days=1), day + dt.timedelta(days=1))
            current = {**current, "klasifikasi": {**current["klasifikasi"], "tinjau_ulang": next_review},
                       "peninjauan": [dict(r) for r in reviews]}
            life.reviews.append((day, render(current)))
            earliest = self.clock.add_workdays(day, 1) + dt.timedelta(days=1)
            review_day = next_review
        if open_day is None:
            return
        opened_on = self.clock.workday(max(open_day, earliest))
        if opened_on > last_day:
            if last_day < earliest:
                return
            opened_on = last_day
        final = {**current, "status": OPENED,
                 "dibuka": {"tanggal": self.clock.workday(opened_on), "alasan": reason,
                            "dasar": f"Penetapan pembukaan {self._next(f'penetapan-{opened_on.year}'):02d}/B12/HK.03.01/{opened_on.year}"}}
        life.opening = (self.clock.workday(opened_on), render(final))


FIELD_ORDER = ("id", "judul", "uraian", "unit_penguasa", "status", "sumber", "penetapan", "uji_konsekuensi",
               "klasifikasi", "peninjauan", "dokumentasi", "laporan", "dibuka", "abaikan_aturan")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in FIELD_ORDER if key in data and data[key] is not None}


class _Renderer:
    """Record texts for one record's versions; a section that did not change is not rendered again."""

    def __init__(self) -> None:
        self._memo: dict[tuple[str, int], tuple[Any, str]] = {}   # keeps the value alive so its id stays unique

    def __call__(self, data: dict[str, Any]) -> str:
        parts = [importer.SCHEMA_COMMENT]
        for key, value in _ordered(data).items():
            memo_key = (key, id(value))
            hit = self._memo.get(memo_key)
            if hit is None or hit[0] is not value:
                hit = self._memo[memo_key] = (value, importer.section_text(key, value))
            parts.append(hit[1])
        return "".join(parts)


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def _only(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {key: data[key]} if key in data else {}


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def _year_swap(text: str, year: int) -> str:
    return re.sub(r"\b20[0-9]{2}\b", str(year), str(text))


# Writing the repository ---------------------------------------------------------------------------
def _project_files(source: Path) -> dict[str, bytes]:
    """The office repository's own files (configuration, hooks, site, tooling), without records."""
    files: dict[str, bytes] = {}
    for name in COPY_FILES:
        if (source / name).is_file():
            files[name] = (source / name).read_bytes()
    if "registri.yaml" in files:  # the demo's trail starts at its own first commit
        files["registri.yaml"] = re.sub(rb"(?m)^mulai_jejak:.*$", b"mulai_jejak: null", files["registri.yaml"])
    for folder in COPY_DIRS:
        base = source / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(source)
            if path.is_file() and not SKIP_PARTS.intersection(rel.parts) and not path.name.endswith(SKIP_SUFFIXES) \
                    and not path.name.endswith(".egg-info") and ".egg-info" not in str(rel):
                files[rel.as_posix()] = path.read_bytes()
    return files


def _stamp(author: Author, when: dt.datetime) -> bytes:
    offset = when.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    tz = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"{author.name} <{author.email}> {int(when.timestamp())} {tz}".encode("utf-8")


def _data(payload: bytes) -> bytes:
    return b"data %d\n" % len(payload) + payload + b"\n"


def _fast_import_stream(out, setup: Planned, commits: list[Planned]) -> None:
    """Write the fast-import commands: main's setup commit, then every planned commit in order.

    Each file version is sent once as a marked blob; a merge names the branch's blobs by mark
    (fast-import does not merge trees itself: the merge's tree is main's plus the branch's files).
    """
    heads: dict[str, int] = {}
    changed: dict[str, dict[str, int]] = {}      # per branch: path -> blob mark of its latest content
    counter = 0

    def mark() -> int:
        nonlocal counter
        counter += 1
        return counter

    def blobs(files: dict[str, bytes]) -> dict[str, int]:
        marked = {}
        for path in sorted(files):
            marked[path] = mark()
            out.write(b"blob\nmark :%d\n" % marked[path] + _data(files[path]))
        return marked

    def commit(ref: str, planned: Planned, parent: int | None, merge: int | None, files: dict[str, int]) -> int:
        own = mark()
        stamp = _stamp(planned.author, planned.when)
        out.write(b"commit refs/heads/%s\nmark :%d\n" % (ref.encode("utf-8"), own))
        out.write(b"author " + stamp + b"\ncommitter " + stamp + b"\n")
        out.write(_data(planned.message.encode("utf-8")))
        if parent is not None:
            out.write(b"from :%d\n" % parent)
        if merge is not None:
            out.write(b"merge :%d\n" % merge)
        for path in sorted(files):
            out.write(b"M 100644 :%d %s\n" % (files[path], path.encode("utf-8")))
        out.write(b"\n")
        return own

    heads["main"] = commit("main", setup, None, None, blobs(setup.files))
    for planned in commits:
        if planned.merges is not None:
            branch = planned.merges
            heads["main"] = commit("main", planned, heads["main"], heads.pop(branch), changed.pop(branch))
            continue
        marked = blobs(planned.files)
        heads[planned.branch] = commit(planned.branch, planned, heads.get(planned.branch, heads["main"]), None, marked)
        changed.setdefault(planned.branch, {}).update(marked)
    out.write(b"done\n")


def _write_repository(out: Path, setup: Planned, commits: list[Planned], user: Author) -> None:
    import git  # GitPython: every Git call goes through repo.git

    repo = git.Repo.init(out, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", user.name)
        config.set_value("user", "email", user.email)
        config.set_value("commit", "gpgsign", "false")
    with tempfile.TemporaryFile() as stream:
        _fast_import_stream(stream, setup, commits)
        stream.seek(0)
        repo.git.execute(["git", "fast-import", "--quiet", "--done"], istream=stream)
    merged = sorted({c.merges for c in commits if c.merges})
    if merged:  # branches were merged and deleted, as after a pull request
        with tempfile.TemporaryFile() as refs:
            refs.write("".join(f"delete refs/heads/{name}\n" for name in merged).encode("utf-8"))
            refs.seek(0)
            repo.git.execute(["git", "update-ref", "--stdin"], istream=refs)
    repo.git.execute(["git", "reset", "-q", "--hard", "main"])


# Entry point --------------------------------------------------------------------------------------
def _sample_records(source: Path) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for file in record_files(source):
        shown = display_path(file, source)
        loaded = load_file(file, shown)
        if loaded.findings or not isinstance(loaded.data, dict):
            raise UsageError(f"Catatan contoh {shown} tidak dapat dibaca; jalankan `registri validate` lebih dahulu.")
        found.append((shown, file.read_text(encoding="utf-8"), loaded.data))
    return found


def _check_out(out: Path) -> Path:
    if out.exists():
        if not out.is_dir() or any(out.iterdir()):
            raise UsageError(f"Folder {out} sudah berisi berkas. Demo hanya dibuat di folder baru atau kosong; "
                             "pilih --out yang lain.")
    out.mkdir(parents=True, exist_ok=True)
    return out


def build_demo(out: Path, records: int | None = None, seed: int = 1, today: dt.date | None = None,
               source: Path | None = None) -> Path:
    """Build the demo repository in `out` (new or empty) and return its path.

    `records=None` plays the sample records' own history; `records=N` makes N synthetic records.
    `source` is the register whose configuration and samples are used (default: this project).
    """
    source = (source or PROJECT).resolve()
    office, sop = load_office(source), load_sop(source)
    if today is None:
        from registri.clock import today as clock_today

        today = clock_today(office.tz)
    if records is not None and records < 1:
        raise UsageError("--records harus bilangan bulat 1 atau lebih.")
    samples = _sample_records(source)
    rng = random.Random(seed)
    planner = Planner(office, sop, rng, today)
    if records is None:
        if not samples:
            raise UsageError(f"Tidak ada catatan contoh di {source / RECORDS_DIR}; pakai --records N untuk data sintetis.")
        batches = _batches([_sample_life(text, data, shown) for shown, text, data in samples])
    else:
        batches = Synthesizer([d for _, _, d in samples], planner, seed).batches(records)
    planner.play(batches)
    commits = planner.ordered()
    first = commits[0].when if commits else dt.datetime.combine(today, office.work.start, tzinfo=office.tz)
    setup_day = planner.clock.workday(first.date() - dt.timedelta(days=7))
    setup_person = planner.cast.ppid[-1]
    setup = Planned("main", _author(setup_person), planner.clock.at(setup_day, latest=dt.time(11, 0)),
                    f"Siapkan repositori register DIK {office.short_name}\n", _project_files(source))
    out = _check_out(Path(out))
    _write_repository(out, setup, commits, _author(planner.cast.ppid[0]))
    return out
