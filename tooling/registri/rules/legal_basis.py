"""Legal basis: valid Pasal 17 codes, and an Undang-Undang behind every exemption.

Perki 1/2021 Pasal 49 asks the consequence test to analyse the Undang-Undang relied on: a
Perpres or Permen alone is not enough. 17j ("forbidden by another law") needs a UU other than
UU 14/2008 itself.
"""

from __future__ import annotations

from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding

LAW_KINDS = ("UU", "Perppu")   # a Perppu has the force of an Undang-Undang
KIP = (14, 2008)               # UU 14/2008 Keterbukaan Informasi Publik

PASAL_VALID = Rule(
    "DIK005", Level.ERROR, "Kode Pasal 17 tidak dikenal",
    "Kode pasal harus huruf a sampai j Pasal 17 UU 14/2008, dengan angka hanya untuk huruf yang memilikinya "
    "(a: 1-5, c: 1-7, e: 1-7, f: 1-4, h: 1-5).",
    "Tulis kode seperti 17b, 17i, 17h.4 atau 17a.2; hapus angka pada huruf yang tidak memiliki angka.")
NEEDS_LAW = Rule(
    "DIK006", Level.ERROR, "Dasar hukum tanpa Undang-Undang",
    "Dasar hukum pengecualian harus memuat minimal satu Undang-Undang (jenis UU atau Perppu); "
    "PP, Perpres atau Permen saja tidak cukup.",
    "Tambahkan Undang-Undang yang menjadi dasar, minimal UU 14/2008 Pasal 17 huruf yang dipakai.")
J_NEEDS_OTHER_LAW = Rule(
    "DIK007", Level.ERROR, "Pasal 17 huruf j tanpa Undang-Undang lain",
    "Pasal 17 huruf j berlaku untuk informasi yang dilarang dibuka oleh Undang-Undang lain; "
    "UU 14/2008 sendiri tidak cukup.",
    "Tambahkan Undang-Undang yang melarang pengungkapan, mis. UU 11/2008 (ITE) beserta pasalnya.")
CITES_KIP = Rule(
    "DIK008", Level.WARNING, "UU 14/2008 tidak disebut",
    "Setiap pengecualian bersandar pada Pasal 17 UU 14/2008, tetapi dasar hukum tidak menyebutnya.",
    "Tambahkan {jenis: UU, nomor: 14, tahun: 2008, pasal: \"17 huruf ...\"} ke dasar_hukum.",
    waivable=True)

RULES = (PASAL_VALID, NEEDS_LAW, J_NEEDS_OTHER_LAW, CITES_KIP)


def _laws(record: Record) -> list[tuple[int, int]]:
    basis = record.get("klasifikasi.dasar_hukum", []) or []
    return [(b.get("nomor"), b.get("tahun")) for b in basis if isinstance(b, dict) and b.get("jenis") in LAW_KINDS]


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    if record.get("klasifikasi") is None:
        return
    for index, code in enumerate(record.pasal):
        if not ctx.pasal17.is_valid(code):
            ground = ctx.pasal17.ground(code)
            if ground is None:
                hint = "hurufnya harus a sampai j"
            elif ground.angka == 0:
                hint = f"huruf {ground.letter} tidak memiliki angka; tulis {ground.code}"
            else:
                hint = f"huruf {ground.letter} hanya memiliki angka 1 sampai {ground.angka}"
            yield finding(PASAL_VALID, record, f"klasifikasi.pasal[{index}]",
                          f"Kode pasal '{code}' tidak ada di Pasal 17 UU 14/2008: {hint}.")
    laws = _laws(record)
    if not laws:
        yield finding(NEEDS_LAW, record, "klasifikasi.dasar_hukum",
                      "Dasar hukum belum memuat Undang-Undang (UU/Perppu). Tambahkan minimal UU 14/2008 "
                      "Pasal 17 dan Undang-Undang lain yang relevan.")
    if "17j" in record.letters and not any(law != KIP for law in laws):
        yield finding(J_NEEDS_OTHER_LAW, record, "klasifikasi.dasar_hukum",
                      "Pasal 17 huruf j memerlukan Undang-Undang lain (selain UU 14/2008) yang melarang "
                      "informasi ini dibuka; tambahkan UU tersebut beserta pasalnya.")
    if laws and KIP not in laws:
        yield finding(CITES_KIP, record, "klasifikasi.dasar_hukum",
                      "Dasar hukum tidak menyebut UU 14/2008; tambahkan UU 14/2008 Pasal 17 huruf yang dipakai.")
