"""Titles: Pasal 18 documents are never exempt, and a bare category is not a description.

How a Pasal 18 title is told apart from a real 17i item. A title names one document; its head
(the words before "tentang", after neutral words like "salinan" or "lampiran") says what kind of
document it is. "Keputusan Kepala Balai tentang rotasi" is a decree: never exempt. "Konsep surat
edaran ..." and "Memo internal tentang rancangan keputusan ..." are a draft and a memo: their head
is "konsep"/"memo", so the rule stays quiet. A draft word in the head ("Keputusan (draf) tentang
...", "Surat edaran yang belum ditandatangani") also marks a draft. Draft words after "tentang"
describe the subject ("Keputusan tentang rancangan anggaran" is still a decree).
"""

from __future__ import annotations

import re
from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding, normalize, words

# Words that do not change what kind of document it is.
NEUTRAL_HEAD = ("salinan", "fotokopi", "naskah", "dokumen", "berkas", "arsip", "lampiran", "asli", "pindaian", "scan")
# Heads (normalized word sequences) of Pasal 18(1) documents, with the reason shown to users.
NEVER_EXEMPT = (
    (("putusan",), "putusan badan peradilan (Pasal 18 ayat 1 huruf a)"),
    (("peraturan",), "peraturan (Pasal 18 ayat 1 huruf b)"),
    (("keputusan",), "keputusan (Pasal 18 ayat 1 huruf b)"),
    (("surat", "keputusan"), "keputusan (Pasal 18 ayat 1 huruf b)"),
    (("sk",), "surat keputusan (Pasal 18 ayat 1 huruf b)"),
    (("ketetapan",), "ketetapan (Pasal 18 ayat 1 huruf b)"),
    (("surat", "edaran"), "surat edaran (Pasal 18 ayat 1 huruf b)"),
    (("se",), "surat edaran (Pasal 18 ayat 1 huruf b)"),
    (("kebijakan",), "kebijakan (Pasal 18 ayat 1 huruf b)"),
    (("instruksi",), "instruksi sebagai bentuk kebijakan (Pasal 18 ayat 1 huruf b)"),
    (("sp3",), "surat perintah penghentian penyidikan (Pasal 18 ayat 1 huruf c)"),
    (("skpp",), "surat ketetapan penghentian penuntutan (Pasal 18 ayat 1 huruf c)"),
    (("surat", "perintah", "penghentian"), "surat perintah penghentian penyidikan atau penuntutan (Pasal 18 ayat 1 huruf c)"),
)
REGULATION_ABBREVIATION = re.compile(r"^(perpres|perppu|permen\w*|perka\w*|perki\w*|perda\w*|pergub|perbup|perwali|perdirjen)$")
DRAFT_WORDS = frozenset({"konsep", "draf", "draft", "drafting", "rancangan", "ranc", "usulan",
                         "belum", "telaah", "kajian", "memo", "memorandum", "nota", "catatan", "bahan"})

# Titles that only name a category ("Data pribadi"): first word, and at most this many words.
CATEGORY_HEADS = frozenset({"data", "dokumen", "informasi", "arsip", "berkas", "file", "surat", "laporan",
                            "catatan", "rekaman", "daftar"})
CATEGORY_MAX_WORDS = 3

NEVER_EXEMPT_TITLE = Rule(
    "DIK024", Level.ERROR, "Judul termasuk informasi yang wajib terbuka (Pasal 18)",
    "Pasal 18 ayat 1 UU 14/2008: putusan pengadilan; peraturan, keputusan, ketetapan, surat edaran dan kebijakan lain; "
    "serta surat perintah penghentian penyidikan/penuntutan tidak dapat dikecualikan. Konsep atau memo yang membahas "
    "rancangannya boleh dikecualikan (17i) bila judulnya menyebut demikian.",
    "Bila yang dikecualikan adalah konsepnya, tulis judul seperti 'Konsep surat edaran tentang ...' atau 'Memo internal "
    "tentang rancangan keputusan ...'; bila dokumennya sudah ditetapkan, dokumen itu wajib terbuka: buka catatan ini.")
