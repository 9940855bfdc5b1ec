"""Plain values for the templates: table rows, a record's sections, its timeline, counts.

Everything here is data (strings, numbers, dates, page paths). Escaping happens in the templates,
which autoescape every value; nothing in this module builds markup.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from dataclasses import dataclass, field

from registri.findings import Finding
from registri.history import Acceptance, Event, History
from registri.model import Record, Register, as_date
from registri.site import fmt, urls
from registri.sop import ALL_STATUSES, Sop, Step as SopStep


# Table rows ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One record as a line of any record table."""

    id: str
    page: str
    sort_id: str                 # zero-padded so DIK-2026-1000 sorts after DIK-2026-999
    title: str
    unit: str
    pasal: tuple[str, ...]
    letters: tuple[str, ...]
    year: str
    period: str                  # type of period, in words
    start: str
    start_sort: str
    until: str                   # end date, event or consent wording
    until_sort: str
    review: str
    review_sort: str
    security: str
    security_code: str
    status: str
    status_label: str
    expired: bool                # the period ended but the item is still closed
    review_overdue: bool
    days_left: int | None


def row(record: Record, today: dt.date) -> Row:
    end = record.period_end
    if end:
        until, until_sort = fmt.date(end), end.isoformat()
    else:
        wording = record.get("klasifikasi.jangka_waktu.peristiwa") or record.get("klasifikasi.jangka_waktu.keterangan")
        until, until_sort = str(wording or fmt.label(fmt.PERIOD_TYPE, record.period_type)), "9999"
    start, review = record.period_start, record.review_date
    prefix, _, number = record.id.rpartition("-")
    return Row(
        id=record.id, page=urls.record_page(record.id), sort_id=f"{prefix}-{number.zfill(6)}",
        title=record.title, unit=record.unit, pasal=record.pasal, letters=record.letters,
        year=str(record.year or ""), period=fmt.label(fmt.PERIOD_TYPE, record.period_type),
        start=fmt.date(start), start_sort=start.isoformat() if start else "",
        until=until, until_sort=until_sort,
        review=fmt.date(review), review_sort=review.isoformat() if review else "",
        security=fmt.label(fmt.SECURITY, record.security), security_code=str(record.security or ""),
        status=record.status, status_label=fmt.status_label(record.status),
        expired=not record.is_open and record.is_expired(today),
        review_overdue=record.review_overdue(today), days_left=record.days_left(today),
    )


def rows(records, today: dt.date) -> list[Row]:
    return [row(r, today) for r in sorted(records, key=lambda r: (r.year or 0, r.id))]


# One record ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """One labelled value. `kind`: text | long (paragraphs) | mono (ids, hashes) | list | links."""

    label: str
    value: object
    kind: str = "text"


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    items: tuple[Item, ...]
    internal: bool = False       # storage and fingerprints: shown here, never published
    searchable: bool = True


def _items(*entries: tuple) -> tuple[Item, ...]:
    """Items from (label, value[, kind]) whose value is present: a blank field is left out."""
    out = []
    for entry in entries:
        label, value, kind = entry if len(entry) == 3 else (*entry, "text")
        if value not in (None, "", [], ()):
            out.append(Item(label, value, kind))
    return tuple(out)


def _law(entry: dict) -> str:
    text = f"{entry.get('jenis', '')} Nomor {entry.get('nomor', '')} Tahun {entry.get('tahun', '')}"
    if entry.get("tentang"):
        text += f" tentang {entry['tentang']}"
    if entry.get("pasal"):
        text += f", Pasal {entry['pasal']}"
    return text


def _date_text(record: Record, dotted: str) -> str:
    day = as_date(record.get(dotted))
    return fmt.date(day) if day else str(record.get(dotted) or "")


ORIGINAL_LABELS = {
    "informasi": "Informasi yang dikecualikan", "ringkasan": "Ringkasan", "unit_kerja": "Unit kerja",
    "dasar_hukum": "Dasar hukum", "alasan": "Alasan pengecualian", "jangka_waktu": "Jangka waktu",
    "jika_dibuka": "Konsekuensi jika dibuka", "jika_ditutup": "Konsekuensi jika ditutup", "bentuk": "Bentuk informasi",
    "penetapan": "Penetapan", "penetapan_nomor": "Nomor penetapan", "penetapan_tanggal": "Tanggal penetapan",
    "keterangan": "Keterangan", "lainnya": "Kolom lain",
}


