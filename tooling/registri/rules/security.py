"""Archive security level (Perka ANRI 17/2011): an exempted item is never Biasa/Terbuka."""

from __future__ import annotations

from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding

OPEN_LEVELS = ("biasa", "terbuka")
STRONG_LEVELS = ("rahasia", "sangat_rahasia")
STATE_SECRET_LETTERS = ("17c", "17f")   # defence and security, foreign relations

NOT_OPEN_LEVEL = Rule(
    "DIK026", Level.ERROR, "Klasifikasi keamanan biasa/terbuka",
    "Informasi yang dikecualikan tidak pernah berklasifikasi keamanan Biasa/Terbuka (Perka ANRI 17/2011).",
    "Pilih keamanan terbatas, rahasia atau sangat_rahasia sesuai dampak bila informasi bocor.")
STATE_SECRET_LEVEL = Rule(
    "DIK027", Level.WARNING, "Pertahanan atau hubungan luar negeri di bawah Rahasia",
    "Informasi Pasal 17 huruf c (pertahanan dan keamanan) atau huruf f (hubungan luar negeri) biasanya berklasifikasi "
    "Rahasia atau Sangat Rahasia; 'terbatas' jarang cukup.",
    "Naikkan keamanan menjadi rahasia atau sangat_rahasia, atau abaikan aturan ini dengan alasan tertulis.",
    waivable=True)

RULES = (NOT_OPEN_LEVEL, STATE_SECRET_LEVEL)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    level = record.security
    if level is None:
        return
    if level in OPEN_LEVELS:
        yield finding(NOT_OPEN_LEVEL, record, "klasifikasi.keamanan",
                      f"Keamanan '{level}' berarti informasi boleh diketahui umum, bertentangan dengan pengecualian. "
                      "Pilih terbatas, rahasia atau sangat_rahasia.")
        return
    letters = [letter for letter in record.letters if letter in STATE_SECRET_LETTERS]
    if letters and level not in STRONG_LEVELS:
        yield finding(STATE_SECRET_LEVEL, record, "klasifikasi.keamanan",
                      f"Pasal {', '.join(letters)} dengan keamanan '{level}': naikkan menjadi rahasia atau sangat_rahasia.")