SPECIFIC_TITLE = Rule(
    "DIK025", Level.WARNING, "Judul hanya kategori umum",
    "Judul seperti 'Data pribadi' atau 'Dokumen kepegawaian' hanya menyebut kategori; penetapan harus jelas dan terang "
    "menyebut informasi yang dikecualikan.",
    "Tulis judul yang menyebut dokumennya, kegiatannya dan tahunnya, mis. 'Hasil asesmen kompetensi calon kepala sekolah 2026'.",
    waivable=True)

RULES = (NEVER_EXEMPT_TITLE, SPECIFIC_TITLE)


MARKUP = re.compile(r"<[^>]*>")


def head_words(title: str) -> list[str]:
    """The title's head: words before 'tentang', without leading neutral words or markup."""
    title = MARKUP.sub(" ", title)
    head = normalize(re.split(r"\btentang\b", title, maxsplit=1, flags=re.IGNORECASE)[0]).split()
    while head and head[0] in NEUTRAL_HEAD:
        head = head[1:]
    return head


def never_exempt_reason(title: str) -> str | None:
    """Why a title names a Pasal 18 document, or None."""
    head = head_words(title)
    if not head or DRAFT_WORDS.intersection(head):
        return None
    for prefix, reason in NEVER_EXEMPT:
        if tuple(head[:len(prefix)]) == prefix:
            return reason
    if REGULATION_ABBREVIATION.match(head[0]):
        return "peraturan (Pasal 18 ayat 1 huruf b)"
    return None


# Words that only name a kind of information, a kind of person or a field of work. A title made of
# nothing else ("Sistem Informasi", "Konflik Sosial", "Data pribadi dosen dan tenaga kependidikan")
# names a category, whatever its first word; one specific word (a document, an activity, a year)
# makes it an item.
GENERIC_WORDS = frozenset("""
data informasi dokumen dokumentasi arsip berkas file surat laporan catatan rekaman daftar sistem aplikasi basis
pribadi personal rahasia kerahasiaan negara jabatan dinas internal umum khusus lainnya lain tertentu terkait
pegawai karyawan aparatur asn pns pppk dosen guru tenaga pendidik kependidikan mahasiswa siswa peserta didik
pelajar masyarakat warga penduduk pasien klien nasabah pelanggan mitra vendor penyedia pejabat pimpinan
konflik sosial politik keamanan ketertiban pertahanan intelijen hukum perkara kasus sengketa
kepegawaian keuangan kesehatan medis pendidikan akademik kemahasiswaan sarana prasarana aset teknologi
jaringan server keluarga identitas biodata profil riwayat kekayaan intelektual rekam jejak elektronik digital
milik instansi lembaga kantor balai unit organisasi
dan atau serta yang dari untuk milik para seluruh semua berbagai
""".split())
GENERIC_MAX_WORDS = 8


def is_bare_category(title: str) -> bool:
    tokens = words(MARKUP.sub(" ", title).lower())
    if 0 < len(tokens) <= CATEGORY_MAX_WORDS and tokens[0] in CATEGORY_HEADS:
        return True
    return 0 < len(tokens) <= GENERIC_MAX_WORDS and all(t in GENERIC_WORDS for t in tokens)


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    title = record.title
    reason = never_exempt_reason(title)
    if reason:
        yield finding(NEVER_EXEMPT_TITLE, record, "judul",
                      f"Judul '{title}' menyebut {reason}, yang tidak dapat dikecualikan. Bila yang dikecualikan adalah "
                      "konsep atau memo pembahasannya, tulis 'Konsep ...' atau 'Memo internal tentang rancangan ...'.")
    elif is_bare_category(title):
        yield finding(SPECIFIC_TITLE, record, "judul",
                      f"Judul '{title}' hanya menyebut kategori. Tulis informasi yang dikecualikan secara jelas dan "
                      "spesifik: dokumen apa, kegiatan apa, tahun berapa.")
