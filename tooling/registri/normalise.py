"""Values whose meaning is unambiguous but whose spelling is not the canonical one are read in
canonical form and said so (warning YML012), instead of being refused:

- `dokumentasi.softcopy.sha256` in upper case (Windows `Get-FileHash` prints it so) -> lower case;
- `klasifikasi.keamanan` with capitals or a space (`Rahasia`, `Sangat Rahasia`) -> `sangat_rahasia`.

`normalise_record` changes the loaded data in place before the schema sees it (registri.schemas
calls it, so every face reads the same values); `normalised_text` rewrites the same values in a
record's text, for the commands that write records (`registri step` is to call it before writing).
"""

from __future__ import annotations

import re

from registri.findings import Finding, Level
from registri.loader import Loaded

SECURITY_LEVELS = ("biasa", "terbuka", "terbatas", "rahasia", "sangat_rahasia")   # the schema's enum
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
CODE = "YML012"


def canonical_security(value: str) -> str | None:
    fixed = re.sub(r"[\s\-]+", "_", value.strip().lower())
    return fixed if fixed in SECURITY_LEVELS else None


def canonical_sha256(value: str) -> str | None:
    fixed = value.strip().lower()
    return fixed if _HEX64.match(fixed) else None


# field path -> (container path, key, canonical form)
_FIELDS = (
    (("klasifikasi",), "keamanan", canonical_security),
    (("dokumentasi", "softcopy"), "sha256", canonical_sha256),
)


def normalise_record(loaded: Loaded) -> list[Finding]:
    """Put the canonical form in `loaded.data`; one warning per value changed."""
    notes: list[Finding] = []
    for parents, key, canonical in _FIELDS:
        holder = loaded.data
        for name in parents:
            holder = holder.get(name) if isinstance(holder, dict) else None
        value = holder.get(key) if isinstance(holder, dict) else None
        if not isinstance(value, str):
            continue
        fixed = canonical(value)
        if fixed is None or fixed == value:
            continue
        holder[key] = fixed
        field = ".".join((*parents, key))
        notes.append(Finding(loaded.path, loaded.line_of(field) or 1, CODE, Level.WARNING,
                             f"Kolom '{field}' ditulis '{value}'; dibaca sebagai '{fixed}'. Tulis '{fixed}' agar sama "
                             "di seluruh register.", field=field))
    return notes


_TEXT_LINE = re.compile(r"^(?P<lead>[ \t]+(?P<key>keamanan|sha256):[ \t]*)(?P<q>[\"']?)(?P<value>[^\"'#\r\n]*?)(?P=q)"
                        r"(?P<tail>[ \t]*(?:#.*)?)$", re.M)


def normalised_text(text: str) -> str:
    """The record's text with those values in canonical form (layout and comments kept)."""
    def fix(match: re.Match) -> str:
        canonical = canonical_security if match["key"] == "keamanan" else canonical_sha256
        fixed = canonical(match["value"])
        if fixed is None or fixed == match["value"]:
            return match[0]
        return f"{match['lead']}{fixed}{match['tail']}"

    return _TEXT_LINE.sub(fix, text)
