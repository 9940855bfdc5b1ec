"""'Pasal 17' without a letter: it names ten different grounds, so it names none.

Offices often write "Pasal 17 UU 14/2008" as the legal basis. Pasal 17 lists ten grounds (a-j)
with different rules (Pasal 20: a-f are never permanent; Pasal 18 ayat 2: consent opens g and h),
so the letter, and for a, c, e, f, h the angka, must be named.
"""

from __future__ import annotations

import re
from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding

BARE_LETTER = Rule(
    "DIK045", Level.WARNING, "Pasal 17 tanpa huruf",
    "Dasar hukum menyebut 'Pasal 17' UU 14/2008 tanpa huruf. Pasal 17 memuat sepuluh alasan (huruf a sampai j) "
    "dengan aturan yang berbeda: huruf a-f tidak boleh permanen (Pasal 20), persetujuan yang bersangkutan membuka "
    "huruf g dan h (Pasal 18 ayat 2). Tanpa huruf, alasan pengecualiannya tidak jelas.",
    "Sebut hurufnya, dan angkanya untuk huruf a, c, e, f, h: mis. 'Pasal 17 huruf h angka 2' (kode 17h.2) untuk "
    "riwayat kesehatan, 'Pasal 17 huruf b' (17b) untuk dokumen penawaran.",
    waivable=True)

RULES = (BARE_LETTER,)
_BARE = re.compile(r"^\s*(?:pasal\s*)?17\s*$", re.IGNORECASE)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    basis = record.get("klasifikasi.dasar_hukum") or []
    for index, entry in enumerate(basis if isinstance(basis, list) else []):
        if isinstance(entry, dict) and (entry.get("nomor"), entry.get("tahun")) == (14, 2008) \
                and _BARE.match(str(entry.get("pasal", ""))):
            yield finding(BARE_LETTER, record, f"klasifikasi.dasar_hukum[{index}].pasal",
                          "Pasal 17 UU 14/2008 disebut tanpa huruf; tulis hurufnya (a-j) dan angkanya bila ada, "
                          "mis. '17 huruf h angka 2', dan kode yang sama di klasifikasi.pasal.")
            return
    if record.pasal:
        return
    original = " ".join(str(record.get(f"warisan.asli.{key}") or "") for key in ("dasar_hukum", "alasan"))
    if original.strip():
        from registri.legal_text import read_legal_basis

        if read_legal_basis(original, ctx.pasal17).bare_17:
            yield finding(BARE_LETTER, record, "warisan.asli.dasar_hukum",
                          f"Daftar lama menyebut '{' '.join(original.split())[:120]}': Pasal 17 tanpa huruf. Tetapkan "
                          "hurufnya (a-j) dan angkanya di klasifikasi.pasal pada langkah 2.")