def sections(record: Record, register: Register, rule_codes=frozenset()) -> tuple[Section, ...]:
    """Every field of the record, grouped as the SOP produces them, in words."""
    g = record.get
    d = lambda dotted: _date_text(record, dotted)  # noqa: E731 - short local helper
    grounds = {code: register.pasal17.ground(code) for code in record.pasal}
    pasal_links = tuple(   # an unknown code (rule DIK005) is shown, but links nowhere
        (code, urls.ground_page(ground.code) if ground else None, ground.summary if ground else "kode tidak dikenal")
        for code, ground in grounds.items())
    out = [
        # The id and the title are the page's heading; they are not repeated here.
        Section("Identitas", "identitas", _items(
            ("Uraian", g("uraian"), "long"),
            ("Unit penguasa informasi", record.unit),
            ("Unit terkait", tuple(str(u) for u in g("unit_terkait", []) or []), "list"),
            ("Bentuk informasi", ", ".join(str(b) for b in g("bentuk", []) or [])),
            ("Status", fmt.status_label(record.status)),
            ("Berkas", record.path, "mono"))),
        Section("Sumber (kelengkapan langkah 1)", "sumber", _items(
            ("Jenis", fmt.label(fmt.SOURCE_TYPE, g("sumber.jenis"))), ("Nomor", g("sumber.nomor"), "mono"),
            ("Tanggal", d("sumber.tanggal")))),
        Section("Penetapan", "penetapan", _items(
            ("Nomor", g("penetapan.nomor"), "mono"), ("Tanggal", d("penetapan.tanggal")),
            ("Tempat", g("penetapan.tempat")), ("Pejabat", g("penetapan.pejabat")))),
        Section("Uji konsekuensi", "uji-konsekuensi", _items(
            ("Nomor", g("uji_konsekuensi.nomor"), "mono"), ("Tanggal", d("uji_konsekuensi.tanggal")),
            ("Waktu pengujian", fmt.label(fmt.TEST_TIMING, g("uji_konsekuensi.waktu"))),
            ("Konsekuensi bila dibuka", g("uji_konsekuensi.jika_dibuka"), "long"),
            ("Kepentingan publik yang dilindungi", g("uji_konsekuensi.kepentingan_publik"), "long"))),
    ]
    if g("klasifikasi"):
        out.append(Section("Klasifikasi (langkah 2)", "klasifikasi", _items(
            ("Pasal 17 UU KIP", pasal_links, "links"),
            ("Dasar hukum", tuple(_law(e) for e in g("klasifikasi.dasar_hukum", []) or [] if isinstance(e, dict)), "list"),
            ("Jenis jangka waktu", fmt.label(fmt.PERIOD_TYPE, record.period_type)),
            ("Mulai", d("klasifikasi.jangka_waktu.mulai")),
            ("Lama", f"{g('klasifikasi.jangka_waktu.tahun')} tahun" if g("klasifikasi.jangka_waktu.tahun") else None),
            ("Berakhir", d("klasifikasi.jangka_waktu.berakhir")),
            ("Peristiwa yang mengakhiri", g("klasifikasi.jangka_waktu.peristiwa")),
            ("Keterangan jangka waktu", g("klasifikasi.jangka_waktu.keterangan"), "long"),
            ("Atau berakhir lebih awal bila",
             g("klasifikasi.jangka_waktu.atau.peristiwa") or g("klasifikasi.jangka_waktu.atau.keterangan")),
            ("Tinjau ulang", d("klasifikasi.tinjau_ulang")),
            ("Tingkat keamanan arsip", fmt.label(fmt.SECURITY, record.security)),
            ("Akses khusus", tuple(str(a) for a in g("klasifikasi.akses_khusus", []) or []), "list"),
            ("Pengecualian sebagian",
             None if g("klasifikasi.pengecualian_sebagian") is None
             else ("Ya, sebagian informasi dapat diberikan" if g("klasifikasi.pengecualian_sebagian") else "Tidak, seluruhnya dikecualikan")),
            ("Bentuk layanan yang dapat diberikan",
             tuple(fmt.label(fmt.RELEASE_FORM, f) for f in g("klasifikasi.bentuk_layanan", []) or []), "list"),
        )))
    if g("dokumentasi"):
        out.append(Section("Dokumentasi (langkah 3)", "dokumentasi", _items(
            ("Softcopy: lokasi", g("dokumentasi.softcopy.lokasi"), "mono"),
            ("Softcopy: sidik jari SHA-256", g("dokumentasi.softcopy.sha256"), "mono"),
            ("Softcopy: pengamanan", g("dokumentasi.softcopy.pengamanan")),
            ("Hardcopy: lokasi", g("dokumentasi.hardcopy.lokasi")),
            ("Hardcopy: pengamanan", g("dokumentasi.hardcopy.pengamanan")),
        ), internal=True, searchable=False))
    if g("laporan"):
        out.append(Section("Laporan (langkah 4)", "laporan", _items(("Periode laporan", g("laporan"), "mono"))))
    for index, review in enumerate(g("peninjauan", []) or [], start=1):
        if isinstance(review, dict):
            out.append(Section(f"Peninjauan {index}", f"peninjauan-{index}", _items(
                ("Tanggal", fmt.date(as_date(review.get("tanggal")))), ("Nomor", review.get("nomor"), "mono"),
                ("Hasil", review.get("hasil"), "long"))))
    if g("dibuka"):
        out.append(Section("Dibuka (keluar dari DIK)", "dibuka", _items(
            ("Tanggal", d("dibuka.tanggal")), ("Alasan", fmt.label(fmt.OPEN_REASON, g("dibuka.alasan"))),
            ("Dasar", g("dibuka.dasar")), ("Keterangan", g("dibuka.keterangan"), "long"))))
    if g("warisan"):
        original = g("warisan.asli", {}) or {}
        out.append(Section("Teks asli daftar lama (catatan warisan)", "warisan", _items(
            ("Daftar", f"{g('warisan.daftar')}, baris {g('warisan.baris')}"
                       + (f" (No. {g('warisan.nomor')})" if g("warisan.nomor") else "")),
            ("Diimpor", d("warisan.diimpor")),
            *((ORIGINAL_LABELS.get(key, key), value, "long") for key, value in original.items()))))
    waivers = tuple((code, urls.rule_page(code) if code in rule_codes else None, reason)
                    for code, reason in record.waived.items())
    if waivers:
        out.append(Section("Aturan yang sengaja diabaikan", "abaikan-aturan",
                           _items(("Kode dan alasan", waivers, "links")), searchable=False))
    return tuple(s for s in out if s.items)   # an inherited record may have no sumber yet


