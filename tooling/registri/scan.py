"""The leak scanner: what must never be committed to the register.

A record describes an exempted document; it must never hold the personal data or secrets the
document protects, and the document itself stays in the office's secured storage. The scanner
reads raw text (it works on files the YAML loader rejects), checks the *structure* of every
identifier it finds (real province code, plausible birth date, ...) and the words around it, so
letter numbers such as 0412/B12/HM.01.00/2026, dates, SHA-256 fingerprints and amounts stay quiet.

Every scan finding blocks a commit. The level says whether a record may carry a written
exception for it in `abaikan_aturan`: personal-data shapes are warnings (a look-alike number can
be a false positive), secrets, private keys and files that are not records are errors and can
never be waived. Matched values are always masked in messages.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.loader import MAX_BYTES, UTF16_ADVICE, decode, parse_text, utf16_kind

_BLOCKS = "Setiap temuan pemindaian menolak commit. "
_WAIVE = ("Bila angka ini terbukti bukan data pribadi (misalnya nomor layanan resmi kantor atau nomor "
          "surat yang kebetulan berbentuk sama), catatan boleh mengecualikannya di abaikan_aturan dengan "
          "alasan tertulis.")
_NEVER = "Tidak dapat dikecualikan lewat abaikan_aturan."

RULES = (
    Rule("SCN001", Level.ERROR, "NIK di catatan",
         "Ada angka 16 digit berstruktur NIK (kode provinsi yang ada, kode kabupaten/kota dan kecamatan, "
         "tanggal lahir DDMMYY yang masuk akal dengan tanggal +40 untuk perempuan, nomor urut), ditulis rapat atau "
         "berkelompok (4-4-4-4, 6.6.4). NIK juga menjadi NPWP orang pribadi sejak 2024. Catatan hanya menguraikan "
         f"dokumen, tidak boleh memuat data pribadi di dalamnya. {_BLOCKS}{_WAIVE}",
         "Hapus NIK dari catatan; uraikan jenis datanya saja (mis. 'NIK peserta').", waivable=True),
    Rule("SCN002", Level.ERROR, "NIP PNS atau NI PPPK di catatan",
         "Ada angka 18 digit (boleh berspasi seperti 19860926 201505 1 001) berstruktur NIP PNS atau NI PPPK: "
         "tanggal lahir YYYYMMDD yang masuk akal, TMT YYYYMM setelah usia 17 tahun, kode jenis kelamin 1/2, "
         f"nomor urut. {_BLOCKS}{_WAIVE}",
         "Hapus NIP/NI PPPK dari catatan; sebut jabatan atau 'pegawai yang bersangkutan' saja.", waivable=True),
    Rule("SCN003", Level.ERROR, "NPWP di catatan",
         "Ada NPWP dalam salah satu format yang berlaku: 15 digit berformat (99.999.999.9-999.999, juga dengan spasi), "
         "atau 15 atau 16 digit (NPWP 16 digit yang berlaku sejak 2024) di dekat kata NPWP. "
         f"{_BLOCKS}{_WAIVE}",
         "Hapus NPWP dari catatan; sebut 'NPWP rekanan' sebagai jenis data saja.", waivable=True),
    Rule("SCN004", Level.ERROR, "NISN di catatan",
         "Ada angka 10 digit di dekat kata NISN, siswa, murid, atau peserta didik: nomor induk siswa adalah "
         f"data anak. {_BLOCKS}{_WAIVE}",
         "Hapus NISN dari catatan; sebut 'NISN peserta didik' sebagai jenis data saja.", waivable=True),
    Rule("SCN005", Level.ERROR, "Nomor telepon di catatan",
         "Ada nomor telepon: nomor seluler Indonesia (+62 8…, 62 8…, 08…, 10–13 digit) atau telepon rumah/kantor "
         "dengan kode wilayah (mis. (0511) 477 2123, +62 21 5790 3020, atau 0511-4772123 di dekat kata telp/HP/WA), "
         f"ditulis dengan spasi, tanda hubung, titik, atau kurung. {_BLOCKS}{_WAIVE}",
         "Hapus nomor telepon dari catatan.", waivable=True),
    Rule("SCN006", Level.ERROR, "Alamat e-mail di catatan",
         "Ada alamat e-mail, juga yang disamarkan agar tidak dipanen mesin (nama[at]domain[dot]go[dot]id, "
         "nama (at) domain.com, nama at domain dot com). Domain contoh yang dicadangkan (.example, example.com, "
         f".test, .invalid) tidak dianggap temuan. {_BLOCKS}{_WAIVE}",
         "Hapus alamat e-mail dari catatan; penanggung jawab dicatat di registri.yaml.", waivable=True),
    Rule("SCN007", Level.ERROR, "Nomor rekening bank di catatan",
         "Ada angka 10–16 digit di dekat kata rekening/rek. atau nama bank (BRI, BNI, Mandiri, BSI, BCA, "
         f"BTN, Bank Kalsel, …). Data keuangan pribadi adalah data spesifik menurut UU 27/2022. {_BLOCKS}{_WAIVE}",
         "Hapus nomor rekening dari catatan; sebut 'nomor rekening peserta' sebagai jenis data saja.", waivable=True),
    Rule("SCN008", Level.ERROR, "NUPTK atau NRG di catatan",
         "Ada nomor identitas pendidik dan tenaga kependidikan: NUPTK (Nomor Unik Pendidik dan Tenaga Kependidikan, "
         "16 digit) atau NRG (Nomor Registrasi Guru bersertifikat pendidik, 12 digit) di dekat kata NUPTK/NRG. "
         "Nomor ini melekat seumur hidup pada satu orang, sama seperti NIK. NPSN (8 digit, nomor sekolah) bukan "
         f"data pribadi dan tidak dianggap temuan. {_BLOCKS}{_WAIVE}",
         "Hapus NUPTK/NRG dari catatan; sebut 'NUPTK guru yang bersangkutan' sebagai jenis data saja.", waivable=True),
    Rule("SCN009", Level.ERROR, "NIM atau NPM mahasiswa di catatan",
         "Ada nomor induk mahasiswa (NIM, atau NPM di sebagian perguruan tinggi) setelah kata NIM/NPM: 6–18 karakter "
         "yang memuat sedikitnya 6 digit, kadang dengan huruf kode program studi (mis. A1C020045). "
         f"{_BLOCKS}{_WAIVE}",
         "Hapus NIM dari catatan; sebut 'NIM mahasiswa magang' sebagai jenis data saja.", waivable=True),
    Rule("SCN010", Level.ERROR, "Kunci privat",
         "Ada blok kunci privat (-----BEGIN … PRIVATE KEY-----). Kunci yang pernah masuk Git harus dianggap "
         f"bocor, karena riwayat Git menyimpannya selamanya. {_BLOCKS}{_NEVER}",
         "Hapus kunci dari berkas, ganti (rotasi) kunci tersebut, dan simpan kunci baru di brankas kata sandi."),
    Rule("SCN011", Level.ERROR, "Token akses",
         "Ada token akses layanan awan atau hosting kode, dikenali dari awalan yang diterbitkan penyedianya: "
         "AWS (AKIA…, ASIA…), GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, gldt-, glrt-, …), "
         "Google (AIza…, GOCSPX-, ya29.), Slack (xoxb-, xoxp-, …, webhook hooks.slack.com), Stripe (sk_live_, rk_live_), "
         "OpenAI, Anthropic, npm (npm_), PyPI (pypi-), Hugging Face (hf_), SendGrid, DigitalOcean, Shopify, bot "
         f"Telegram, kunci akun Azure Storage, dan JWT. {_BLOCKS}{_NEVER}",
         "Hapus token dari berkas, cabut token itu di layanannya, lalu buat token baru yang disimpan di luar repositori."),
    Rule("SCN012", Level.ERROR, "Kata sandi atau PIN tertulis",
         "Ada kata sandi atau PIN yang ditulis beserta nilainya, dengan label bahasa Indonesia atau Inggris: "
         "'kata sandi', 'sandi', 'kata kunci', 'password', 'passwd', 'passcode', 'PIN' (mis. 'kata sandi akun SIMPEG: …', "
         "'sandi wifi adalah …', 'PIN ATM 482913'). Catatan boleh menyebut di mana kata sandi disimpan, tidak boleh "
         f"memuat kata sandinya. {_BLOCKS}{_NEVER}",
         "Hapus kata sandinya, ganti kata sandi atau PIN itu, dan tulis hanya lokasi penyimpanannya (mis. brankas kata sandi)."),
    Rule("SCN013", Level.ERROR, "Nilai rahasia",
         "Ada penetapan bernama secret/token/api_key/kunci_api/rahasia dengan nilai acak panjang (entropi tinggi), "
         f"yang hampir pasti kredensial. {_BLOCKS}{_NEVER}",
         "Hapus nilainya, cabut kredensial itu, dan simpan kredensial baru di luar repositori."),
    Rule("SCN020", Level.ERROR, "Berkas bukan YAML di folder records",
         "Folder records/ hanya untuk catatan YAML (.yaml/.yml). Dokumen yang dikecualikan (PDF, gambar, "
         f"lembar kerja, arsip) disimpan di penyimpanan aman kantor, bukan di repositori. {_BLOCKS}{_NEVER}",
         "Keluarkan berkas dari commit (git rm --cached BERKAS), simpan di arsip yang aman, dan tulis lokasinya "
         "di bagian dokumentasi catatan."),
    Rule("SCN021", Level.ERROR, "Berkas biner",
         "Berkas berisi byte NUL atau bukan teks UTF-8: berkas biner (mis. PDF, gambar, dokumen Office) "
         f"atau teks ber-encoding lain. {_BLOCKS}{_NEVER}",
         "Jangan masukkan dokumen ke repositori; untuk catatan, simpan ulang sebagai teks UTF-8."),
    Rule("SCN022", Level.ERROR, "Berkas terlalu besar untuk catatan",
         f"Berkas di records/ lebih besar dari {MAX_BYTES // 1000} KB; catatan hanya menguraikan dokumen. "
         f"{_BLOCKS}{_NEVER}",
         "Simpan dokumen di arsip yang aman dan tulis lokasinya di bagian dokumentasi catatan."),
)
RULE_BY_CODE = {rule.code: rule for rule in RULES}
WAIVABLE_CODES = tuple(rule.code for rule in RULES if rule.waivable)

# What the scan says after its findings, or when there are none (every face prints these).
BLOCKED_ADVICE = ("Berkas ini tidak boleh di-commit: data pribadi, rahasia, dan dokumen tidak masuk repositori. Angka "
                  f"yang terbukti bukan data pribadi ({WAIVABLE_CODES[0]}-{WAIVABLE_CODES[-1]}) boleh dikecualikan di "
                  "abaikan_aturan catatan dengan alasan tertulis; rahasia, kunci, dan berkas terlarang tidak dapat "
                  "dikecualikan.")


def clean_summary(files: int) -> str:
    return f"Pemindaian selesai: tidak ada data pribadi, rahasia, atau berkas terlarang di {files} berkas."

# Province codes of the NIK (Kemendagri; 93-96 are the Papua provinces formed in 2022).
PROVINCES = {
    "11": "Aceh", "12": "Sumatera Utara", "13": "Sumatera Barat", "14": "Riau", "15": "Jambi",
    "16": "Sumatera Selatan", "17": "Bengkulu", "18": "Lampung", "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau", "31": "DKI Jakarta", "32": "Jawa Barat", "33": "Jawa Tengah",
    "34": "DI Yogyakarta", "35": "Jawa Timur", "36": "Banten", "51": "Bali", "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur", "61": "Kalimantan Barat", "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan", "64": "Kalimantan Timur", "65": "Kalimantan Utara", "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah", "73": "Sulawesi Selatan", "74": "Sulawesi Tenggara", "75": "Gorontalo",
    "76": "Sulawesi Barat", "81": "Maluku", "82": "Maluku Utara", "91": "Papua", "92": "Papua Barat",
    "93": "Papua Selatan", "94": "Papua Tengah", "95": "Papua Pegunungan", "96": "Papua Barat Daya",
}

PPPK_CODE = "21"         # NI PPPK: positions 13-14 hold this code where a NIP holds the TMT month

BANKS = ("BRI", "BNI", "BCA", "BSI", "BTN", "Mandiri", "CIMB", "Danamon", "Permata", "Muamalat",
         "OCBC", "Bank Kalsel", "Bank Jatim", "Bank Jateng", "Bank DKI", "Bank Kaltimtara", "Bank Kalteng")
RESERVED_MAIL_DOMAINS = ("example", "example.com", "example.org", "example.net", "test", "invalid", "localhost")
YAML_SUFFIXES = (".yaml", ".yml")
ALLOWED_NON_YAML = (".gitkeep",)  # an empty placeholder keeps a new year folder in Git

# Digit runs are bounded by anything that is not a letter, digit or joiner of a larger token
# (a letter number 0412/B12/..., a dotted amount, a hex fingerprint, an id DIK-2026-003).
_LEFT = r"(?<![\w/.\-+@])"
_RIGHT = r"(?![\w/@]|[.\-]\d)"
# Every personal number below has at least 8 digits (single spaces, dots, dashes or a parenthesis
# between them): a text without such a run skips those detectors, which is most records.
_ANY_LONG_NUMBER = re.compile(r"\d(?:[ .\-()]{0,2}\d){7}")
# ISO dates and fingerprints are in every record and are never personal numbers: the gate ignores them.
_GATE_IGNORES = re.compile(r"(?<![\d.\-])\d{4}-\d{2}-\d{2}(?![\d.\-])|\b[0-9a-fA-F]{64}\b")


def _number(rest: str) -> re.Pattern:
    """A number bounded on both sides: one digit, then `rest`."""
    return re.compile(_LEFT + r"\d" + rest + _RIGHT)


@dataclass(frozen=True)
class Hit:
    code: str
    start: int
    end: int
    message: str


def mask(value: str) -> str:
    """Keep at most a quarter of the digits at each end: 3171010101900001 -> 3171********0001."""
    digits = re.sub(r"\D", "", value)
    keep = min(4, len(digits) // 4)
    return digits[:keep] + "*" * (len(digits) - 2 * keep) + digits[len(digits) - keep:] if keep else "*" * len(digits)


def _mask_mail(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def is_nik(digits: str) -> bool:
    """16 digits: province, regency, district, DDMMYY (day+40 for women), 4-digit serial."""
    if len(digits) != 16 or digits[:2] not in PROVINCES:
        return False
    if digits[2:4] == "00" or digits[4:6] == "00" or digits[12:] == "0000":
        return False
    day, month, yy = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    # Either century may be meant; 29 February needs one leap year among them.
    return any(_date(century + yy, month, day) for century in (1900, 2000))


def is_nip(digits: str) -> bool:
    """18 digits: birth YYYYMMDD, appointment (TMT) YYYYMM between age 17 and 60, sex 1/2, serial.

    The NI PPPK has the same shape with the appointment year followed by the code 21 instead of
    a month (19900721 2023 21 1 005). The bounds are relative to the birth date, not to today,
    so a scan gives the same answer on any day."""
    if len(digits) != 18 or digits[14] not in "12" or digits[15:] == "000":
        return False
    born = _date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    month = 1 if digits[12:14] == PPPK_CODE else int(digits[12:14])
    appointed = _date(int(digits[8:12]), month, 1)
    if born is None or appointed is None or born.year < 1930:
        return False
    return (born.year + 17, born.month) <= (appointed.year, appointed.month) <= (born.year + 60, born.month)


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


# --- detectors: each yields Hits over the whole text ------------------------------------------

_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d")

# Access tokens by the prefixes their issuers publish (so a scanner can find them), most specific
# first. Each entry: kind shown to the user, pattern. Lengths follow the issuers' documentation
# or the formats gitleaks/GitHub secret scanning use.
TOKEN_KINDS: tuple[tuple[str, str], ...] = (
    ("token GitHub", r"gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}"),
    ("token GitLab", r"gl(?:pat|dt|rt|ptt|ft|soat|imt|cbt)-[A-Za-z0-9_\-]{20,}|glagent-[A-Za-z0-9_\-]{50,}"
                     r"|GR1348941[A-Za-z0-9_\-]{20,}"),
    ("kunci akses AWS", r"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])"),
    ("kunci API Google", r"AIza[0-9A-Za-z_\-]{35}"),
    ("rahasia klien Google", r"GOCSPX-[A-Za-z0-9_\-]{28}"),
    ("token akses Google", r"ya29\.[0-9A-Za-z_\-]{30,}"),
    ("token Slack", r"xox[abposre]-[A-Za-z0-9-]{10,}|hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}"),
    ("kunci Stripe", r"(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,}"),
    ("kunci API Anthropic", r"sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_\-]{80,}"),
    ("kunci API OpenAI", r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"),
    ("token npm", r"npm_[A-Za-z0-9]{36}"),
    ("token PyPI", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
    ("token Hugging Face", r"hf_[A-Za-z]{34}"),
    ("kunci API SendGrid", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}"),
    ("token DigitalOcean", r"do[pro]_v1_[a-f0-9]{64}"),
    ("token Shopify", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}"),
    ("token bot Telegram", r"\d{8,10}:AA[0-9A-Za-z_\-]{33}"),
    ("kunci akun Azure Storage", r"AccountKey=[A-Za-z0-9+/]{86}=="),
    ("token JWT", r"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}"),
)
_TOKEN = re.compile("|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(TOKEN_KINDS)))
# Every token pattern above starts with one of these; a text without any skips the long
# alternation (most records), which otherwise costs more than all other detectors together.
_TOKEN_HINT = re.compile(r"gh[pousr]_|github_pat_|gl[a-z]{2,5}-|GR1348941|A[KSBC][IC]A|AIza|GOCSPX|ya29\.|xox|hooks\.slack"
                         r"|[sr]k_(?:live|test)_|sk-|npm_|pypi-|hf_|SG\.|do[pro]_v1_|shp[a-z]{2}_|:AA|AccountKey=|eyJ")

# A password, passcode or PIN written with its value. Up to three qualifying words may stand
# between the label and the value ("kata sandi akun SIMPEG: …", "password admin = …", "sandi
# wifi adalah …").
_PASSWORD_LABEL = r"password|passwd|passcode|pwd|kata[ _-]?sandi|sandi|kata[ _-]?kunci|kode[ _-]?sandi"
_PASSWORD = re.compile(
    r"(?i)(?<![\w-])(?P<label>" + _PASSWORD_LABEL + r")(?P<qualifier>(?:[ \t]+(?!adalah\b|yaitu\b|ialah\b)[\w.\-/]+){0,3}?)"
    r"[\"']?[ \t]*(?:[:=]|[ \t](?:adalah|yaitu|ialah|nya)\b:?)[ \t]*"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s]+)(?P<rest>[^\n]*)")
# A PIN needs a separator or a qualifier ("PIN ATM 482913"): "PIN Polio 2026" is the national
# immunisation week.
_PIN = re.compile(r"(?<![\w-])(?P<label>PIN|[Pp]in)(?:(?P<qualifier>(?:[ \t]+(?:ATM|kartu|brankas|ponsel|HP|m-banking|"
                  r"token|akun|lama|baru)){1,2})[ \t]*(?:[:=]|adalah|yaitu|ialah)?|[ \t]*(?:[:=]|adalah|yaitu|ialah))"
                  r"[ \t]*(?P<value>\d{4,8})(?![\d\w])")
_PLACEHOLDER = re.compile(r"^(?:\*+|x+|-+|\.+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|null|none|kosong|tidak ada|rahasia|"
                          r"disembunyikan|redacted|\[redacted\])$", re.I)
_ASSIGNED_VALUE = re.compile(r"[:=][ \t]*[\"']?(?P<value>[A-Za-z0-9+/_\-=.]{20,})")
_SECRET_NAME = re.compile(r"(?i)(?:secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
                          r"kunci[_-]?api|kunci[_-]?rahasia|rahasia)[\"']?[ \t]*$")

# Numbers. Groups may be joined by one space, dot or dash; the bounds keep digits inside letter
# numbers, ids, amounts and fingerprints out.
_NPWP = _number(r"\d[. ]\d{3}[. ]\d{3}[. ]\d[.\- ]\d{3}[. ]\d{3}")
_NPWP16 = _number(r"\d{3}[. ]\d{3}[. ]\d{3}[. ]\d[.\- ]\d{3}[. ]\d{3}")     # 0 + the 15-digit form, formatted
_LABELLED_NUMBER = _number(r"(?:[ .\-]?\d){11,17}")                       # 12-18 digits: NPWP, NUPTK, NRG
_NIP = _number(r"\d{7} ?\d{6} ?\d ?\d{3}")
_NIK = _number(r"(?:\d{15}|\d{5}([ .])\d{6}\1\d{4}|\d{3}([ .\-])\d{4}\2\d{4}\2\d{4})")
_LONG_NUMBER = _number(r"(?:[ .\-]?\d){9,15}")
_NISN = _number(r"(?:\d{9}|\d{2}([ .\-])\d{3}\1\d{4}|\d{3}([ .\-])\d{3}\2\d{3})")     # plain, 3-3-4 or 4-3-3
_NIM = re.compile(r"(?i)(?<![\w-])(?:NIM|NPM|nomor[ \t]+induk[ \t]+mahasiswa|nomor[ \t]+pokok[ \t]+mahasiswa)"
                  r"(?:[ \t]+mahasiswa)?[ \t]*[:.=]?[ \t]*(?P<value>[A-Za-z]{0,3}\d[\dA-Za-z.\-]{4,17})(?![\w/@])")
_MOBILE = re.compile(r"(?<![\w/.\-+@])(?:\(\+62\)|\+62|62|0)[ .\-]?(?:\(0\)[ .\-]?)?8[1-9]\d(?:[ .\-]?\d){6,10}" + _RIGHT)
# Landlines: an area code (0 + 2-3 digits, or +62 without the 0) and a 5-8 digit subscriber
# number. In parentheses or after +62 the shape alone tells; a bare 0511-4772123 needs a word
# such as telp/HP/WA before it, because letter numbers and ids are written the same way.
_LANDLINE_MARKED = re.compile(r"(?<![\w/.\-+@])(?:\(0(?P<a1>\d{2,3})\)|\+62[ .\-]?\(?(?P<a2>[2-79]\d{1,2})\)?)"
                              r"[ .\-]?(?P<sub>\d{2,4}(?:[ .\-]?\d{2,4}){1,2}|\d{5,8})" + _RIGHT)
_LANDLINE_BARE = re.compile(r"(?<![\w/.\-+@])0(?P<a1>[2-79]\d{1,2})[ .\-](?P<sub>\d{3,4}[ .\-]?\d{3,4}|\d{5,8})" + _RIGHT)
_PHONE_WORD = re.compile(r"(?i)(?:\b(?:telp?|tlp|telepon|telefon|ponsel|hp|wa|whatsapp|fax|faks|faksimile|kontak|"
                         r"hubungi|nomor[ \t]+telepon)\b\.?)[^\n]{0,30}$")
_TWO_DIGIT_AREAS = {"21", "22", "24", "31", "61"}     # Jakarta, Bandung, Semarang, Surabaya, Medan
_MAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})(?![\w\-])")
# Addresses written to dodge harvesters: nama[at]domain[dot]go[dot]id, nama (at) domain.com,
# nama at domain dot com, nama @ domain . com.
_OBF_AT = (r"(?P<at>[ \t]*(?:\[[ \t]*(?:at|et|@)[ \t]*\]|\([ \t]*(?:at|et|@)[ \t]*\)|\{[ \t]*(?:at|@)[ \t]*\}|<[ \t]*at[ \t]*>)[ \t]*"
           r"|[ \t]+(?:at|AT)[ \t]+|[ \t]+@[ \t]*|[ \t]*@[ \t]+)")
_OBF_DOT = (r"(?:[ \t]*(?:\[[ \t]*(?:dot|titik|\.)[ \t]*\]|\([ \t]*(?:dot|titik|\.)[ \t]*\)|\{[ \t]*dot[ \t]*\})[ \t]*"
            r"|[ \t]+(?:dot|DOT|titik)[ \t]+|[ \t]?\.[ \t]?)")
_OBF_MAIL = re.compile(r"(?<![\w.+\-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+\-]*)" + _OBF_AT +
                       r"(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:" + _OBF_DOT +
                       r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*" + _OBF_DOT + r"[A-Za-z]{2,})(?![\w\-])")
_DOT_WORD = re.compile(r"[ \t]*(?:\[[ \t]*(?:dot|titik|\.)[ \t]*\]|\([ \t]*(?:dot|titik|\.)[ \t]*\)|\{[ \t]*dot[ \t]*\})[ \t]*"
                       r"|[ \t]+(?:dot|DOT|titik)[ \t]+|[ \t]?\.[ \t]?")
# Top-level domains an address written with a bare " at " must end in (a bare "at" is also an
# English word; the bracketed forms are unambiguous).
_MAIL_HINT = re.compile(r"@|\bat\b|\bAT\b")
_PASSWORD_HINT = re.compile(r"(?i)pass|pwd|sandi|kata[ _-]?kunci|\bpin\b")
_COMMON_TLDS = {"id", "com", "net", "org", "info", "biz", "edu", "gov", "io", "co", "me", "app"}
_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")

# Labels that say what a number is. The nearest one before a number decides its class.
_LABEL = re.compile(r"(?i)\b(?:(?P<npwp>npwp)|(?P<nuptk>nuptk|nomor[ \t]+unik[ \t]+pendidik)"
                    r"|(?P<nrg>nrg|nomor[ \t]+registrasi[ \t]+guru)|(?P<nik>nik|ktp|nomor[ \t]+induk[ \t]+kependudukan)"
                    r"|(?P<nisn>nisn)|(?P<npsn>npsn)|(?P<other>nip|nomor[ \t]+surat|no\.?[ \t]*surat|isbn|issn))\b")
_NEAR_NPWP = re.compile(r"(?i)\bnpwp\b")
_EDUCATION_HINT = re.compile(r"(?i)\bnuptk\b|\bnrg\b|nomor[ \t]+(?:unik[ \t]+pendidik|registrasi[ \t]+guru)")
_NEAR_NISN = re.compile(r"(?i)\bnisn\b|\bsiswa\b|\bmurid\b|peserta[ \t\n]+didik|nomor[ \t]+induk[ \t]+siswa")
_NEAR_BANK = re.compile(r"(?i:\brekening\b|\brek\b\.?|\bno\.?\s*rek\b)|\b(?:" + "|".join(re.escape(b) for b in BANKS) + r")\b")
_NEAR_MONEY = re.compile(r"(?i)\brp\.?\s*$")


def _before(text: str, start: int, size: int = 60) -> str:
    return text[max(0, start - size):start]


def _around(text: str, start: int, end: int, before: int = 60, after: int = 25) -> str:
    return text[max(0, start - before):start] + " " + text[end:end + after]


def labels_before(text: str, start: int, size: int = 40) -> list[str]:
    """The classes named by label words in the `size` characters before a number, nearest last."""
    return [m.lastgroup or "" for m in _LABEL.finditer(_before(text, start, size))]


def nearest_label(text: str, start: int, size: int = 40) -> str | None:
    labels = labels_before(text, start, size)
    return labels[-1] if labels else None


def _private_keys(text: str) -> Iterator[Hit]:
    for m in _PRIVATE_KEY.finditer(text):
        yield Hit("SCN010", m.start(), m.end(), "Ada blok kunci privat. Hapus kuncinya dan ganti (rotasi) kunci itu: "
                                               "kunci yang pernah masuk Git dianggap bocor.")


def _tokens(text: str) -> Iterator[Hit]:
    if not _TOKEN_HINT.search(text):
        return
    for m in _TOKEN.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue  # inside a longer word
        kind = TOKEN_KINDS[int((m.lastgroup or "t0")[1:])][0]
        yield Hit("SCN011", m.start(), m.end(), f"Ada {kind} ({m.group()[:4]}****). Hapus token dan cabut token itu di layanannya.")


def _passwords(text: str) -> Iterator[Hit]:
    if not _PASSWORD_HINT.search(text):
        return
    for m in _PASSWORD.finditer(text):
        value, rest = m.group("value").strip("\"'"), m.group("rest").strip()
        # "kata sandi: disimpan di brankas TIK" describes where it is; a password is one token.
        # A plain word ("Kata kunci: Transparansi") is a keyword, not a password.
        if rest and not rest.startswith("#") or len(value) < 6 or _PLACEHOLDER.match(value) or re.fullmatch(r"[A-Z]?[a-z]+", value):
            continue
        yield Hit("SCN012", m.start(), m.end(), f"Ada {m.group('label').lower()} yang ditulis beserta nilainya "
                                               f"({len(value)} karakter, disamarkan). Hapus nilainya dan ganti kata sandi itu.")
    for m in _PIN.finditer(text):
        yield Hit("SCN012", m.start(), m.end(), f"Ada PIN yang ditulis beserta nilainya ({len(m.group('value'))} digit, "
                                               "disamarkan). Hapus nilainya dan ganti PIN itu.")


def _secrets(text: str) -> Iterator[Hit]:
    for m in _ASSIGNED_VALUE.finditer(text):
        key = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        if not _SECRET_NAME.search(key):
            continue
        value = m.group("value")
        classes = sum(bool(re.search(p, value)) for p in (r"[a-z]", r"[A-Z]", r"\d"))
        if entropy(value) < 3.5 or classes < 2 or re.fullmatch(r"[a-z]+(?:[_\-.][a-z]+)*", value):
            continue
        yield Hit("SCN013", m.start(), m.end(), "Ada nilai rahasia acak panjang yang diberi nama kunci/token/rahasia "
                                               "(disamarkan). Hapus nilainya dan cabut kredensial itu.")


def _npwp_hit(m: re.Match) -> Hit:
    return Hit("SCN003", m.start(), m.end(), f"Ada NPWP ({mask(m.group())}). Hapus NPWP dari catatan.")


def _npwp(text: str) -> Iterator[Hit]:
    for m in _NPWP.finditer(text):
        yield _npwp_hit(m)
    for m in _NPWP16.finditer(text):
        if m.group().startswith("0"):
            yield _npwp_hit(m)
    if not _NEAR_NPWP.search(text):
        return
    for m in _LABELLED_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) in (15, 16) and _NEAR_NPWP.search(_around(text, m.start(), m.end())) \
                and nearest_label(text, m.start(), 60) in ("npwp", None):
            yield _npwp_hit(m)


def _education_staff(text: str) -> Iterator[Hit]:
    if not _EDUCATION_HINT.search(text):
        return
    for m in _LABELLED_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        labels = labels_before(text, m.start())
        label = labels[-1] if labels else None
        # "NUPTK/NIK guru: …": a 16-digit number that is not NIK-shaped is the NUPTK named nearby.
        if len(digits) == 16 and (label == "nuptk" or "nuptk" in labels and not is_nik(digits)):
            yield Hit("SCN008", m.start(), m.end(), f"Ada NUPTK ({mask(digits)}). Hapus dari catatan; sebut jenis datanya saja.")
        elif label == "nrg" and len(digits) == 12:
            yield Hit("SCN008", m.start(), m.end(), f"Ada NRG ({mask(digits)}). Hapus dari catatan; sebut jenis datanya saja.")


def _is_date(value: str) -> bool:
    """2026-03-14 or 14.03.2026 with a plausible year: a date, not an identifier."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    parts = (m.group(1), m.group(2), m.group(3)) if m else None
    m = re.fullmatch(r"(\d{2})[.\-/](\d{2})[.\-/](\d{4})", value)
    parts = (m.group(3), m.group(2), m.group(1)) if m else parts
    return bool(parts) and 1900 <= int(parts[0]) <= 2100 and _date(*map(int, parts)) is not None


