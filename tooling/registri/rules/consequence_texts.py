"""Consequence texts that weigh nothing: a restated Pasal, a sentence copied across records, a condition.

Found in real published lists: "Jika informasi dibuka, dapat mengungkapkan rahasia pribadi." is
long enough for DIK011 but only repeats Pasal 17 huruf h; the same sentence stands under many
different items; and the harm column holds when the item may be opened ("Dapat dibuka setelah
pengumuman") instead of the harm.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from functools import lru_cache
from typing import Iterable, Sequence

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding, normalize
from registri.rules.consequence import weakness

HARM = "uji_konsekuensi.jika_dibuka"
# Words that carry no harm of their own in such a sentence.
FILLER = frozenset("""
jika apabila bila bilamana kalau informasi ini itu tersebut dibuka dibukanya diketahui publik umum masyarakat
dapat akan bisa maka sehingga yang dan atau serta untuk kepada oleh dari di ke pada dengan hal berpotensi
potensi menyebabkan mengakibatkan berakibat terjadi terjadinya adanya ada bagi badan informasinya secara
""".split())
# The Pasal 17 grounds as offices restate them (besides the table's own wording).
GROUND_WORDS = frozenset("""
mengungkap mengungkapkan membuka rahasia pribadi pribadinya seseorang orang menghambat mengganggu proses
penegakan hukum kepentingan perlindungan hak atas kekayaan intelektual persaingan usaha tidak sehat membahayakan
pertahanan keamanan negara kekayaan alam indonesia merugikan ketahanan ekonomi nasional hubungan luar negeri isi
akta otentik bersifat kemauan terakhir wasiat memorandum surat antar intra sifatnya dirahasiakan rahasia
undang dilarang diungkapkan melanggar ketentuan perundang undangan data privasi kerahasiaan negara jabatan
""".split())
MIN_REPEAT_WORDS = 6

RESTATES_PASAL = Rule(
    "DIK042", Level.WARNING, "Konsekuensi hanya mengulang bunyi Pasal 17",
    "Uraian kerugian bila dibuka hanya menyalin rumusan alasan Pasal 17 (mis. 'dapat mengungkapkan rahasia "
    "pribadi'); uji konsekuensi harus menguraikan kerugian nyata dari informasi ini.",
    "Tulis siapa yang dirugikan, bagaimana, dan apa akibatnya bila dokumen ini dibuka, mis. 'Skor individual "
    "peserta yang terbuka menimbulkan stigma di sekolah asalnya'.",
    waivable=True)
REPEATED_TEXT = Rule(
    "DIK043", Level.WARNING, "Uraian konsekuensi sama dengan catatan lain",
    "Kalimat jika_dibuka yang sama persis dipakai untuk beberapa informasi yang berbeda; setiap informasi diuji "
    "konsekuensinya sendiri.",
    "Uraikan kerugian khusus untuk informasi ini; kalimat umum yang sama untuk banyak butir bukan uji konsekuensi.",
    waivable=True)
HARM_IS_CONDITION = Rule(
    "DIK044", Level.WARNING, "Kolom kerugian berisi syarat pembukaan",
    "Isi jika_dibuka menyebut kapan informasi dapat dibuka (mis. 'Dapat dibuka setelah kontrak ditandatangani'), "
    "bukan kerugian yang timbul bila dibuka. Syarat itu adalah jangka waktu.",
    "Pindahkan syarat itu ke klasifikasi.jangka_waktu (sampai_peristiwa) dan tulis kerugiannya di jika_dibuka.",
    waivable=True)

RULES = (RESTATES_PASAL, REPEATED_TEXT, HARM_IS_CONDITION)   # DIK042-DIK044

CONDITION = re.compile(
    r"^(?:informasi\s+(?:ini\s+)?)?(?:dapat|bisa|boleh|baru\s+dapat|akan)?\s*(?:dibuka|diberikan|diakses|diumumkan)"
    r"(?:\s+\w+){0,3}?\s+(?:apabila|jika|bila|setelah|sesudah|sampai|hingga|pada\s+saat|saat|ketika|bilamana)\b"
    r"|^(?:setelah|sesudah|sampai|hingga|apabila\s+(?:telah|sudah)|jika\s+(?:telah|sudah))\b",
    re.IGNORECASE)


@lru_cache(maxsize=8)
def _known_words(ground_texts: tuple[str, ...]) -> frozenset[str]:
    return GROUND_WORDS.union(*(set(normalize(t).split()) for t in ground_texts))


def restates_pasal(text: str, ground_texts: Iterable[str] = ()) -> bool:
    """Does the text say no more than a Pasal 17 ground (after the filler words)?"""
    words = normalize(text).split()
    if not words or len(words) > 25:
        return False
    known = _known_words(tuple(ground_texts))
    content = [w for w in words if w not in FILLER]
    rest = [w for w in content if w not in known]
    return bool(content) and len(rest) == 0


def is_condition(text: str) -> bool:
    return bool(CONDITION.search(" ".join(str(text).split())))


def _ground_texts(ctx: Context) -> tuple[str, ...]:
    # The short wording only: the long one lists what 17h covers (health, bank accounts...),
    # which a substantive harm text names too.
    return tuple(g.summary for g in ctx.pasal17.grounds.values())


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    harm = record.get(HARM)
    if not isinstance(harm, str) or not harm.strip():
        return
    if is_condition(harm):
        yield finding(HARM_IS_CONDITION, record, HARM,
                      f"jika_dibuka berisi '{' '.join(harm.split())[:120]}', yaitu syarat kapan informasi dapat dibuka. "
                      "Catat syarat itu sebagai jangka waktu (sampai_peristiwa) dan uraikan kerugiannya di sini.")
    elif weakness(harm) is None and restates_pasal(harm, _ground_texts(ctx)):   # DIK011 covers the too-short
        yield finding(RESTATES_PASAL, record, HARM,
                      f"jika_dibuka '{' '.join(harm.split())[:120]}' hanya mengulang rumusan Pasal 17. Uraikan kerugian "
                      "nyata dari informasi ini: siapa dirugikan dan bagaimana.")


def _kind_of(title: str) -> str:
    """A title without its years, numbers and bracketed notes."""
    return normalize(re.sub(r"\([^)]*\)|\d+", " ", title))


def check_repeated(records: Sequence[Record]) -> list[Finding]:
    """The same harm sentence under different records (each record names the others)."""
    by_text: dict[str, list[Record]] = {}
    for record in records:
        harm = record.get(HARM)
        if isinstance(harm, str) and len(normalize(harm).split()) >= MIN_REPEAT_WORDS and not record.is_open:
            by_text.setdefault(normalize(harm), []).append(record)
    out = []
    for same in by_text.values():
        # Only across different kinds of item: the same item for another year, region or file
        # ("Hasil seleksi 2025", "Hasil seleksi 2026 (Banjar)") may share its reasoning.
        # Each title's kind is worked out once: a sentence shared by thousands of records made
        # this pairwise comparison the slowest check of a 10,000-record build (issue 12).
        kinds = [_kind_of(r.title) for r in same]
        per_kind = Counter(kinds)
        if len(per_kind) < 2:
            continue
        for record, kind in zip(same, kinds):
            count = len(same) - per_kind[kind]
            if not count:
                continue
            first = list(islice((r.id for r, k in zip(same, kinds) if k != kind), 5))
            shown = ", ".join(first) + (f" dan {count - 5} lainnya" if count > 5 else "")
            out.append(finding(REPEATED_TEXT, record, HARM,
                               f"Kalimat jika_dibuka ini sama persis dengan {shown}. Uraikan kerugian khusus untuk "
                               "informasi ini."))
    return out
