"""Documentation (step 3): where each form is kept must be a secured place, not a link or the repo.

Decision on web addresses: a link to a public file-sharing or link-shortening service (Google
Drive/Docs, Dropbox, OneDrive, SharePoint sharing links, WeTransfer, bit.ly, s.id, ...) is an
error: whoever holds the link can open the document. Any other http(s) address is a warning, not
an error, because some offices keep documents in an internal records system behind a login; the
record may waive that warning with a written reason naming the system. The preferred form is a
storage name and path (`arsip-ppid:/dikecualikan/2026/DIK-2026-003/`) or a room, cabinet and
shelf. A path inside this repository is always an error: the document itself never enters Git.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath
from typing import Iterable

from registri.catalog import Rule
from registri.findings import Finding, Level
from registri.model import Record
from registri.rules.base import Context, finding

FORMS = ("softcopy", "hardcopy")
SHARE_HOSTS = re.compile(
    r"(?i)(?:^|[/.@\s])("
    r"drive\.google\.com|docs\.google\.com|sites\.google\.com|dropbox\.com|db\.tt|onedrive\.live\.com|1drv\.ms|"
    r"[\w-]+\.sharepoint\.com/:[a-z]:/|[\w-]+-my\.sharepoint\.com|wetransfer\.com|we\.tl|bit\.ly|s\.id|"
    r"tinyurl\.com|t\.ly|cutt\.ly|shorturl\.at|rebrand\.ly|mega\.nz|mediafire\.com|app\.box\.com/s/|"
    r"icloud\.com|terabox\.com|pcloud\.com|github\.com|gitlab\.com|pastebin\.com|wa\.me|t\.me"
    r")")
WEB_ADDRESS = re.compile(r"(?i)\b(?:https?|ftp)://\S+|\bwww\.\S+")
REPO_FOLDERS = frozenset({"records", "docs", "tooling", "tests", "site", ".github", ".git", "registri.yaml"})

NO_SHARE_LINK = Rule(
    "DIK028", Level.ERROR, "Lokasi berupa tautan berbagi publik",
    "Lokasi dokumen adalah tautan layanan berbagi berkas atau pemendek tautan (Google Drive, Dropbox, OneDrive, "
    "SharePoint, WeTransfer, bit.ly, s.id, ...): siapa pun yang memegang tautan dapat membuka dokumennya.",
    "Simpan dokumen di penyimpanan arsip yang aman dan tulis nama penyimpanan serta jalurnya, mis. "
    "'arsip-ppid:/dikecualikan/2026/DIK-2026-003/'. Cabut tautan berbagi yang sudah dibuat.")
WEB_LOCATION = Rule(
    "DIK029", Level.WARNING, "Lokasi berupa alamat web",
    "Lokasi dokumen ditulis sebagai alamat web (http/https). Alamat web mudah tersebar; hanya sistem arsip internal "
    "yang mewajibkan login yang pantas.",
    "Tulis nama penyimpanan dan jalurnya tanpa alamat web, atau abaikan aturan ini dengan alasan yang menyebut "
    "sistem arsip internal dan cara loginnya.",
    waivable=True)
NOT_IN_REPOSITORY = Rule(
    "DIK030", Level.ERROR, "Lokasi di dalam repositori",
    "Lokasi dokumen menunjuk ke folder repositori register (mis. records/..., docs/..., ./...). Dokumen yang "
    "dikecualikan tidak pernah disimpan di Git.",
    "Pindahkan dokumen ke penyimpanan arsip yang aman di luar repositori, hapus dari riwayat Git bila sudah "
    "ter-commit (hubungi pengelola), dan tulis lokasi barunya.")

RULES = (NO_SHARE_LINK, WEB_LOCATION, NOT_IN_REPOSITORY)


def inside_repository(location: str, ctx: Context) -> bool:
    text = location.strip().strip("'\"")
    if re.match(r"^\.{1,2}(?:[/\\]|$)", text):
        return True
    if re.match(r"^[A-Za-z][\w+.-]*:", text) and not re.match(r"^[A-Za-z]:[/\\]", text):
        return False   # a storage name (arsip-ppid:/...) or a URL scheme, not a file path
    first = re.split(r"[/\\]", text, maxsplit=1)[0].lower()
    if ("/" in text or "\\" in text) and first in (REPO_FOLDERS | ctx.repo_entries):
        return True
    if PurePath(text).is_absolute():
        try:
            Path(text).resolve().relative_to(ctx.root.resolve())
            return True
        except (ValueError, OSError):
            return False
    return False


def check(record: Record, ctx: Context) -> Iterable[Finding]:
    for form in FORMS:
        location = record.get(f"dokumentasi.{form}.lokasi")
        if not isinstance(location, str):
            continue
        field = f"dokumentasi.{form}.lokasi"
        if SHARE_HOSTS.search(location):
            yield finding(NO_SHARE_LINK, record, field,
                          f"Lokasi {form} adalah tautan berbagi publik ('{location.strip()[:80]}'). Simpan dokumen di "
                          "penyimpanan arsip yang aman, cabut tautannya, dan tulis nama penyimpanan serta jalurnya.")
        elif WEB_ADDRESS.search(location):
            yield finding(WEB_LOCATION, record, field,
                          f"Lokasi {form} berupa alamat web ('{location.strip()[:80]}'). Tulis nama penyimpanan dan "
                          "jalurnya, atau abaikan aturan DIK029 dengan alasan bila ini sistem arsip internal ber-login.")
        elif inside_repository(location, ctx):
            yield finding(NOT_IN_REPOSITORY, record, field,
                          f"Lokasi {form} '{location.strip()[:80]}' menunjuk ke dalam repositori. Dokumen yang "
                          "dikecualikan tidak boleh masuk Git; simpan di arsip yang aman dan tulis lokasinya.")
