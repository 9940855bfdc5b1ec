"""`registri scan [FILE…]`: personal data, secrets and files that must never be committed.

Without FILE every file under records/ is scanned (not only YAML: a PDF dropped there is itself a
finding). Every finding blocks, warnings included; see registri/scan.py for why levels differ.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from registri.errors import UsageError
from registri.findings import Finding, render_json, render_text
from registri.paths import RECORDS_DIR, display_path, find_root
from registri.scan import BLOCKED_ADVICE, clean_summary, scan_file


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", metavar="BERKAS", type=Path,
                        help="berkas atau folder yang dipindai (bawaan: semua berkas di records/)")
    # Same option as commands.common.add_format; that module imports the office configuration
    # (and jsonschema, ~0.2 s) which a scan of clean files never needs.
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="bentuk keluaran: text (bawaan) atau json untuk mesin")


def _expand(paths: list[Path], root: Path) -> list[Path]:
    if not paths:
        folder = root / RECORDS_DIR
        return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"Berkas '{path}' tidak ditemukan. Periksa nama dan lokasinya.")
    return files


def scan_paths(files: list[Path], root: Path) -> list[Finding]:
    findings: list[Finding] = []
    for file in files:
        shown = display_path(file, root)
        try:
            findings.extend(scan_file(file, shown, in_records=shown.startswith(f"{RECORDS_DIR}/")))
        except OSError as exc:
            raise UsageError(f"Berkas '{shown}' tidak dapat dibaca ({exc.strerror or exc}).") from None
    return findings


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root) if args.root else find_root()
    files = _expand(list(args.files), root)
    findings = scan_paths(files, root)
    if args.format == "json":
        print(render_json(findings, perintah="scan", berkas_dipindai=len(files)))
    elif findings:
        print(render_text(findings))
        print(BLOCKED_ADVICE)
    else:
        print(clean_summary(len(files)))
    return 1 if findings else 0
