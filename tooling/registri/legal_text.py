"""Reading what old DIK lists write in free text: the legal basis and the exemption period.

Only what is unambiguous is read; everything else stays unread (the original text is always
kept beside it in the record's `warisan.asli`, and what is missing becomes a gap).

Legal basis: "Pasal 17 huruf h angka 2 UU No. 14 Tahun 2008", "Pasal 17 huruf b dan i UU KIP",
"UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi", "UU 11/2008", "UU ITE", "PP 61/2010".
Period: "5 (lima) tahun", "sampai pengumuman hasil seleksi", "sampai ada persetujuan tertulis",
"tidak terbatas", "1 tahun, atau sampai ada persetujuan" (a fixed term with an earlier end).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from registri.model import add_years
from registri.pasal17 import Pasal17

# Laws offices name by a short name instead of their number.
KNOWN_LAWS: tuple[tuple[re.Pattern, str, int, int, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind, number, year, about) for pattern, kind, number, year, about in (
        (r"\b(?:uu|undang[\s-]*undang)\s*(?:\(?\s*)?kip\b|keterbukaan\s+informasi\s+publik", "UU", 14, 2008,
         "Keterbukaan Informasi Publik"),
        (r"\b(?:uu|undang[\s-]*undang)\s*pdp\b|pelindungan\s+data\s+pribadi|perlindungan\s+data\s+pribadi", "UU", 27, 2022,
         "Pelindungan Data Pribadi"),
        (r"\b(?:uu|undang[\s-]*undang)\s*ite\b|informasi\s+dan\s+transaksi\s+elektronik", "UU", 11, 2008,
         "Informasi dan Transaksi Elektronik"),
        (r"\b(?:uu|undang[\s-]*undang)\s+kearsipan\b", "UU", 43, 2009, "Kearsipan"),
    ))
KINDS = (
    (r"perppu|peraturan\s+pemerintah\s+pengganti\s+undang[\s-]*undang", "Perppu"),
    (r"uu|undang[\s-]*undang", "UU"),
    (r"pp|peraturan\s+pemerintah", "PP"),
    (r"perpres|peraturan\s+presiden", "Perpres"),
    (r"perki|peraturan\s+komisi\s+informasi", "Perki"),
    (r"permen\w*|peraturan\s+menteri(?:\s+\w+){0,6}?", "Permen"),
    (r"perka\w*|peraturan\s+kepala(?:\s+\w+){0,4}?", "Perka"),
    (r"perda|peraturan\s+daerah", "Perda"),
)
_NUMBER = r"(?:no\.?|nomor|nmr\.?)?\s*(\d{1,4})"
_YEAR = r"(?:\s*tahun\s*|\s*/\s*|\s*th\.?\s*)((?:19|20)\d{2})"
LAW_PATTERN = re.compile(
    r"\b(" + "|".join(pattern for pattern, _ in KINDS) + r")\s*(?:republik\s+indonesia\s*|ri\s*)?" + _NUMBER + _YEAR
    + r"(?:\s+tentang\s+([^,;()\n]+?))?(?=\s*(?:[,;()\n]|\bjo\b|\bdan\b|\bpasal\b|$))",
    re.IGNORECASE)

LETTER_NAMES = "abcdefghij"
PASAL17 = re.compile(r"\b(?:pasal|ps\.?)\s*17\b(?!\s*(?:ayat|\d))(?P<rest>(?:[^.;]|\.(?!\s))*)", re.IGNORECASE)
_LETTER = re.compile(
    r"(?:huruf\s*|hrf\.?\s*|\(|\b)(?P<letter>[a-j])\)?(?![a-z])"
    r"(?P<angka>(?:\s*(?:angka|ayat|butir|nomor|no\.?)?\s*\(?\d\)?(?:\s*(?:,|dan|&|s\.?d\.?|sampai)\s*\(?\d\)?)*)?)",
    re.IGNORECASE)


@dataclass(frozen=True)
class LegalBasis:
    codes: tuple[str, ...]                       # Pasal 17 codes read, valid in the table
    laws: tuple[dict[str, Any], ...]             # dasar_hukum entries read
    notes: tuple[str, ...] = ()                  # what could not be read, in Indonesian
    bare_17: bool = False                        # "Pasal 17" named without a letter


def _angka(text: str) -> list[int]:
    text = re.sub(r"(\d)\s*(?:s\.?d\.?|sampai)\s*(\d)", lambda m: ",".join(str(i) for i in range(int(m[1]), int(m[2]) + 1)),
                  text)
    return [int(n) for n in re.findall(r"\d", text)]


def read_legal_basis(text: str, pasal17: Pasal17) -> LegalBasis:
    """Pasal 17 codes and law entries in a free-text legal basis (only what is unambiguous)."""
    plain = " ".join(str(text or "").split())
    notes: list[str] = []
    laws: list[dict[str, Any]] = []
    seen: set[tuple[str, int, int]] = set()
    for match in LAW_PATTERN.finditer(plain):
        kind = next(k for pattern, k in KINDS if re.fullmatch(pattern, match.group(1), re.IGNORECASE))
        number, year = int(match.group(2)), int(match.group(3))
        if (kind, number, year) in seen:
            continue
        seen.add((kind, number, year))
        entry: dict[str, Any] = {"jenis": kind, "nomor": number, "tahun": year}
        if match.group(4):
            entry["tentang"] = " ".join(match.group(4).split())[:300]
        laws.append(entry)
    for pattern, kind, number, year, about in KNOWN_LAWS:
        if pattern.search(plain) and (kind, number, year) not in seen:
            seen.add((kind, number, year))
            laws.append({"jenis": kind, "nomor": number, "tahun": year, "tentang": about})

    codes: list[str] = []
    bare = False
    other_laws = [law for law in laws if (law["nomor"], law["tahun"]) != (14, 2008)]
    cites_kip = any((law["nomor"], law["tahun"]) == (14, 2008) for law in laws)
    for match in PASAL17.finditer(plain):
        rest = re.split(r"\b(?:uu|undang|pp|peraturan|perpres|perki|jo)\b", match.group("rest"), maxsplit=1,
                        flags=re.IGNORECASE)[0]
        found = _letters(rest)
        if not found:
            bare = bare or cites_kip or not other_laws   # "Pasal 17" of another law is not ours to explain
            continue
        if other_laws and not cites_kip:
            notes.append(f"'Pasal 17' tanpa menyebut UU 14/2008 di samping {_law_name(other_laws[0])}: tidak jelas "
                         "undang-undang mana yang dimaksud, kode pasal tidak dibaca.")
            continue
        for code in found:
            if pasal17.is_valid(code):
                codes.append(code)
            else:
                notes.append(f"'{code}' bukan kode Pasal 17 yang ada (huruf a-j, angka hanya untuk a, c, e, f, h); "
                             "tidak dibaca.")
    codes = list(dict.fromkeys(codes))
    if codes and not cites_kip:
        laws.insert(0, {"jenis": "UU", "nomor": 14, "tahun": 2008, "tentang": "Keterbukaan Informasi Publik"})
    for law in laws:
        if (law["nomor"], law["tahun"]) == (14, 2008) and codes:
            law["pasal"] = kip_article(codes)
    return LegalBasis(tuple(codes), tuple(laws), tuple(notes), bare and not codes)


def _letters(rest: str) -> list[str]:
    """'huruf h angka 2 dan 3, huruf i' -> ['17h.2', '17h.3', '17i']."""
    out: list[str] = []
    rest = rest.strip()
    # Only the words right after "Pasal 17": a letter must come first (huruf h, (h), h).
    if not re.match(r"^(?:huruf|hrf|\(?[a-j]\b|\(?[a-j]\))", rest, re.IGNORECASE):
        return out
    for match in _LETTER.finditer(rest):
        letter = match.group("letter").lower()
        numbers = _angka(match.group("angka") or "")
        out.extend(f"17{letter}.{n}" for n in numbers) if numbers else out.append(f"17{letter}")
    return out


def kip_article(codes: tuple[str, ...] | list[str]) -> str:
    """'17 huruf h angka 4 dan 5, huruf i' for the codes [17h.4, 17h.5, 17i]."""
    parts: dict[str, list[str]] = {}
    for code in codes:
        letter, _, number = code[2:].partition(".")
        parts.setdefault(letter, [])
        if number:
            parts[letter].append(number)
    words = []
    for letter, numbers in parts.items():
        listed = ", ".join(numbers[:-1]) + " dan " + numbers[-1] if len(numbers) > 1 else "".join(numbers)
        words.append(f"huruf {letter}" + (f" angka {listed}" if numbers else ""))
    return "17 " + ", ".join(words)


def _law_name(law: dict[str, Any]) -> str:
    return f"{law['jenis']} {law['nomor']}/{law['tahun']}"


# Periods ----------------------------------------------------------------------------------------
NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
                "sembilan": 9, "sepuluh": 10, "sebelas": 11, "lima belas": 15, "dua puluh": 20, "tiga puluh": 30}
_YEARS = re.compile(r"(?:(\d{1,3})\s*(?:\([a-z\s]+\)\s*)?|(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
                    + r")\s+)\s*(?:\(\s*\d+\s*\)\s*)?tahun", re.IGNORECASE)
INDEFINITE = re.compile(r"\btidak\s+terbatas\b|\bselamanya\b|\bpermanen\b|\btanpa\s+batas(?:\s+waktu)?\b|"
                        r"\bsepanjang\s+masa\b|\btidak\s+ada\s+batas|\bseterusnya\b|"
                        r"\bwaktu\s+yang\s+tidak\s+(?:ditentukan|terbatas)\b", re.IGNORECASE)
CONSENT = re.compile(r"\b(?:persetujuan|izin|ijin)\b", re.IGNORECASE)
UNTIL = re.compile(r"\b(?:sampai\s+dengan|sampai|hingga|setelah|sesudah|sebelum|s\.?\s?d\.?)\s+(?P<event>.+)$",
                   re.IGNORECASE)
OR_SPLIT = re.compile(r"\s*(?:,\s*)?\b(?:atau|dan/atau)\b\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    value: dict[str, Any] | None                 # a jangka_waktu section, or None when not read
    note: str | None = None                      # why not, in Indonesian
    extra: dict[str, Any] = field(default_factory=dict)


def _years_in(text: str) -> int | None:
    match = _YEARS.search(text)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else NUMBER_WORDS[match.group(2).lower()]


def _condition(text: str) -> dict[str, Any] | None:
    """A consent or event condition ('sampai ada persetujuan ...', 'sampai pengumuman ...')."""
    if CONSENT.search(text) and re.search(r"\b(?:sampai|hingga|ada|mendapat|memperoleh|tanpa)\b", text, re.IGNORECASE):
        return {"jenis": "sampai_persetujuan", "keterangan": text[:1000]}
    match = UNTIL.search(text)
    if match:
        event = match.group("event").strip(" .,;")
        event = re.sub(r"^(?:dengan\s+)?(?:adanya\s+|ada\s+)?", "", event, flags=re.IGNORECASE)
        if len(event.split()) >= 2 or (len(event.split()) == 1 and len(event) >= 8):
            return {"jenis": "sampai_peristiwa", "peristiwa": event[:1].upper() + event[1:300], "keterangan": text[:1000]}
    return None


def read_period(text: str, start: dt.date | None) -> Period:
    """A jangka_waktu section from a free-text period, starting at `start` (the determination date)."""
    plain = " ".join(str(text or "").split()).strip(" .")
    if not plain or plain in ("-", "–"):
        return Period(None, "jangka waktu tidak diisi di daftar lama")
    if start is None:
        return Period(None, "tanggal penetapan tidak diketahui, jangka waktu tidak dapat dihitung")
    parts = [p for p in OR_SPLIT.split(plain) if p.strip()]
    if INDEFINITE.search(plain):
        if len(parts) > 1 or _years_in(plain):
            return Period(None, f"'{plain}' menyebut tidak terbatas bersama syarat lain; tidak dibaca")
        return Period({"jenis": "tidak_terbatas", "mulai": start, "keterangan": plain[:1000]})
    years = _years_in(parts[0])
    if years is not None:
        if not 1 <= years <= 100:
            return Period(None, f"'{plain}': {years} tahun tidak masuk akal; tidak dibaca")
        period: dict[str, Any] = {"jenis": "durasi_tetap", "mulai": start, "tahun": years,
                                  "berakhir": add_years(start, years)}
        rest = parts[1:]
        if not rest and UNTIL.search(parts[0]) and not re.search(r"\b(?:sejak|terhitung|dari)\b", parts[0], re.I):
            return Period(None, f"'{plain}' menyebut lama tahun dan peristiwa sekaligus; tidak jelas mana yang "
                                "berlaku, tidak dibaca")
        if rest:
            condition = _condition(" ".join(rest))
            if condition is None:
                return Period(None, f"syarat '{' '.join(rest)}' pada '{plain}' tidak terbaca; tidak dibaca")
            period["atau"] = condition
        period["keterangan"] = plain[:1000]
        return Period(period)
    if len(parts) > 1:
        return Period(None, f"'{plain}' menyebut beberapa syarat; tidak jelas mana yang berlaku, tidak dibaca")
    condition = _condition(plain)
    if condition is None:
        return Period(None, f"'{plain}' bukan jangka waktu yang dapat dibaca (mis. '5 tahun', 'sampai ... diumumkan', "
                            "'sampai ada persetujuan', 'tidak terbatas')")
    return Period({"jenis": condition["jenis"], "mulai": start,
                   **{k: v for k, v in condition.items() if k != "jenis"}})
