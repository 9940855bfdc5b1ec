"""The exemption period (jangka waktu): its type, its end, its review, and Pasal 20.

Pasal 20 UU 14/2008 makes 17a-17f exemptions temporary, so `tidak_terbatas` is only for
17g-17j; a fixed term ends `tahun` years after `mulai` and may not exceed the longest term per
code (pasal17.yaml `maks_tahun`, overridden by registri.yaml `batas_tahun`).
"""

from __future__ import annotations

from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record, add_years
from registri.rules.base import Context, finding, fmt, normalize, words
from registri.rules.consequence import PLACEHOLDERS

FIXED, EVENT, CONSENT, INDEFINITE = "durasi_tetap", "sampai_peristiwa", "sampai_persetujuan", "tidak_terbatas"
PERIOD = "klasifikasi.jangka_waktu"
CONSENT_LETTERS = ("17g", "17h")   # Pasal 18(2): the person's written consent lifts 17g and 17h

INDEFINITE_ALLOWED = Rule(
    "DIK014", Level.ERROR, "Tidak terbatas untuk huruf yang tidak mengizinkan",
    "Pasal 20 UU 14/2008: pengecualian Pasal 17 huruf a sampai f tidak bersifat permanen. Jangka waktu "
    "'tidak_terbatas' hanya untuk huruf g, h, i dan j, dan setiap huruf yang dipakai catatan harus mengizinkannya.",
    "Pilih durasi_tetap (dengan tahun dan berakhir) atau sampai_peristiwa, atau hapus huruf a-f dari pasal bila memang tidak berlaku.")
END_MATCHES_TERM = Rule(
    "DIK015", Level.ERROR, "Tanggal berakhir tidak sama dengan mulai + tahun",
    "Untuk durasi_tetap, berakhir harus tepat mulai ditambah tahun (29 Februari menjadi 28 Februari).",
    "Hitung ulang berakhir dari mulai dan tahun, atau perbaiki mulai/tahun sesuai surat penetapan.")
TERM_WITHIN_LIMIT = Rule(
    "DIK016", Level.ERROR, "Jangka waktu melebihi batas",
    "Lama pengecualian melebihi batas tahun untuk kode pasal tersebut (mis. 17a paling lama 30 tahun menurut PP 61/2010); "
    "batasnya diatur di pasal17.yaml dan batas_tahun di registri.yaml.",
    "Kurangi tahun sampai batas yang berlaku, lalu sesuaikan berakhir.")
EVENT_NAMED = Rule(
    "DIK017", Level.ERROR, "Peristiwa pengakhir tidak disebut",
    "Jangka waktu sampai_peristiwa harus menyebut peristiwa yang mengakhiri pengecualian di kolom peristiwa.",
    "Isi jangka_waktu.peristiwa, mis. 'Pengumuman hasil seleksi' atau 'Penandatanganan kontrak'.")
FIELDS_MATCH_TYPE = Rule(
    "DIK018", Level.ERROR, "Kolom jangka waktu tidak cocok dengan jenisnya",
    "tahun dan berakhir hanya untuk durasi_tetap; peristiwa hanya untuk sampai_peristiwa. Kolom yang tidak cocok "
    "membuat jangka waktu bertentangan.",
    "Hapus kolom yang tidak cocok, atau ubah jenis jangka waktu sesuai surat penetapan.")
REVIEW_NOT_OVERDUE = Rule(
    "DIK019", Level.WARNING, "Tinjau ulang terlambat",
    "Tanggal tinjau_ulang sudah lewat tetapi informasi belum ditinjau ulang atau dibuka.",
    "Lakukan peninjauan (uji konsekuensi baru): catat di peninjauan dan isi tinjau_ulang berikutnya, atau buka informasinya.")
EXPIRED_IS_OPENED = Rule(
    "DIK020", Level.ERROR, "Jangka waktu berakhir tetapi belum dibuka",
    "Jangka waktu tetap sudah berakhir, sehingga informasi harus dinyatakan terbuka (PP 61/2010), tetapi status belum 'dibuka'.",
    "Tetapkan pembukaan: ubah status menjadi dibuka dan isi dibuka (tanggal, alasan: jangka_waktu_berakhir, dasar), "
    "atau bila pengecualian diperpanjang, catat peninjauan dan jangka waktu barunya.")
REVIEW_AFTER_DETERMINATION = Rule(
    "DIK021", Level.ERROR, "Tinjau ulang tidak setelah penetapan",
    "Tanggal tinjau_ulang harus setelah tanggal penetapan.",
    "Isi tinjau_ulang dengan tanggal peninjauan berikutnya, biasanya satu tahun setelah penetapan.")
YEARLY_REVIEW = Rule(
    "DIK022", Level.WARNING, "Pengecualian tidak terbatas tanpa tinjauan tahunan",
    "Pengecualian tidak_terbatas tetap ditinjau setiap tahun: tinjau_ulang paling lambat satu tahun setelah penetapan "
    "atau peninjauan terakhir.",
    "Majukan tinjau_ulang menjadi paling lambat satu tahun setelah penetapan atau peninjauan terakhir.",
    waivable=True)
CONSENT_FITS_GROUND = Rule(
    "DIK023", Level.WARNING, "Sampai persetujuan untuk huruf selain g/h",
    "Persetujuan tertulis yang bersangkutan hanya membuka informasi Pasal 17 huruf g dan h (Pasal 18 ayat 2); "
    "untuk huruf lain jangka waktu sampai_persetujuan tidak pernah berakhir.",
    "Pilih jenis jangka waktu lain, atau periksa kembali kode pasalnya.",
    waivable=True)

