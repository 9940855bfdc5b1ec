"""Writing report files to a folder, with one Indonesian sentence when the system refuses."""

from __future__ import annotations

import errno
from pathlib import Path

from registri.errors import RegistriError

# The operating system's reason, in the words of the person who has to fix it.
_REASONS = {
    errno.EACCES: "Anda tidak punya izin menulis di sana",
    errno.EPERM: "Anda tidak punya izin menulis di sana",
    errno.EROFS: "foldernya hanya dapat dibaca",
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.ENOTDIR: "sebagian jalurnya adalah berkas, bukan folder",
    errno.EEXIST: "sudah ada berkas dengan nama itu, bukan folder",
    errno.EISDIR: "sudah ada folder dengan nama berkas laporan",
    errno.ENAMETOOLONG: "nama jalurnya terlalu panjang",
}
_FIX = "pilih folder lain dengan --out atau perbaiki izin folder itu"


def reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno, "sistem menolak menulis berkas")


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """Create `folder` and write every file; text as UTF-8 with LF line ends (reproducible)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            target = folder / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise RegistriError(f"Laporan tidak dapat ditulis ke folder {folder} karena {reason(exc)}; {_FIX}.") from None
