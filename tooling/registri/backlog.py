"""Inherited records (the office's old DIK, brought in by `registri import --existing`) and their gaps.

An inherited record carries a `warisan:` section: where it came from (list, row, import date)
and the list's original texts. What the law requires and the entry still lacks is its *gaps*.
Gaps are computed from the record, never stored, so they cannot go stale: a gap is open while
the field is missing, or while the rules that check that field report an error for it.

While an inherited record is `divalidasi` (what the import makes), the errors that describe a
gap are the backlog, not refusals (also once it is opened as it is, when they no longer matter): validate, scan, audit, the hooks and CI accept the record, and
the dashboard, `registri attention`, the record page and the report list its gaps. From step 2
on, the rules apply to it in full, like to any record, so the record leaves the backlog only
through the SOP steps that supply what it lacks: step 2 (consequence test, ground, legal
basis, period, review date, security level) and step 3 (storage), or by being opened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from registri.findings import Finding
from registri.model import Record, Register, as_date

INHERITED = "warisan"
LENIENT_STATUS = "divalidasi"   # the status import gives: its gaps are accepted as the backlog
# An inherited item may also be opened as it is (its old period ended): what it lacked no longer matters.
LENIENT_STATUSES = (LENIENT_STATUS, "dibuka")
DONE_STATUSES = ("didokumentasikan", "dilaporkan", "dibuka")


@dataclass(frozen=True)
class GapKind:
    key: str                   # stable key (JSON, CSS, report rows)
    label: str                 # Indonesian, for people
    field: str                 # the record field that supplies it
    step: str                  # what supplies it, as people say it
    codes: frozenset[str]      # error codes of the rules that check this field

    def as_dict(self) -> dict:
        return {"kunci": self.key, "kekurangan": self.label, "kolom": self.field, "dilengkapi": self.step}


STEP2, STEP3 = "langkah 2, klasifikasi", "langkah 3, dokumentasi"
KINDS: tuple[GapKind, ...] = (
    GapKind("penetapan", "SK penetapan (nomor, tanggal, tempat, pejabat)", "penetapan",
            "langkah 2 atau koreksi", frozenset()),
    GapKind("uji_konsekuensi", "Uji konsekuensi (berita acara, kerugian bila dibuka, kepentingan publik)",
            "uji_konsekuensi", STEP2, frozenset({"DIK009", "DIK011", "DIK012", "DIK013"})),
    GapKind("pasal", "Alasan pengecualian (kode Pasal 17)", "klasifikasi.pasal", STEP2, frozenset({"DIK005"})),
    GapKind("dasar_hukum", "Dasar hukum berupa Undang-Undang", "klasifikasi.dasar_hukum", STEP2,
            frozenset({"DIK006", "DIK007"})),
    GapKind("jangka_waktu", "Jangka waktu pengecualian", "klasifikasi.jangka_waktu", STEP2,
            frozenset({"DIK014", "DIK015", "DIK016", "DIK017", "DIK018", "DIK020"})),
    GapKind("tinjau_ulang", "Tanggal tinjau ulang", "klasifikasi.tinjau_ulang", STEP2, frozenset({"DIK021"})),
    GapKind("keamanan", "Klasifikasi keamanan arsip", "klasifikasi.keamanan", STEP2, frozenset({"DIK026"})),
    GapKind("wajib_terbuka", "Judul menyebut informasi yang wajib terbuka (Pasal 18): buka atau perjelas",
            "judul", "perubahan pembukaan atau koreksi", frozenset({"DIK024"})),
    GapKind("penyimpanan", "Penyimpanan dokumen (softcopy dan/atau hardcopy, lokasi, pengamanan)",
            "dokumentasi", STEP3, frozenset()),
)
TEST_RECORD = ("nomor", "tanggal", "waktu")   # what only the consequence-test minutes can give
BY_KEY = {kind.key: kind for kind in KINDS}
GAP_CODES = frozenset(code for kind in KINDS for code in kind.codes)


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    detail: str                # why, in one Indonesian sentence

    def as_dict(self) -> dict:
        return {**self.kind.as_dict(), "keterangan": self.detail}


def is_inherited(record: Record) -> bool:
    return isinstance(record.get(INHERITED), dict)


def lenient(record: Record) -> bool:
    """Are this record's gap errors accepted (backlog) rather than refused?"""
    return is_inherited(record) and record.status in LENIENT_STATUSES


