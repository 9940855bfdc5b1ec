"""Where things are: the repository root and the records folder."""

from __future__ import annotations

import os
from pathlib import Path

from registri.errors import UsageError

CONFIG_NAME = "registri.yaml"
RECORDS_DIR = "records"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds registri.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise UsageError(
        f"Berkas {CONFIG_NAME} tidak ditemukan di folder ini atau folder di atasnya. "
        "Jalankan perintah dari dalam folder repositori register, atau pakai --root FOLDER.")


def display_path(file: Path, root: Path) -> str:
    """Path as users see it: relative to the repository, with forward slashes."""
    if file.is_absolute() and root.is_absolute() and ".." not in file.parts:
        try:  # the common case (files found under root): no file-system calls
            return file.relative_to(root).as_posix()
        except ValueError:
            pass
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.normpath(str(file)).replace(os.sep, "/")


def record_files(root: Path) -> list[Path]:
    """Every YAML file under records/, sorted."""
    folder = root / RECORDS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