_STUDENT_HINT = re.compile(r"(?i)\bnim\b|\bnpm\b|mahasiswa")


def _students(text: str) -> Iterator[Hit]:
    if not _STUDENT_HINT.search(text):
        return
    for m in _NIM.finditer(text):
        value = m.group("value").rstrip(".-")
        digits = re.sub(r"\D", "", value)
        if len(digits) < 6 or _is_date(value):
            continue
        yield Hit("SCN009", m.start("value"), m.start("value") + len(value),
                  f"Ada NIM/NPM mahasiswa ({mask(value) if len(digits) >= 8 else '*' * len(value)}). Hapus dari catatan.")


def _nip(text: str) -> Iterator[Hit]:
    for m in _NIP.finditer(text):
        if is_nip(re.sub(r"\D", "", m.group())):
            yield Hit("SCN002", m.start(), m.end(), f"Ada angka berstruktur NIP/NI PPPK ({mask(m.group())}). "
                                                   "Hapus dari catatan; sebut jabatan atau 'pegawai yang bersangkutan'.")


def _nik(text: str) -> Iterator[Hit]:
    for m in _NIK.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if is_nik(digits):
            province = PROVINCES[digits[:2]]
            yield Hit("SCN001", m.start(), m.end(), f"Ada angka berstruktur NIK ({mask(digits)}, kode provinsi {province}). "
                                                   "Hapus dari catatan; uraikan jenis datanya saja.")