# The audit timeline ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One line of a record's timeline."""

    what: str
    person: str
    role: str
    time: str
    time_sort: str
    duration: str
    standard: str
    within: bool | None          # None when there is no standard or no measurement
    commit: str
    commit_short: str
    subject: str
    clock: str = ""              # `time` without the zone, for a table whose heading names it
    number: int = 0              # the SOP step this line is; `what` is then "Langkah N" + step_suffix

    @property
    def lead(self) -> str:
        """`what` up to the step's name, which a record page leaves to the stylesheet (step_names_css)."""
        return f"Langkah {self.number}" if self.number else self.what


def _person_name(event_person, fallback: str) -> str:
    return event_person.name if event_person else fallback


def _event_step(event: Event, sop: Sop, tz) -> Step:
    number = 0
    if event.kind == "langkah" and event.step:
        step = sop.step(event.step) if 1 <= event.step <= len(sop.steps) else None
        what = f"Langkah {event.step}" + (step_suffix(step) if step else "")
        standard = step.minutes if step else None
        number = step.number if step else 0
    elif event.kind == "perubahan":
        what, standard = f"Perubahan: {fmt.label(fmt.CHANGE, event.change)}", None
    elif event.kind == "impor":
        what, standard = "Diimpor (sebelum jejak audit dimulai)", None
    else:
        what, standard = "Perubahan di luar POS", None
    within = None if standard is None or event.work_minutes is None else event.work_minutes <= standard
    return Step(
        what=what, person=_person_name(event.person, event.commit.author_name),
        role=sop.role_names.get(event.role or "", event.role or ""),
        time=fmt.datetime_local(event.time, tz), time_sort=event.time.isoformat(),
        clock=fmt.datetime_local(event.time, tz, zone=False),
        duration=fmt.minutes(event.work_minutes), standard=fmt.minutes(standard) if standard else "",
        within=within, commit=event.commit.sha, commit_short=event.commit.sha[:10], subject=event.commit.subject,
        number=number,
    )