def split(record: Record, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(findings that stand, findings that are this record's gaps)."""
    if not lenient(record):
        return list(findings), []
    kept, gaps = [], []
    for f in findings:
        (gaps if f.is_error and f.code in GAP_CODES else kept).append(f)
    return kept, gaps


_MISSING = {
    "penetapan": "daftar lama tidak menyebut nomor dan tanggal SK penetapan",
    "uji_konsekuensi": "belum ada uji konsekuensi dalam catatan",
    "pasal": "daftar lama tidak menyebut huruf Pasal 17 yang dapat dibaca",
    "dasar_hukum": "daftar lama tidak menyebut Undang-Undang yang dapat dibaca",
    "jangka_waktu": "daftar lama tidak menyebut jangka waktu yang dapat dibaca",
    "tinjau_ulang": "tanggal tinjau ulang belum ditetapkan",
    "keamanan": "klasifikasi keamanan (terbatas, rahasia, sangat_rahasia) belum ditetapkan",
    "penyimpanan": "lokasi dan pengamanan softcopy/hardcopy belum dicatat",
}


def gaps(record: Record, findings: Iterable[Finding]) -> tuple[Gap, ...]:
    """What an inherited record still lacks, given its rule findings (errors, before waivers).

    Empty for records that are not inherited, and once the record is documented or opened.
    """
    if not is_inherited(record) or record.status in DONE_STATUSES:
        return ()
    by_kind: dict[str, str] = {}
    for kind in KINDS:
        if kind.key in _MISSING and record.get(kind.field) in (None, [], {}, ""):
            by_kind[kind.key] = _MISSING[kind.key]
    test = record.get("uji_konsekuensi")
    if isinstance(test, dict) and "uji_konsekuensi" not in by_kind:
        absent = [name for name in TEST_RECORD if not test.get(name)]
        if absent:
            by_kind["uji_konsekuensi"] = (f"berita acara uji konsekuensi belum dicatat ({', '.join(absent)} kosong); "
                                          "daftar lama hanya memuat uraian konsekuensinya")
    for f in findings:
        if not f.is_error:
            continue
        for kind in KINDS:
            if f.code in kind.codes and kind.key not in by_kind:
                by_kind[kind.key] = f"{f.code}: {f.message}"
    return tuple(Gap(kind, by_kind[kind.key]) for kind in KINDS if kind.key in by_kind)


@dataclass(frozen=True)
class Entry:
    """One inherited record in the backlog."""

    record: Record
    gaps: tuple[Gap, ...]

    @property
    def since(self) -> dt.date | None:
        """The oldest date known for the item: its determination, else the import."""
        return self.record.determined_on or as_date(self.record.get("warisan.diimpor"))

    @property
    def since_text(self) -> str:
        """'ditetapkan 2025-04-30' or, for an entry without an SK, 'diimpor 2026-11-26'."""
        if self.record.determined_on:
            return f"ditetapkan {self.record.determined_on.isoformat()}"
        return f"diimpor {self.since.isoformat()}" if self.since else "tanggal tidak diketahui"

    def as_dict(self) -> dict:
        return {"id": self.record.id, "judul": self.record.title, "berkas": self.record.path,
                "status": self.record.status, "penetapan": self.since.isoformat() if self.since else None,
                "daftar": self.record.get("warisan.daftar"), "baris": self.record.get("warisan.baris"),
                "kekurangan": [g.as_dict() for g in self.gaps]}


@dataclass(frozen=True)
class Backlog:
    entries: tuple[Entry, ...]          # oldest first
    inherited: int                      # inherited records in the register, in the backlog or not

    @property
    def gap_count(self) -> int:
        return sum(len(e.gaps) for e in self.entries)

    def per_kind(self) -> tuple[tuple[GapKind, tuple[Entry, ...]], ...]:
        """Each gap kind with the records that have it (oldest first); kinds with none left out."""
        return tuple((kind, tuple(e for e in self.entries if any(g.kind is kind for g in e.gaps)))
                     for kind in KINDS if any(g.kind is kind for e in self.entries for g in e.gaps))

    def as_dict(self) -> dict:
        return {"catatan_warisan": self.inherited, "dalam_tunggakan": len(self.entries),
                "jumlah_kekurangan": self.gap_count,
                "per_kekurangan": {kind.key: [e.record.id for e in entries] for kind, entries in self.per_kind()},
                "catatan": [e.as_dict() for e in self.entries]}


def collect(register: Register, today: dt.date) -> Backlog:
    """The backlog of `register`: inherited records with gaps, oldest first."""
    from registri.rules import RECORD_CHECKS, Context   # the rules import the model; keep this module light

    ctx = Context.of(register, today)
    entries = []
    inherited = 0
    for record in register.records:
        if not is_inherited(record):
            continue
        inherited += 1
        found = [f for check in RECORD_CHECKS for f in check(record, ctx)]
        record_gaps = gaps(record, found)
        if record_gaps:
            entries.append(Entry(record, record_gaps))
    far = dt.date.max
    entries.sort(key=lambda e: (e.since or far, e.record.id))
    return Backlog(tuple(entries), inherited)