def _bank_accounts(text: str) -> Iterator[Hit]:
    for m in _LONG_NUMBER.finditer(text):
        number = m.group()
        digits = re.sub(r"\D", "", number)
        if not 10 <= len(digits) <= 16 or _AMOUNT.match(number) or _NEAR_MONEY.search(_before(text, m.start(), 6)):
            continue
        if _NEAR_BANK.search(_before(text, m.start())):
            yield Hit("SCN007", m.start(), m.end(), f"Ada angka di dekat kata rekening/nama bank ({mask(digits)}). "
                                                   "Hapus nomor rekening dari catatan.")


def _nisn(text: str) -> Iterator[Hit]:
    for m in _NISN.finditer(text):
        if _NEAR_NISN.search(_around(text, m.start(), m.end())) and nearest_label(text, m.start()) not in ("npsn", "other"):
            yield Hit("SCN004", m.start(), m.end(), f"Ada angka 10 digit di dekat kata NISN/siswa ({mask(m.group())}). "
                                                   "Hapus NISN dari catatan.")


def _phone_hit(m: re.Match, national: str, kind: str) -> Hit:
    return Hit("SCN005", m.start(), m.end(), f"Ada nomor telepon {kind} ({mask(national)}). Hapus dari catatan.")


def _area_ok(area: str) -> bool:
    return area in _TWO_DIGIT_AREAS or (len(area) == 3 and area[0] in "2345679")