def step_suffix(step: SopStep) -> str:
    """What follows "Langkah N" in a timeline line of an SOP step: the step's output."""
    return f": {step.output}"


def step_names_css(sop: Sop) -> str:
    """Stylesheet rules that write each SOP step's name after "Langkah N" in a record's timeline.

    A record page's timeline cell holds "Langkah N" and the class rg-sN; the name comes from
    here, once for the site, not on every line of 10,000 pages (issue 12). Generated content
    shows and prints like the page's text."""
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'
    return "".join(f".md-typeset .rg-timeline .rg-s{step.number}::after {{ content: {quoted(step_suffix(step))}; }}\n"
                   for step in sop.steps)


def _acceptance_step(acceptance: Acceptance, record_id: str, sop: Sop, tz) -> Step:
    standard = sop.step(5).minutes if len(sop.steps) >= 5 else None
    spent = acceptance.work_minutes.get(record_id)
    return Step(
        what="Langkah 5: laporan diterima (merge ke main)",
        person=_person_name(acceptance.person, acceptance.merge.author_name),
        role=sop.role_names.get("atasan_ppid", "Atasan PPID"),
        time=fmt.datetime_local(acceptance.time, tz), time_sort=acceptance.time.isoformat(),
        clock=fmt.datetime_local(acceptance.time, tz, zone=False),
        duration=fmt.minutes(spent), standard=fmt.minutes(standard) if standard else "",
        within=None if spent is None or standard is None else spent <= standard,
        commit=acceptance.merge.sha, commit_short=acceptance.merge.sha[:10], subject=acceptance.merge.subject,
    )


def timeline(record_id: str, history: History, sop: Sop, tz) -> tuple[Step, ...]:
    """Events and acceptances of one record, oldest first."""
    past = history.of(record_id)
    steps = [_event_step(e, sop, tz) for e in past.events]
    steps += [_acceptance_step(a, record_id, sop, tz) for a in past.acceptances]
    return tuple(sorted(steps, key=lambda s: s.time_sort))


@dataclass(frozen=True)
class Activity:
    """One line of the activity log: a step or acceptance of one record."""

    record_id: str
    record_page: str | None
    step: Step


def activity(history: History, register: Register, tz, limit: int) -> tuple[list[Activity], int]:
    """The newest `limit` events over all records, and how many there are in all."""
    known = {r.id for r in register.records}
    sop = register.sop
    items: list[tuple[str, str, object]] = []           # (time, record id, event or acceptance)
    # Events share their commit's time: each commit's time is written out once (10,000 records
    # have over 100,000 events, from a few thousand commits).
    times: dict[str, str] = {}

    def iso(commit) -> str:
        text = times.get(commit.sha)
        if text is None:
            text = times[commit.sha] = commit.author_time.isoformat()
        return text

    for record_id, past in history.records.items():
        items += [(iso(e.commit), record_id, e) for e in past.events]
    for acceptance in history.acceptances:
        items += [(iso(acceptance.merge), record_id, acceptance) for record_id in acceptance.record_ids]
    # The newest `limit` only, in the order a full sort (newest first, stable) gives them.
    newest = heapq.nlargest(limit, items, key=lambda item: (item[0], item[1]))
    lines = []
    for _, record_id, what in newest:               # only the lines shown are worded
        step = (_acceptance_step(what, record_id, sop, tz) if isinstance(what, Acceptance)
                else _event_step(what, sop, tz))
        lines.append(Activity(record_id, urls.record_page(record_id) if record_id in known else None, step))
    return lines, len(items)


# Counts ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int
    page: str | None = None
    extra: str = ""


def by_status(register: Register) -> list[Count]:
    counts = Counter(r.status for r in register.records)
    return [Count(s, fmt.status_label(s), counts.get(s, 0), urls.status_page(s)) for s in ALL_STATUSES]


def by_ground(register: Register, active_only: bool = True) -> list[Count]:
    """Items per Pasal 17 letter (an item with 17h.4 and 17h.5 counts once under 17h)."""
    records = register.active() if active_only else register.records
    counts = Counter(letter for r in records for letter in r.letters)
    return [Count(g.code, g.summary, counts.get(g.code, 0), urls.ground_page(g.code))
            for g in register.pasal17.grounds.values()]


