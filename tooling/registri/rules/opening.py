"""Opening (dibuka): the item leaves the DIK on a real date, for a reason that fits its period."""

from __future__ import annotations

from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding, fmt

# Opening reason -> the period type it belongs to.
REASON_PERIOD = {
    "jangka_waktu_berakhir": "durasi_tetap",
    "peristiwa_terjadi": "sampai_peristiwa",
    "persetujuan": "sampai_persetujuan",
}

OPENING_DATE = Rule(
    "DIK031", Level.ERROR, "Tanggal pembukaan tidak masuk akal",
    "Tanggal dibuka tidak boleh setelah hari ini, dan tidak boleh sebelum informasi ditetapkan dikecualikan.",
    "Tulis tanggal penetapan pembukaan yang sebenarnya (YYYY-MM-DD).")
REASON_FITS_PERIOD = Rule(
    "DIK032", Level.WARNING, "Alasan pembukaan tidak cocok dengan jangka waktu",
    "Alasan pembukaan berbeda dengan jenis jangka waktunya, mis. 'jangka_waktu_berakhir' pada jangka waktu "
    "sampai_peristiwa, atau dibuka karena jangka waktu berakhir sebelum tanggal berakhirnya.",
    "Pilih alasan yang sesuai (peristiwa_terjadi, persetujuan, putusan_komisi_informasi, putusan_pengadilan, "
    "keputusan_pimpinan), atau perbaiki tanggalnya.",
    waivable=True)

RULES = (OPENING_DATE, REASON_FITS_PERIOD)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    if not record.is_open or not isinstance(record.get("dibuka"), dict):
        return
    opened, determined = record.opened_on, record.determined_on
    if opened and opened > ctx.today:
        yield finding(OPENING_DATE, record, "dibuka.tanggal",
                      f"Tanggal dibuka {fmt(opened)} setelah hari ini ({fmt(ctx.today)}). Ubah status menjadi dibuka "
                      "baru setelah penetapan pembukaan ditandatangani.")
    if opened and determined and opened < determined:
        yield finding(OPENING_DATE, record, "dibuka.tanggal",
                      f"Tanggal dibuka {fmt(opened)} sebelum penetapan pengecualian {fmt(determined)}; periksa kedua tanggal.")
    reason = record.get("dibuka.alasan")
    expected = REASON_PERIOD.get(reason)
    if expected and record.period_type and record.period_type != expected:
        yield finding(REASON_FITS_PERIOD, record, "dibuka.alasan",
                      f"Alasan pembukaan '{reason}' cocok untuk jangka waktu {expected}, sedangkan catatan ini "
                      f"{record.period_type}. Pilih alasan yang sesuai.")
    elif reason == "jangka_waktu_berakhir" and opened and record.period_end and opened < record.period_end:
        yield finding(REASON_FITS_PERIOD, record, "dibuka.alasan",
                      f"Dibuka {fmt(opened)} karena jangka waktu berakhir, padahal jangka waktu baru berakhir "
                      f"{fmt(record.period_end)}. Pilih alasan lain (mis. keputusan_pimpinan) atau perbaiki tanggalnya.")