def _phones(text: str) -> Iterator[Hit]:
    for m in _MOBILE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = "0" + digits[2:].lstrip("0") if digits.startswith("62") else digits
        if 10 <= len(national) <= 13 and not _NEAR_MONEY.search(_before(text, m.start(), 6)):
            yield _phone_hit(m, national, "seluler")
    for pattern, needs_word in ((_LANDLINE_MARKED, False), (_LANDLINE_BARE, True)):
        for m in pattern.finditer(text):
            area = m.group("a1") or m.group("a2") or ""
            subscriber = re.sub(r"\D", "", m.group("sub"))
            national = "0" + area + subscriber
            if area.startswith("8") or not _area_ok(area) or not 5 <= len(subscriber) <= 8 or not 9 <= len(national) <= 12:
                continue
            if needs_word and not _PHONE_WORD.search(_before(text, m.start(), 40)):
                continue
            yield _phone_hit(m, national, "kantor/rumah")


def _reserved(domain: str) -> bool:
    domain = domain.lower()
    return any(domain == d or domain.endswith("." + d) for d in RESERVED_MAIL_DOMAINS)


def _mails(text: str) -> Iterator[Hit]:
    if not _MAIL_HINT.search(text):
        return
    for m in _MAIL.finditer(text):
        if not _reserved(m.group("domain")):
            yield Hit("SCN006", m.start(), m.end(), f"Ada alamat e-mail ({_mask_mail(m.group())}). Hapus dari catatan.")
    for m in _OBF_MAIL.finditer(text):
        domain = _DOT_WORD.sub(".", m.group("domain"))
        at, tld = m.group("at").strip().lower(), domain.rsplit(".", 1)[-1].lower()
        disguised = m.group("at") != "@" or domain != m.group("domain")
        if not disguised or _reserved(domain):
            continue
        # A real top-level domain: a common generic one, or (for the bracketed forms) a country code.
        if tld not in _COMMON_TLDS and (at == "at" or len(tld) != 2):
            continue
        yield Hit("SCN006", m.start(), m.end(), f"Ada alamat e-mail yang disamarkan ({m.group('local')[:1]}***@{domain}). "
                                               "Hapus dari catatan.")


