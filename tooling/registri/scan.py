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
from typing import Callable, Iterable, Iterator

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
         "tanggal lahir DDMMYY yang masuk akal dengan tanggal +40 untuk perempuan, nomor urut). NIK juga "
         "menjadi NPWP orang pribadi sejak 2024. Catatan hanya menguraikan dokumen, tidak boleh memuat data "
         f"pribadi di dalamnya. {_BLOCKS}{_WAIVE}",
         "Hapus NIK dari catatan; uraikan jenis datanya saja (mis. 'NIK peserta').", waivable=True),
    Rule("SCN002", Level.ERROR, "NIP PNS atau NI PPPK di catatan",
         "Ada angka 18 digit (boleh berspasi seperti 19860926 201505 1 001) berstruktur NIP PNS atau NI PPPK: "
         "tanggal lahir YYYYMMDD yang masuk akal, TMT YYYYMM setelah usia 17 tahun, kode jenis kelamin 1/2, "
         f"nomor urut. {_BLOCKS}{_WAIVE}",
         "Hapus NIP/NI PPPK dari catatan; sebut jabatan atau 'pegawai yang bersangkutan' saja.", waivable=True),
    Rule("SCN003", Level.ERROR, "NPWP di catatan",
         "Ada NPWP format lama (99.999.999.9-999.999), atau 15 digit di dekat kata NPWP. "
         f"{_BLOCKS}{_WAIVE}",
         "Hapus NPWP dari catatan.", waivable=True),
    Rule("SCN004", Level.ERROR, "NISN di catatan",
         "Ada angka 10 digit di dekat kata NISN, siswa, murid, atau peserta didik: nomor induk siswa adalah "
         f"data anak. {_BLOCKS}{_WAIVE}",
         "Hapus NISN dari catatan; sebut 'NISN peserta didik' sebagai jenis data saja.", waivable=True),
    Rule("SCN005", Level.ERROR, "Nomor telepon seluler di catatan",
         "Ada nomor seluler Indonesia (+62 8…, 62 8…, 08…, boleh dengan spasi atau tanda hubung, 10–13 digit). "
         f"{_BLOCKS}{_WAIVE}",
         "Hapus nomor telepon dari catatan.", waivable=True),
    Rule("SCN006", Level.ERROR, "Alamat e-mail di catatan",
         "Ada alamat e-mail. Domain contoh yang dicadangkan (.example, example.com, .test, .invalid) "
         f"tidak dianggap temuan. {_BLOCKS}{_WAIVE}",
         "Hapus alamat e-mail dari catatan; penanggung jawab dicatat di registri.yaml.", waivable=True),
    Rule("SCN007", Level.ERROR, "Nomor rekening bank di catatan",
         "Ada angka 10–16 digit di dekat kata rekening/rek. atau nama bank (BRI, BNI, Mandiri, BSI, BCA, "
         f"BTN, Bank Kalsel, …). Data keuangan pribadi adalah data spesifik menurut UU 27/2022. {_BLOCKS}{_WAIVE}",
         "Hapus nomor rekening dari catatan; sebut 'nomor rekening peserta' sebagai jenis data saja.", waivable=True),
    Rule("SCN010", Level.ERROR, "Kunci privat",
         "Ada blok kunci privat (-----BEGIN … PRIVATE KEY-----). Kunci yang pernah masuk Git harus dianggap "
         f"bocor, karena riwayat Git menyimpannya selamanya. {_BLOCKS}{_NEVER}",
         "Hapus kunci dari berkas, ganti (rotasi) kunci tersebut, dan simpan kunci baru di brankas kata sandi."),
    Rule("SCN011", Level.ERROR, "Token akses",
         "Ada token akses layanan (GitHub ghp_/github_pat_, AWS AKIA…, Slack xox…, Google AIza…). "
         f"{_BLOCKS}{_NEVER}",
         "Hapus token dari berkas, cabut token itu di layanannya, lalu buat token baru yang disimpan di luar repositori."),
    Rule("SCN012", Level.ERROR, "Kata sandi tertulis",
         "Ada 'password:' atau 'kata sandi:' yang diikuti nilainya. Catatan boleh menyebut di mana kata sandi "
         f"disimpan, tidak boleh memuat kata sandinya. {_BLOCKS}{_NEVER}",
         "Hapus kata sandinya, ganti kata sandi itu, dan tulis hanya lokasi penyimpanannya (mis. brankas kata sandi)."),
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

