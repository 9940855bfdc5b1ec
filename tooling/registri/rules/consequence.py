"""The consequence test (Pasal 19 UU 14/2008, Perki 1/2021 Pasal 49) and the determination.

The test comes before the determination, and both texts must actually weigh something: a
placeholder or a one-word answer is not a consequence test.
"""

from __future__ import annotations

from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding, fmt, normalize, words

MIN_WORDS = 6
MIN_CHARS = 40
# Answers seen in real forms that say nothing (compared after lower-casing, punctuation removed).
PLACEHOLDERS = frozenset({
    "", "belum diisi", "belum ada", "tbd", "todo", "to do", "n a", "na", "tidak ada", "ada", "ya", "tidak",
    "lihat lampiran", "terlampir", "idem", "sda", "xxx", "isi", "diisi", "rahasia", "dirahasiakan",
    "dikecualikan", "lorem ipsum", "menyusul", "akan diisi", "nanti",
})

TEST_BEFORE_DETERMINATION = Rule(
    "DIK009", Level.ERROR, "Uji konsekuensi setelah penetapan",
    "Uji konsekuensi harus dilakukan sebelum atau pada hari informasi ditetapkan sebagai informasi yang dikecualikan.",
    "Periksa tanggal uji_konsekuensi dan penetapan; bila ujinya memang menyusul, lakukan penetapan ulang setelah uji.")
DETERMINATION_NOT_FUTURE = Rule(
    "DIK010", Level.ERROR, "Tanggal penetapan di masa depan",
    "Register hanya memuat informasi yang sudah ditetapkan; tanggal penetapan tidak boleh setelah hari ini.",
    "Tulis tanggal surat penetapan yang sebenarnya, atau tunggu sampai penetapan ditandatangani.")
HARM_SUBSTANTIVE = Rule(
    "DIK011", Level.ERROR, "Konsekuensi jika dibuka tidak diuraikan",
    f"uji_konsekuensi.jika_dibuka harus menguraikan kerugian bila informasi dibuka (minimal {MIN_WORDS} kata), "
    "bukan '-', 'belum diisi', 'tbd' atau jawaban satu kata.",
    "Tuliskan siapa yang dirugikan dan bagaimana bila informasi dibuka, sesuai berita acara uji konsekuensi.")
PUBLIC_INTEREST_SUBSTANTIVE = Rule(
    "DIK012", Level.ERROR, "Kepentingan publik tidak diuraikan",
    f"uji_konsekuensi.kepentingan_publik harus menjelaskan mengapa menutup informasi melindungi kepentingan "
    f"yang lebih besar (minimal {MIN_WORDS} kata), bukan isian kosong atau satu kata.",
    "Tuliskan pertimbangan kepentingan publik dari berita acara uji konsekuensi, termasuk apa yang tetap dibuka.")
TEXTS_DIFFER = Rule(
    "DIK013", Level.ERROR, "Dua uraian uji konsekuensi sama",
    "jika_dibuka dan kepentingan_publik berisi teks yang sama; keduanya menjawab pertanyaan yang berbeda.",
    "Uraikan kerugian bila dibuka pada jika_dibuka, dan pertimbangan kepentingan publik pada kepentingan_publik.")

RULES = (TEST_BEFORE_DETERMINATION, DETERMINATION_NOT_FUTURE, HARM_SUBSTANTIVE, PUBLIC_INTEREST_SUBSTANTIVE,
         TEXTS_DIFFER)


def weakness(text: object) -> str | None:
    """Why `text` is not a substantive answer, or None when it is."""
    plain = normalize(str(text or ""))
    if plain in PLACEHOLDERS:
        return f"isinya '{str(text).strip()}' hanya pengisi tempat" if str(text or "").strip() else "isinya kosong"
    count = len(words(plain))
    if count == 1:
        return "isinya hanya satu kata"
    if count < MIN_WORDS or len(plain) < MIN_CHARS:
        return f"isinya terlalu singkat ({count} kata)"
    return None


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    tested, determined = record.test_date, record.determined_on
    if tested and determined and tested > determined:
        yield finding(TEST_BEFORE_DETERMINATION, record, "uji_konsekuensi.tanggal",
                      f"Uji konsekuensi bertanggal {fmt(tested)}, setelah penetapan {fmt(determined)}. "
                      "Uji konsekuensi harus dilakukan sebelum penetapan.")
    if determined and determined > ctx.today:
        yield finding(DETERMINATION_NOT_FUTURE, record, "penetapan.tanggal",
                      f"Tanggal penetapan {fmt(determined)} setelah hari ini ({fmt(ctx.today)}); "
                      "tulis tanggal surat penetapan yang sudah ditandatangani.")
    harm = record.get("uji_konsekuensi.jika_dibuka")
    interest = record.get("uji_konsekuensi.kepentingan_publik")
    problem = weakness(harm)
    if problem:
        yield finding(HARM_SUBSTANTIVE, record, "uji_konsekuensi.jika_dibuka",
                      f"uji_konsekuensi.jika_dibuka: {problem}. Uraikan kerugian yang timbul bila informasi dibuka "
                      f"(minimal {MIN_WORDS} kata).")
    problem = weakness(interest)
    if problem:
        yield finding(PUBLIC_INTEREST_SUBSTANTIVE, record, "uji_konsekuensi.kepentingan_publik",
                      f"uji_konsekuensi.kepentingan_publik: {problem}. Jelaskan mengapa menutup informasi "
                      f"melindungi kepentingan yang lebih besar (minimal {MIN_WORDS} kata).")
    if harm and interest and normalize(harm) == normalize(interest) and not weakness(harm):
        yield finding(TEXTS_DIFFER, record, "uji_konsekuensi.kepentingan_publik",
                      "kepentingan_publik sama persis dengan jika_dibuka; tuliskan pertimbangan kepentingan "
                      "publik tersendiri.")