# Most specific first: a span claimed by one detector is not reported again by a later one.
DETECTORS: tuple[Callable[[str], Iterable[Hit]], ...] = (
    _private_keys, _tokens, _passwords, _secrets, _npwp, _education_staff, _nip, _nik, _bank_accounts, _nisn,
    _phones, _students, _mails,
)
NUMBER_DETECTORS = frozenset({_npwp, _education_staff, _nip, _nik, _bank_accounts, _nisn, _phones})


def text_hits(text: str) -> list[Hit]:
    """Every leak in a text, overlapping matches resolved in favour of the earlier detector.

    The public entry point for any text that is about to enter the register (a record file, an
    imported row): `scan_text` turns these into findings with lines and waivers."""
    claimed: list[tuple[int, int]] = []
    hits: list[Hit] = []
    numbers = _ANY_LONG_NUMBER.search(_GATE_IGNORES.sub(" ", text)) is not None
    for detector in DETECTORS:
        if detector in NUMBER_DETECTORS and not numbers:
            continue
        for hit in detector(text):
            if any(hit.start < end and start < hit.end for start, end in claimed):
                continue
            claimed.append((hit.start, hit.end))
            hits.append(hit)
    return sorted(hits, key=lambda h: h.start)


def field_hits(values: Mapping[str, object]) -> list[tuple[str, Hit]]:
    """Leaks in named values (an imported row's cells, a form's fields), before anything is written.

    Each value is scanned on its own, so a hit names the field it is in; `Hit.message` is already
    masked and Indonesian, and `RULE_BY_CODE[hit.code]` gives the rule (title, fix, waivable)."""
    return [(name, hit) for name, value in values.items() if isinstance(value, str) and value
            for hit in text_hits(value)]


