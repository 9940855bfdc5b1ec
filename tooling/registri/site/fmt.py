"""Indonesian wording for values shown on the site: dates, times, durations and field labels."""

from __future__ import annotations

import datetime as dt

from registri.attention import MONTHS, long_date
from registri.sop import STATUS_LABEL

# The three Indonesian time zones by their usual abbreviation; other zones show their IANA name.
TZ_ABBREVIATION = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
                   "Asia/Jayapura": "WIT"}

PERIOD_TYPE = {
    "durasi_tetap": "Durasi tetap",
    "sampai_peristiwa": "Sampai peristiwa tertentu",
    "sampai_persetujuan": "Sampai ada persetujuan",
    "tidak_terbatas": "Tidak terbatas (ditinjau berkala)",
}
SECURITY = {"biasa": "Biasa", "terbuka": "Terbuka", "terbatas": "Terbatas", "rahasia": "Rahasia",
            "sangat_rahasia": "Sangat Rahasia"}
TEST_TIMING = {
    "sebelum_permohonan": "Sebelum ada permohonan",
    "saat_permohonan": "Saat ada permohonan",
    "perintah_komisi_informasi": "Atas perintah Komisi Informasi",
}
SOURCE_TYPE = {"disposisi": "Disposisi", "surat_pengantar": "Surat pengantar"}
OPEN_REASON = {
    "jangka_waktu_berakhir": "Jangka waktu berakhir",
    "peristiwa_terjadi": "Peristiwa yang ditunggu telah terjadi",
    "persetujuan": "Ada persetujuan tertulis",
    "putusan_komisi_informasi": "Putusan Komisi Informasi",
    "putusan_pengadilan": "Putusan pengadilan",
    "keputusan_pimpinan": "Keputusan pimpinan",
}
RELEASE_FORM = {"ringkasan": "Ringkasan", "rekapitulasi": "Rekapitulasi",
                "salinan_dihitamkan": "Salinan yang dihitamkan"}
CHANGE = {"koreksi": "Koreksi", "peninjauan": "Peninjauan", "pembukaan": "Pembukaan"}
LEVEL = {"error": "Kesalahan", "warning": "Peringatan"}


def label(table: dict[str, str], value: object) -> str:
    """The Indonesian label of a coded value; the value itself when it has none."""
    if value is None or value == "":
        return ""
    return table.get(str(value), str(value))


def status_label(status: str) -> str:
    return STATUS_LABEL.get(status, status)


def date(value: dt.date | None) -> str:
    return long_date(value) if value else ""


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def tz_abbreviation(tz_name: str) -> str:
    return TZ_ABBREVIATION.get(tz_name, tz_name)


def datetime_local(moment: dt.datetime, tz, zone: bool = True) -> str:
    """'28 Januari 2026 09.15 WITA' in the office's zone (Indonesian writes hours with a dot);
    without the zone's name (`zone=False`) where a column heading already names it."""
    local = moment.astimezone(tz)
    text = f"{long_date(local.date())} {local:%H.%M}"
    return f"{text} {tz_abbreviation(str(tz))}" if zone else text


def minutes(total: int | None) -> str:
    """Working minutes as '45 menit' or '2 jam 5 menit' (always in hours, never guessed days)."""
    if total is None:
        return ""
    hours, mins = divmod(max(total, 0), 60)
    if not hours:
        return f"{mins} menit"
    return f"{hours} jam" if not mins else f"{hours} jam {mins} menit"


def relative_days(days: int) -> str:
    if days == 0:
        return "hari ini"
    return f"{days} hari lagi" if days > 0 else f"{-days} hari lalu"