def by_year(register: Register) -> list[Count]:
    counts = Counter(r.year for r in register.records if r.year)
    active = Counter(r.year for r in register.active() if r.year)
    return [Count(str(y), str(y), counts[y], urls.year_page(y), extra=str(active.get(y, 0)))
            for y in sorted(counts, reverse=True)]


# Calendar --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    day: dt.date
    day_text: str
    kind: str                     # "berakhir" | "tinjau"
    row: Row
    days: int


@dataclass(frozen=True)
class Month:
    title: str
    anchor: str
    items: tuple[Due, ...]


@dataclass(frozen=True)
class Calendar:
    overdue: tuple[Due, ...]      # dates already passed on items still closed
    months: tuple[Month, ...]
    horizon: dt.date
    later: int                    # dates after the horizon (not listed)


def calendar(register: Register, today: dt.date, months_ahead: int = 24,
             rows: dict[str, Row] | None = None) -> Calendar:
    """`rows`: each record's table row by id, made for `today` (the site's); made here otherwise."""
    year, month = today.year + (today.month - 1 + months_ahead) // 12, (today.month - 1 + months_ahead) % 12 + 1
    horizon = dt.date(year, month, 1)
    dues: list[Due] = []
    for record in register.active():
        end, review = record.period_end, record.review_date
        if not end and not review:
            continue
        line = rows[record.id] if rows is not None and record.id in rows else row(record, today)
        for kind, day in (("berakhir", end), ("tinjau", review)):
            if day:
                dues.append(Due(day, fmt.date(day), kind, line, (day - today).days))
    dues.sort(key=lambda d: (d.day, d.kind, d.row.sort_id))
    overdue = tuple(d for d in dues if d.day < today)
    groups: dict[tuple[int, int], list[Due]] = {}
    for due in dues:
        if today <= due.day < horizon:
            groups.setdefault((due.day.year, due.day.month), []).append(due)
    months = tuple(Month(fmt.month_name(y, m), f"{y}-{m:02d}", tuple(items)) for (y, m), items in sorted(groups.items()))
    return Calendar(overdue, months, horizon, sum(1 for d in dues if d.day >= horizon))


def upcoming_per_month(register: Register, today: dt.date, months: int = 12) -> list[tuple[str, int, int]]:
    """(month label, ends, reviews) for the next `months` months, for the dashboard chart."""
    ends: Counter = Counter()
    reviews: Counter = Counter()
    for record in register.active():          # one pass over the register, not one per month
        end, review = record.period_end, record.review_date
        if end:
            ends[(end.year, end.month)] += 1
        if review:
            reviews[(review.year, review.month)] += 1
    out = []
    for offset in range(months):
        y, m = today.year + (today.month - 1 + offset) // 12, (today.month - 1 + offset) % 12 + 1
        out.append((f"{fmt.month_name(y, m)[:3]} {str(y)[2:]}", ends[(y, m)], reviews[(y, m)]))
    return out


# Findings --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FindingLine:
    path: str
    line: int | None
    code: str
    rule_page: str | None
    level: str
    level_label: str
    message: str
    record_page: str | None


@dataclass(frozen=True)
class FindingGroup:
    path: str
    record_page: str | None
    lines: tuple[FindingLine, ...] = field(default_factory=tuple)


def record_pages_by_path(register: Register) -> dict[str, str]:
    return {r.path: urls.record_page(r.id) for r in register.records}


def finding_lines(findings, register: Register, rules: dict, pages: dict[str, str] | None = None) -> list[FindingLine]:
    """Findings as lines; `pages` (record path -> page) can be passed in when called per record."""
    pages = record_pages_by_path(register) if pages is None else pages
    return [FindingLine(f.path, f.line, f.code, urls.rule_page(f.code) if f.code in rules else None,
                        f.level.value, fmt.label(fmt.LEVEL, f.level.value), f.message, pages.get(f.path))
            for f in findings]


def finding_groups(findings: tuple[Finding, ...], register: Register, rules: dict) -> list[FindingGroup]:
    groups: dict[str, list[FindingLine]] = {}
    for line in finding_lines(findings, register, rules):
        groups.setdefault(line.path, []).append(line)
    return [FindingGroup(path, items[0].record_page, tuple(items)) for path, items in groups.items()]