# --- files ------------------------------------------------------------------------------------

def _line_starts(text: str) -> list[int]:
    return [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]


def _waivers(text: str, shown: str) -> dict[str, str]:
    """Codes the record waives. Only read when there is something to waive (keeps clean runs fast)."""
    loaded = parse_text(text, shown)
    if not loaded.ok or not isinstance(loaded.data, dict):
        return {}
    from registri.model import record_from  # imported lazily: pulls in the config and schema modules
    return record_from(loaded).waived


def scan_text(text: str, shown: str) -> list[Finding]:
    hits = text_hits(text)
    if not hits:
        return []
    waived = _waivers(text, shown)
    starts = _line_starts(text)
    findings = []
    for hit in hits:
        rule = RULE_BY_CODE[hit.code]
        if hit.code in waived and rule.waivable:
            continue
        note = " Aturan ini tidak dapat dikecualikan lewat abaikan_aturan." if hit.code in waived else ""
        line = bisect.bisect_right(starts, hit.start)
        findings.append(Finding(shown, line, hit.code, rule.level, hit.message + note))
    return findings


def scan_bytes(raw: bytes, shown: str, in_records: bool, oversize: bool = False) -> list[Finding]:
    """Findings for one file's content; `in_records` adds the rules for files under records/."""
    findings: list[Finding] = []
    name = shown.rsplit("/", 1)[-1]
    is_yaml = name.lower().endswith(YAML_SUFFIXES)
    if in_records and oversize:
        findings.append(Finding(shown, None, "SCN022", Level.ERROR,
                                f"Berkas lebih besar dari {MAX_BYTES // 1000} KB; catatan hanya menguraikan dokumen. "
                                "Simpan dokumennya di arsip yang aman."))
    text, problem = decode(raw, shown)
    if text is None and utf16_kind(raw) and is_yaml:
        findings.append(Finding(shown, 1, "SCN021", Level.ERROR,
                                f"Berkas ini teks {utf16_kind(raw)}, bukan UTF-8, sehingga tidak dapat dipindai. "
                                f"{UTF16_ADVICE}"))
    elif text is None:
        kind = "berisi byte NUL" if b"\x00" in raw else "bukan teks UTF-8"
        findings.append(Finding(shown, problem.line if problem else None, "SCN021", Level.ERROR,
                                f"Berkas biner ({kind}). Dokumen disimpan di arsip yang aman, bukan di repositori."))
    elif in_records and not is_yaml and not (name in ALLOWED_NON_YAML and not raw.strip()):
        findings.append(Finding(shown, None, "SCN020", Level.ERROR,
                                "Folder records/ hanya untuk catatan .yaml. Keluarkan berkas ini dari commit "
                                "(git rm --cached) dan simpan di arsip yang aman."))
    if text is not None:
        findings.extend(scan_text(text, shown))
    return findings


def scan_file(file: Path, shown: str, in_records: bool) -> list[Finding]:
    """Scan one file; reads at most MAX_BYTES (a larger file under records/ is itself a finding)."""
    with file.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    oversize = len(raw) > MAX_BYTES
    if oversize:  # cut at a line end so a multi-byte character is not split into "invalid UTF-8"
        raw = raw[:raw.rfind(b"\n", 0, MAX_BYTES) + 1] or raw[:MAX_BYTES]
    return scan_bytes(raw, shown, in_records, oversize)