RULES = (INDEFINITE_ALLOWED, END_MATCHES_TERM, TERM_WITHIN_LIMIT, EVENT_NAMED, FIELDS_MATCH_TYPE,
         REVIEW_NOT_OVERDUE, EXPIRED_IS_OPENED, REVIEW_AFTER_DETERMINATION, YEARLY_REVIEW, CONSENT_FITS_GROUND)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    if not isinstance(record.get(PERIOD), dict):
        return
    kind = record.period_type
    yield from _type_rules(record, ctx, kind)
    if kind == FIXED:
        yield from _fixed_term(record, ctx)
    yield from _review(record, ctx, kind)


def _type_rules(record: Record, ctx: Context, kind: str | None) -> Iterable[Finding]:
    if kind == INDEFINITE:
        refusing = [letter for letter in record.letters
                    if (g := ctx.pasal17.ground(letter)) is not None and not g.may_be_indefinite]
        if refusing:
            yield finding(INDEFINITE_ALLOWED, record, f"{PERIOD}.jenis",
                          f"Jangka waktu tidak_terbatas tidak boleh untuk Pasal {', '.join(refusing)} (Pasal 20 UU 14/2008: "
                          "huruf a-f tidak permanen). Pilih durasi_tetap atau sampai_peristiwa.")
    if kind == EVENT:
        event = record.get(f"{PERIOD}.peristiwa")
        plain = normalize(str(event or ""))
        if plain in PLACEHOLDERS or len(words(plain)) < 2:
            yield finding(EVENT_NAMED, record, f"{PERIOD}.peristiwa" if event else PERIOD,
                          "Jangka waktu sampai_peristiwa belum menyebut peristiwanya: isi jangka_waktu.peristiwa "
                          "dengan peristiwa yang mengakhiri pengecualian, mis. 'Pengumuman hasil seleksi'.")
    misplaced = [name for name in ("tahun", "berakhir") if kind != FIXED and record.get(f"{PERIOD}.{name}") is not None]
    misplaced += ["peristiwa"] if kind != EVENT and record.get(f"{PERIOD}.peristiwa") else []
    for name in misplaced:
        yield finding(FIELDS_MATCH_TYPE, record, f"{PERIOD}.{name}",
                      f"Kolom jangka_waktu.{name} tidak berlaku untuk jenis '{kind}'. Hapus kolom ini, atau ubah "
                      "jenis jangka waktu bila yang dimaksud memang " + ("durasi_tetap." if name != "peristiwa" else "sampai_peristiwa."))
    if kind == CONSENT:
        other = [letter for letter in record.letters if letter not in CONSENT_LETTERS]
        if other:
            yield finding(CONSENT_FITS_GROUND, record, f"{PERIOD}.jenis",
                          f"Jangka waktu sampai_persetujuan hanya cocok untuk Pasal 17g/17h, bukan {', '.join(other)}: "
                          "persetujuan seseorang tidak membuka informasi dengan alasan tersebut.")


def _fixed_term(record: Record, ctx: Context) -> Iterable[Finding]:
    written, computed = record.period_end, record.computed_end
    if written and computed and written != computed:
        yield finding(END_MATCHES_TERM, record, f"{PERIOD}.berakhir",
                      f"berakhir {fmt(written)} tidak sama dengan mulai {fmt(record.period_start)} + "
                      f"{record.get(PERIOD + '.tahun')} tahun = {fmt(computed)}. Perbaiki salah satunya.")
    years = record.get(f"{PERIOD}.tahun")
    if isinstance(years, int):
        limits = {code: limit for code in record.pasal
                  if (limit := ctx.pasal17.max_years(code, dict(ctx.max_years))) is not None}
        if limits:
            code, limit = min(limits.items(), key=lambda item: item[1])
            if years > limit:
                yield finding(TERM_WITHIN_LIMIT, record, f"{PERIOD}.tahun",
                              f"Jangka waktu {years} tahun melebihi batas {limit} tahun untuk Pasal {code}; "
                              f"kurangi menjadi paling lama {limit} tahun dan sesuaikan berakhir.")
    if record.is_expired(ctx.today) and not record.is_open:
        yield finding(EXPIRED_IS_OPENED, record, f"{PERIOD}.berakhir",
                      f"Jangka waktu berakhir {fmt(written)} (sebelum hari ini, {fmt(ctx.today)}) tetapi status masih "
                      f"'{record.status}'. Tetapkan pembukaan (status dibuka) atau catat peninjauan yang memperpanjangnya.")


def _review(record: Record, ctx: Context, kind: str | None) -> Iterable[Finding]:
    review, determined = record.review_date, record.determined_on
    if review is None:
        return
    if determined and review <= determined:
        yield finding(REVIEW_AFTER_DETERMINATION, record, "klasifikasi.tinjau_ulang",
                      f"tinjau_ulang {fmt(review)} tidak setelah penetapan {fmt(determined)}; isi tanggal peninjauan "
                      "berikutnya.")
    if record.review_overdue(ctx.today):
        yield finding(REVIEW_NOT_OVERDUE, record, "klasifikasi.tinjau_ulang",
                      f"Tinjau ulang dijadwalkan {fmt(review)} dan sudah lewat (hari ini {fmt(ctx.today)}). "
                      "Lakukan peninjauan dan catat hasilnya di peninjauan, lalu isi tinjau_ulang berikutnya.")
    if kind == INDEFINITE and not record.is_open:
        base = max([d for d in (determined, record.period_start, *record.reviewed_on) if d], default=None)
        if base and review > add_years(base, 1):
            yield finding(YEARLY_REVIEW, record, "klasifikasi.tinjau_ulang",
                          f"Pengecualian tidak_terbatas ditinjau setiap tahun, tetapi tinjau_ulang {fmt(review)} lebih dari "
                          f"satu tahun setelah {fmt(base)}; majukan menjadi paling lambat {fmt(add_years(base, 1))}.")
