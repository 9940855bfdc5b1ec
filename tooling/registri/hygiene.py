"""File hygiene hooks (pre-commit-hooks' large files, merge-conflict markers, private keys) with
Indonesian messages: the library does the checking; this module runs it and says each finding
in Indonesian with what to do, so staff never read `exceeds 500 KB` or `Private key found`."""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Callable

from registri.errors import RegistriError, UsageError

# check name -> (pre-commit-hooks module, its English line, Indonesian text)
_CHECKS: dict[str, tuple[str, re.Pattern, str]] = {
    "large-files": ("check_added_large_files", re.compile(r"^(?P<file>.+) \((?P<kb>\d+) KB\) exceeds (?P<max>\d+) KB\.$"),
                    "{file}: berkas {kb} KB, melebihi batas {max} KB. Dokumen dan berkas besar tidak masuk repositori; "
                    "simpan di arsip yang aman lalu keluarkan dari commit: `git rm --cached \"{file}\"`."),
    "merge-conflict": ("check_merge_conflict",
                       re.compile(r"^(?P<file>.+):(?P<line>\d+): Merge conflict string '(?P<mark>.+)' found$"),
                       "{file}:{line}: penanda konflik penggabungan `{mark}` masih tertinggal. Selesaikan konfliknya: "
                       "pilih isi yang benar, hapus baris <<<<<<<, ======= dan >>>>>>>, lalu simpan."),
    "private-key": ("detect_private_key", re.compile(r"^Private key found: (?P<file>.+)$"),
                    "{file}: berisi kunci privat. Kunci privat tidak boleh masuk repositori: keluarkan dari commit "
                    "(`git rm --cached \"{file}\"`) dan ganti kunci itu, karena sudah pernah tersalin."),
}
CHECKS = tuple(_CHECKS)
ALL = "semua"   # every check in one process: each pre-commit hook costs a process start per commit


def say(check: str, line: str) -> str:
    _, pattern, text = _CHECKS[check]
    match = pattern.match(line.strip())
    return text.format(**match.groupdict()) if match else line


def run_all(files: list[str], maxkb: int) -> tuple[int, list[str]]:
    """Every check over `files` (the large-file limit `maxkb`); the worst exit code, all lines."""
    code, lines = 0, []
    for check in CHECKS:
        one, said = run(check, [*files, *([f"--maxkb={maxkb}"] if check == "large-files" else [])])
        code, lines = max(code, one), lines + said
    return code, lines


def run(check: str, argv: list[str]) -> tuple[int, list[str]]:
    """Run one pre-commit-hooks check; (exit code, Indonesian lines)."""
    import importlib

    module, _, _ = _CHECKS[check]
    missing = next((a for a in argv if not a.startswith("-") and not os.path.lexists(a)), None)
    if missing is not None:   # pre-commit-hooks would stop with a traceback
        raise UsageError(f"Berkas '{missing}' tidak ditemukan. Periksa nama dan lokasinya.")
    try:
        main: Callable[[list[str]], int] = importlib.import_module(f"pre_commit_hooks.{module}").main
    except ImportError:
        raise RegistriError("Pemeriksaan berkas ini butuh paket pre-commit-hooks, yang dipasang oleh hook pre-commit. "
                            "Jalankan lewat hook (`pre-commit run --all-files`) atau pasang dengan "
                            "`pip install -e '.[test]'`.") from None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, [say(check, line) for line in out.getvalue().splitlines() if line.strip()]
