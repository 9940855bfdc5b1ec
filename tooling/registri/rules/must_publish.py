"""Information the law makes public: UU KIP Pasal 9-11 and Perki 1/2021 (published or available).

Real published lists exempt budget realisation ("Realisasi Belanja"), strategic and work plans,
performance reports and agreements with third parties, although UU 14/2008 Pasal 9 (published
periodically: financial reports, performance), Pasal 11 (available at any time: plans, agreements
with third parties, permits issued) and Perki 1/2021 make them public. Such a title is warned as
most likely not exemptible. Drafts ("Rancangan Renstra", "Konsep ...") and the parts of such
documents that do carry an exemption ground ("rincian rekening penerima ...") are quiet: the
head words decide, as for Pasal 18 titles (rules/titles.py).
"""

from __future__ import annotations

import re
from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding, normalize
from registri.rules.titles import DRAFT_WORDS, MARKUP

# (pattern over the normalised title, what it is, where the law says it is public)
PUBLIC_DOCUMENTS: tuple[tuple[re.Pattern, str, str], ...] = tuple(
    (re.compile(pattern), what, where) for pattern, what, where in (
        (r"\b(laporan keuangan|laporan realisasi|realisasi (belanja|anggaran|penyerapan|keuangan|pendapatan)|"
         r"neraca|catatan atas laporan keuangan|calk|lra)\b",
         "laporan keuangan atau realisasi anggaran", "Pasal 9 ayat 2 huruf c UU 14/2008"),
        (r"\b(dipa|rka k ?l|rkakl|rka|rkap|rencana kerja dan anggaran|daftar isian pelaksanaan anggaran|pagu anggaran|"
         r"apbd|apbn|dpa)\b",
         "rencana dan dokumen anggaran", "Pasal 11 ayat 1 UU 14/2008 dan Perki 1/2021"),
        (r"\b(renstra|rencana strategis|renja|rencana kerja|rencana kegiatan tahunan|rkt|rencana umum pengadaan|rup)\b",
         "rencana strategis atau rencana kerja", "Pasal 11 ayat 1 huruf a UU 14/2008"),
        (r"\b(lakip|lkj|lkjip|laporan kinerja|laporan akuntabilitas kinerja|perjanjian kinerja|laporan tahunan)\b",
         "laporan kinerja", "Pasal 9 ayat 2 huruf b dan c UU 14/2008"),
        (r"\b(perjanjian kerja ?sama|nota kesepahaman|mou|memorandum of understanding|pks|"
         r"perjanjian dengan pihak ketiga|kontrak (kerja ?sama|pengadaan)|surat perjanjian)\b",
         "perjanjian dengan pihak ketiga", "Pasal 11 ayat 1 huruf e UU 14/2008"),
        (r"\b(izin|ijin|perizinan|sertifikat izin) (yang )?(diterbitkan|dikeluarkan)\b|\b(daftar|data) (izin|perizinan)\b",
         "izin yang diterbitkan", "Pasal 11 ayat 1 huruf e UU 14/2008 dan Perki 1/2021"),
        (r"\b(standar pelayanan|maklumat pelayanan|struktur organisasi|profil (badan|balai|dinas|instansi)|"
         r"daftar informasi publik|laporan layanan informasi)\b",
         "informasi tentang badan publik dan layanannya", "Pasal 9 ayat 2 huruf a UU 14/2008"),
    ))
# Words that make a title a part that may carry its own ground (personal data in it, bids).
PART_WORDS = frozenset({"rekening", "biodata", "identitas", "nik", "penawaran", "hps", "perkiraan", "medis",
                        "kesehatan", "keluarga", "pribadi"})

PUBLIC_BY_LAW = Rule(
    "DIK041", Level.WARNING, "Informasi yang wajib diumumkan atau tersedia setiap saat",
    "UU 14/2008 Pasal 9 dan 11 serta Perki 1/2021 mewajibkan informasi seperti laporan keuangan dan realisasi "
    "anggaran, rencana strategis dan rencana kerja (Renstra, Renja, RKA, DIPA), laporan kinerja (LAKIP/LKj), "
    "perjanjian dengan pihak ketiga, dan izin yang diterbitkan diumumkan atau tersedia setiap saat; informasi "
    "seperti itu hampir pasti tidak dapat dikecualikan.",
    "Bila seluruh dokumen memang informasi wajib itu, keluarkan dari DIK (perubahan pembukaan). Bila yang "
    "dikecualikan hanya bagiannya (mis. data pribadi penerima di lampiran), tulis bagian itu pada judul; bila ada "
    "alasan lain, catat di abaikan_aturan dengan alasan tertulis.",
    waivable=True)

RULES = (PUBLIC_BY_LAW,)


def public_kind(title: str) -> tuple[str, str] | None:
    """(what, where in the law) when the title names information the law makes public, else None."""
    plain = normalize(MARKUP.sub(" ", title))
    words = set(plain.split())
    if words & DRAFT_WORDS or words & PART_WORDS:
        return None
    for pattern, what, where in PUBLIC_DOCUMENTS:
        if pattern.search(plain):
            return what, where
    return None


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    if record.is_open:
        return
    kind = public_kind(record.title)
    if kind:
        what, where = kind
        yield finding(PUBLIC_BY_LAW, record, "judul",
                      f"Judul '{record.title}' menyebut {what}, yang menurut {where} wajib diumumkan atau tersedia "
                      "setiap saat; kemungkinan besar tidak dapat dikecualikan. Keluarkan dari DIK, atau tulis bagian "
                      "yang memang dikecualikan beserta alasannya.")
