"""The record's status against what it says: the SOP's outputs appear in order, never ahead.

Also the dates around the SOP: the step-1 input letter, the reviews and the report period.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record, as_date
from registri.rules.base import Context, finding, fmt
from registri.sop import STATUS_ORDER

# Section -> the first status whose step produces it.
STEP_SECTION = {"klasifikasi": "diklasifikasi", "dokumentasi": "didokumentasikan", "laporan": "dilaporkan"}
PERIOD_PATTERN = re.compile(r"^([0-9]{4})-(T[1-4]|S[12])$")

OPENING_NEEDS_STATUS = Rule(
    "DIK033", Level.ERROR, "Data pembukaan tanpa status dibuka",
    "Catatan berisi bagian dibuka, tetapi statusnya belum 'dibuka': catatan menyatakan dua hal yang bertentangan.",
    "Bila informasi sudah dibuka, ubah status menjadi dibuka (Perubahan: pembukaan); bila belum, hapus bagian dibuka.")
NOT_AHEAD_OF_STATUS = Rule(
    "DIK034", Level.WARNING, "Data langkah berikutnya sudah diisi",
    "Catatan sudah berisi bagian dari langkah POS berikutnya (klasifikasi, dokumentasi atau laporan) padahal statusnya "
    "belum sampai langkah itu.",
    "Naikkan status bersama langkahnya (registri step), atau pindahkan isian itu ke commit langkah yang benar.",
    waivable=True)
REPORT_PERIOD = Rule(
    "DIK035", Level.ERROR, "Periode laporan tidak masuk akal",
    "Periode laporan tidak boleh berakhir sebelum tanggal catatan itu sendiri (penetapan, surat masuk) dan tidak boleh "
    "dimulai setelah hari ini.",
    "Tulis periode tempat catatan ini benar-benar dilaporkan, mis. 2026-T3 atau 2026-S2.")
SOURCE_NOT_FUTURE = Rule(
    "DIK036", Level.ERROR, "Tanggal surat masuk di masa depan",
    "Tanggal disposisi atau surat pengantar (sumber.tanggal) setelah hari ini.",
    "Tulis tanggal surat yang sebenarnya (YYYY-MM-DD).")
SOURCE_AFTER_DETERMINATION = Rule(
    "DIK037", Level.WARNING, "Surat masuk sebelum penetapan",
    "Langkah 1 memvalidasi daftar yang sudah ditetapkan, jadi disposisi atau surat pengantarnya biasanya bertanggal "
    "sama atau setelah penetapan.",
    "Periksa tanggal sumber dan penetapan; bila memang benar, abaikan aturan ini dengan alasan tertulis.",
    waivable=True)
REVIEW_DATES = Rule(
    "DIK038", Level.ERROR, "Tanggal peninjauan tidak masuk akal",
    "Tanggal peninjauan tidak boleh setelah hari ini dan tidak boleh sebelum penetapan.",
    "Tulis tanggal berita acara peninjauan yang sebenarnya.")

RULES = (OPENING_NEEDS_STATUS, NOT_AHEAD_OF_STATUS, REPORT_PERIOD, SOURCE_NOT_FUTURE, SOURCE_AFTER_DETERMINATION,
         REVIEW_DATES)


def period_range(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a report period such as 2026-T3 or 2026-S1."""
    match = PERIOD_PATTERN.match(text or "")
    if not match:
        return None
    year, part = int(match.group(1)), match.group(2)
    first_month, months = (3 * int(part[1]) - 2, 3) if part[0] == "T" else (6 * int(part[1]) - 5, 6)
    last_month = first_month + months - 1
    end = dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    return dt.date(year, first_month, 1), end - dt.timedelta(days=1)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    yield from _status(record)
    yield from _dates(record, ctx)


def _status(record: Record) -> Iterable[Finding]:
    if record.get("dibuka") is not None and not record.is_open:
        yield finding(OPENING_NEEDS_STATUS, record, "dibuka",
                      f"Bagian dibuka terisi tetapi status '{record.status}'. Ubah status menjadi dibuka bila "
                      "informasi sudah dibuka, atau hapus bagian dibuka.")
    if record.is_open or record.status not in STATUS_ORDER:
        return
    rank = STATUS_ORDER.index(record.status)
    for section, status in STEP_SECTION.items():
        # An inherited record (backlog.py) brings what its old list said about the classification.
        if section == "klasifikasi" and record.get("warisan") is not None:
            continue
        if record.get(section) is not None and STATUS_ORDER.index(status) > rank:
            yield finding(NOT_AHEAD_OF_STATUS, record, section,
                          f"Bagian {section} sudah terisi padahal status masih '{record.status}'; bagian ini milik "
                          f"status '{status}'. Naikkan status bersama langkahnya (registri step).")


def _dates(record: Record, ctx: Context) -> Iterable[Finding]:
    determined, source = record.determined_on, record.source_date
    if source and source > ctx.today:
        yield finding(SOURCE_NOT_FUTURE, record, "sumber.tanggal",
                      f"Tanggal surat masuk {fmt(source)} setelah hari ini ({fmt(ctx.today)}); tulis tanggal surat yang sebenarnya.")
    if source and determined and source < determined:
        yield finding(SOURCE_AFTER_DETERMINATION, record, "sumber.tanggal",
                      f"Surat masuk bertanggal {fmt(source)}, sebelum penetapan {fmt(determined)}; langkah 1 memvalidasi "
                      "daftar yang sudah ditetapkan. Periksa kedua tanggal.")
    for index, review in enumerate(record.get("peninjauan", []) or []):
        day = as_date(review.get("tanggal")) if isinstance(review, dict) else None   # a quoted date is text
        if day and (day > ctx.today or (determined and day < determined)):
            yield finding(REVIEW_DATES, record, f"peninjauan[{index}].tanggal",
                          f"Peninjauan bertanggal {fmt(day)}: " + ("setelah hari ini." if day > ctx.today
                                                                   else f"sebelum penetapan {fmt(determined)}.")
                          + " Tulis tanggal berita acara peninjauan yang sebenarnya.")
    span = period_range(record.report_period or "")
    if span:
        own = max([d for d in (determined, source) if d], default=None)
        if own and span[1] < own:
            yield finding(REPORT_PERIOD, record, "laporan",
                          f"Periode laporan {record.report_period} berakhir {fmt(span[1])}, sebelum tanggal catatan ini "
                          f"({fmt(own)}). Tulis periode tempat catatan ini dilaporkan.")
        if span[0] > ctx.today:
            yield finding(REPORT_PERIOD, record, "laporan",
                          f"Periode laporan {record.report_period} baru dimulai {fmt(span[0])}, setelah hari ini "
                          f"({fmt(ctx.today)}). Tulis periode yang sedang berjalan atau yang sudah lewat.")