BANKS = ("BRI", "BNI", "BCA", "BSI", "BTN", "Mandiri", "CIMB", "Danamon", "Permata", "Muamalat",
         "OCBC", "Bank Kalsel", "Bank Jatim", "Bank Jateng", "Bank DKI", "Bank Kaltimtara", "Bank Kalteng")
RESERVED_MAIL_DOMAINS = ("example", "example.com", "example.org", "example.net", "test", "invalid", "localhost")
YAML_SUFFIXES = (".yaml", ".yml")
ALLOWED_NON_YAML = (".gitkeep",)  # an empty placeholder keeps a new year folder in Git

# Digit runs are bounded by anything that is not a letter, digit or joiner of a larger token
# (a letter number 0412/B12/..., a dotted amount, a hex fingerprint, an id DIK-2026-003).
_LEFT = r"(?<![\w/.\-+@])"
_RIGHT = r"(?![\w/@]|[.\-]\d)"
# Every personal number below has at least 10 digits (single spaces, dots or dashes between them):
# a text without such a run skips those detectors, which is most records.
_ANY_LONG_NUMBER = re.compile(r"\d(?:[ .\-]?\d){9}")


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

    The bounds are relative to the birth date, not to today, so a scan gives the same answer on
    any day."""
    if len(digits) != 18 or digits[14] not in "12" or digits[15:] == "000":
        return False
    born = _date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    appointed = _date(int(digits[8:12]), int(digits[12:14]), 1)
    if born is None or appointed is None or born.year < 1930:
        return False
    return (born.year + 17, born.month) <= (appointed.year, appointed.month) <= (born.year + 60, born.month)


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = {c: text.count(c) for c in set(text)}
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


# --- detectors: each yields Hits over the whole text ------------------------------------------

_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z0-9 ]{0,30} PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d")
_TOKEN = re.compile(r"(?P<github>gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"
                    r"|(?P<aws>(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9]))"
                    r"|(?P<slack>xox[abposr]-[A-Za-z0-9-]{10,})|(?P<google>AIza[0-9A-Za-z_\-]{35})")
_TOKEN_KIND = {"github": "token GitHub", "aws": "kunci akses AWS", "slack": "token Slack", "google": "kunci API Google"}
_PASSWORD = re.compile(
    r"(?i)(?<![\w-])(password|passwd|pwd|kata[ _-]?sandi|sandi|kata[ _-]?kunci)[\"']?[ \t]*[:=][ \t]*"
    r"(?P<value>\"[^\"\n]*\"|'[^'\n]*'|[^\s#]+)(?P<rest>[^\n]*)")
_PLACEHOLDER = re.compile(r"^(?:\*+|x+|-+|\.+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|null|none|kosong|tidak ada|rahasia|"
                          r"disembunyikan|redacted|\[redacted\])$", re.I)
_ASSIGNED_VALUE = re.compile(r"[:=][ \t]*[\"']?(?P<value>[A-Za-z0-9+/_\-=.]{20,})")
_SECRET_NAME = re.compile(r"(?i)(?:secret|secret[_-]?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
                          r"kunci[_-]?api|kunci[_-]?rahasia|rahasia)[\"']?[ \t]*$")
_NPWP = _number(r"\d\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}")
_NPWP_PLAIN = _number(r"\d{14}")
_NIP = _number(r"\d{7} ?\d{6} ?\d ?\d{3}")
_NIK = _number(r"(?:\d{15}|\d{5}([ .])\d{6}\1\d{4}|\d{3}([ .])\d{4}\2\d{4}\2\d{4})")
_LONG_NUMBER = _number(r"(?:[ .\-]?\d){9,15}")
_NISN = _number(r"\d{9}")
_PHONE = re.compile(r"(?<![\w/.\-+@])(?:\+62|62|0)[ \-]?8[1-9]\d(?:[ \-]?\d){6,10}" + _RIGHT)
_MAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@(?P<domain>[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})(?![\w\-])")
_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")

_NEAR_NPWP = re.compile(r"(?i)\bnpwp\b")
_NEAR_NISN = re.compile(r"(?i)\bnisn\b|\bsiswa\b|\bmurid\b|peserta[ \t\n]+didik")
_NEAR_BANK = re.compile(r"(?i:\brekening\b|\brek\b\.?|\bno\.?\s*rek\b)|\b(?:" + "|".join(re.escape(b) for b in BANKS) + r")\b")
_NEAR_MONEY = re.compile(r"(?i)\brp\.?\s*$")


def _before(text: str, start: int, size: int = 60) -> str:
    return text[max(0, start - size):start]


def _around(text: str, start: int, end: int, before: int = 60, after: int = 25) -> str:
    return text[max(0, start - before):start] + " " + text[end:end + after]


def _private_keys(text: str) -> Iterator[Hit]:
    for m in _PRIVATE_KEY.finditer(text):
        yield Hit("SCN010", m.start(), m.end(), "Ada blok kunci privat. Hapus kuncinya dan ganti (rotasi) kunci itu: "
                                               "kunci yang pernah masuk Git dianggap bocor.")


def _tokens(text: str) -> Iterator[Hit]:
    for m in _TOKEN.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue  # inside a longer word
        kind = _TOKEN_KIND[m.lastgroup or "github"]
        yield Hit("SCN011", m.start(), m.end(), f"Ada {kind} ({m.group()[:4]}****). Hapus token dan cabut token itu di layanannya.")


def _passwords(text: str) -> Iterator[Hit]:
    for m in _PASSWORD.finditer(text):
        value, rest = m.group("value").strip("\"'"), m.group("rest").strip()
        # "kata sandi: disimpan di brankas TIK" describes where it is; a password is one token.
        if rest and not rest.startswith("#") or len(value) < 6 or _PLACEHOLDER.match(value) or value.isalpha() and value.islower():
            continue
        yield Hit("SCN012", m.start(), m.end(), f"Ada {m.group(1).lower()} yang ditulis beserta nilainya "
                                               f"({len(value)} karakter, disamarkan). Hapus nilainya dan ganti kata sandi itu.")


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


def _npwp(text: str) -> Iterator[Hit]:
    for m in _NPWP.finditer(text):
        yield Hit("SCN003", m.start(), m.end(), f"Ada NPWP ({mask(m.group())}). Hapus NPWP dari catatan.")
    for m in _NPWP_PLAIN.finditer(text):
        if _NEAR_NPWP.search(_around(text, m.start(), m.end())):
            yield Hit("SCN003", m.start(), m.end(), f"Ada NPWP ({mask(m.group())}). Hapus NPWP dari catatan.")


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
        if _NEAR_NISN.search(_around(text, m.start(), m.end())):
            yield Hit("SCN004", m.start(), m.end(), f"Ada angka 10 digit di dekat kata NISN/siswa ({mask(m.group())}). "
                                                   "Hapus NISN dari catatan.")


def _phones(text: str) -> Iterator[Hit]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = "0" + digits[2:] if digits.startswith("62") else digits
        if 10 <= len(national) <= 13 and not _NEAR_MONEY.search(_before(text, m.start(), 6)):
            yield Hit("SCN005", m.start(), m.end(), f"Ada nomor telepon seluler ({mask(national)}). Hapus dari catatan.")


def _mails(text: str) -> Iterator[Hit]:
    for m in _MAIL.finditer(text):
        domain = m.group("domain").lower()
        if any(domain == d or domain.endswith("." + d) for d in RESERVED_MAIL_DOMAINS):
            continue
        yield Hit("SCN006", m.start(), m.end(), f"Ada alamat e-mail ({_mask_mail(m.group())}). Hapus dari catatan.")


# Most specific first: a span claimed by one detector is not reported again by a later one.
DETECTORS: tuple[Callable[[str], Iterable[Hit]], ...] = (
    _private_keys, _tokens, _passwords, _secrets, _npwp, _nip, _nik, _bank_accounts, _nisn, _phones, _mails,
)
NUMBER_DETECTORS = frozenset({_npwp, _nip, _nik, _bank_accounts, _nisn, _phones})


def text_hits(text: str) -> list[Hit]:
    """Every leak in a text, overlapping matches resolved in favour of the earlier detector."""
    claimed: list[tuple[int, int]] = []
    hits: list[Hit] = []
    numbers = _ANY_LONG_NUMBER.search(text) is not None
    for detector in DETECTORS:
        if detector in NUMBER_DETECTORS and not numbers:
            continue
        for hit in detector(text):
            if any(hit.start < end and start < hit.end for start, end in claimed):
                continue
            claimed.append((hit.start, hit.end))
            hits.append(hit)
    return hits


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
