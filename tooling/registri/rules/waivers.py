"""Waivers: `abaikan_aturan: [{kode, alasan}]` lets a record set aside a named warning.

Only rules marked waivable may be waived: among the DIK rules these are warnings only (a test
keeps it so); scan's personal-data shapes are errors a record may except with a reason. Waiving an error (or a warning that must
be acted on, such as an overdue review) is itself an error; waiving a code nobody knows warns.
Codes of other tools (SCN..., scan's exceptions) are looked up in the full catalogue, which is
only imported when a record actually names such a code, so the common path stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import finding

FIELD = "abaikan_aturan"

NOT_WAIVABLE = Rule(
    "DIK039", Level.ERROR, "Aturan ini tidak dapat diabaikan",
    "abaikan_aturan hanya untuk aturan yang halaman kodenya menyebut boleh diabaikan: peringatan tertentu, dan pola "
    "data pribadi dari scan (SCN) untuk nomor yang ternyata bukan data pribadi. Kesalahan lain (dan peringatan yang "
    "menuntut tindakan, seperti tinjau ulang terlambat) harus diperbaiki, bukan diabaikan.",
    "Hapus kode tersebut dari abaikan_aturan dan perbaiki catatannya sesuai pesan aturan itu.")
UNKNOWN_CODE = Rule(
    "DIK040", Level.WARNING, "Kode aturan yang diabaikan tidak dikenal",
    "abaikan_aturan menyebut kode yang tidak ada di katalog aturan Registri (mungkin salah ketik).",
    "Periksa kodenya di halaman Aturan pada situs internal, atau hapus butir tersebut.")

RULES = (NOT_WAIVABLE, UNKNOWN_CODE)


@dataclass(frozen=True)
class Outcome:
    kept: tuple[Finding, ...]      # findings that stand, including problems with the waivers themselves
    waived: tuple[Finding, ...]    # findings suppressed by a valid waiver


def apply(record: Record, findings: Iterable[Finding], own_rules: Mapping[str, Rule],
          catalogue: Callable[[], Mapping[str, Rule]]) -> Outcome:
    """Suppress findings of `record` that it validly waives; report invalid waivers."""
    findings = list(findings)
    waivers = record.waived
    if not waivers:
        return Outcome(tuple(findings), ())
    valid: set[str] = set()
    problems: list[Finding] = []
    entries = record.get(FIELD, []) or []
    for index, entry in enumerate(entries):
        code = str(entry.get("kode", "")) if isinstance(entry, dict) else ""
        where = f"{FIELD}[{index}].kode"
        rule = own_rules.get(code) or (None if code.startswith("DIK") else catalogue().get(code))
        if rule is None:
            problems.append(finding(UNKNOWN_CODE, record, where,
                                    f"Kode '{code}' di abaikan_aturan tidak dikenal; periksa ejaannya atau hapus butir ini."))
        elif not rule.waivable:
            kind = "kesalahan" if rule.level is Level.ERROR else "peringatan yang menuntut tindakan"
            problems.append(finding(NOT_WAIVABLE, record, where,
                                    f"{code} ({rule.title}) adalah {kind} dan tidak dapat diabaikan; hapus dari "
                                    "abaikan_aturan dan perbaiki catatannya."))
        else:
            valid.add(code)
    kept = [f for f in findings if f.code not in valid]
    waived = [f for f in findings if f.code in valid]
    return Outcome(tuple(kept + problems), tuple(waived))
