"""`registri build`: the internal site and its reports, exactly `mkdocs build --strict` with our plugin.

The reports (Markdown, PDF, XLSX, CSV, JSON per period, and the public DIK) are part of the site:
the plugin adds them as pages and downloads. `--demo` first makes the demo register (`registri
demo`) and builds the site of that register instead.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from registri.attention import ENDED
from registri.clock import parse_date
from registri.commands.common import add_today, root_of
from registri.errors import RegistriError, UsageError

MKDOCS_FILE = "mkdocs.yml"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, metavar="FOLDER",
                        help="folder hasil situs (bawaan: site/ di folder repositori)")
    add_today(parser)
    parser.add_argument("--demo", action="store_true",
                        help="bangun situs dari register contoh dengan riwayat realistis (registri demo)")
    parser.add_argument("--records", type=int, default=None, metavar="N",
                        help="dengan --demo: N catatan sintetis alih-alih catatan contoh")
    parser.add_argument("--demo-dir", type=Path, default=None, metavar="FOLDER",
                        help="dengan --demo: simpan repositori demo di folder ini (bawaan: folder sementara yang dihapus)")
    parser.add_argument("-v", "--verbose", action="store_true", help="tampilkan semua pesan MkDocs")


def _logging(verbose: bool) -> logging.Handler:
    """MkDocs reports through `logging`; show its warnings (and info with -v) on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def build_site(config_file: Path, register_root: Path, out: Path, today: str | None):
    """One strict MkDocs build with the registri plugin reading `register_root`. Returns the plugin."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")   # Material's banner is not for office staff
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        config = load_config(str(config_file), site_dir=str(out), strict=True)
    except (ConfigurationError, Abort) as exc:
        raise UsageError(f"{config_file.name} tidak dapat dipakai: {exc}") from None
    plugin = config.plugins.get("registri")
    if plugin is None:
        raise UsageError(f"{config_file.name} tidak memuat plugin 'registri' (plugins: - registri).")
    plugin.config.root = str(register_root)
    plugin.config.today = today
    # The previous site's record pages and search shards are kept where still right, and the
    # rest deleted beside the build, by the plugin (site/carry.py).
    try:
        build(config)
    except Abort as exc:
        raise BuildFailed(str(exc)) from None
    return plugin


class BuildFailed(RegistriError):
    """MkDocs stopped (a warning in strict mode, or a broken page)."""

    exit_code = 1

    def __init__(self, detail: str) -> None:
        super().__init__(f"Situs tidak dibangun: {_abort_reason(detail)} Perbaiki yang disebut pesan di atas, "
                         "lalu jalankan lagi.")


def _abort_reason(detail: str) -> str:
    """MkDocs' own (English) reason for stopping, in Indonesian; another text is kept as it is."""
    detail = detail.strip()
    warnings = re.fullmatch(r"Aborted with (\d+) warnings? in strict mode!", detail)
    if warnings:
        return f"MkDocs berhenti karena {warnings[1]} peringatan (mode ketat)."
    if detail == "Aborted with a BuildError!":
        return "MkDocs berhenti karena ada kesalahan."
    return detail


def _summary(plugin, out: Path, seconds: float) -> str:
    data = plugin.site.data
    errors = sum(1 for f in data.findings if f.is_error)
    warnings = len(data.findings) - errors
    pages = sum(1 for _ in out.rglob("index.html"))
    ended = len(data.attention_soon.items(ENDED))
    lines = [
        f"Situs internal {data.register.office.short_name} dibangun dalam {seconds:.1f} detik: {out}",
        f"  {len(data.register.records)} catatan, {pages} halaman; keadaan per {data.today.isoformat()}.",
        f"  Laporan (Markdown, PDF, XLSX, CSV, JSON) dan DIK publik ada di {out / 'laporan'} dan {out / 'publik'}.",
    ]
    if errors or warnings:
        lines.append(f"  Pemeriksaan: {errors} kesalahan dan {warnings} peringatan; lihat halaman 'Hasil pemeriksaan' "
                     "atau jalankan `registri validate`.")
    if ended:
        lines.append(f"  Perhatian: {ended} catatan sudah berakhir masa pengecualiannya tetapi masih tertutup.")
    if data.history_note and data.history_note.startswith("Riwayat Git tidak dapat dibaca"):
        lines.append(f"  Perhatian: {data.history_note} Jejak audit di situs kosong sampai riwayatnya dipulihkan.")
    lines += [
        "Buka situsnya:",
        f"  python -m http.server -d {out} 8000      lalu buka http://127.0.0.1:8000/ di peramban",
        "  (atau `mkdocs serve` di folder repositori untuk pratinjau yang diperbarui otomatis)",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.today:
        parse_date(args.today)          # a bad date is a usage error before any work
    if (args.records is not None or args.demo_dir is not None) and not args.demo:
        raise UsageError("--records dan --demo-dir hanya dipakai bersama --demo.")
    if args.demo:
        return _run_demo(args)
    root = root_of(args)
    config_file = root / MKDOCS_FILE
    if not config_file.is_file():
        raise UsageError(f"{MKDOCS_FILE} tidak ada di {root}; salin dari templat Registri.")
    out = (args.out or root / "site").resolve()
    return _build_and_report(config_file, root, out, args)


def _run_demo(args: argparse.Namespace) -> int:
    from registri.demo import PROJECT, build_demo

    try:
        source = root_of(args)
    except UsageError:
        source = PROJECT
    out = (args.out or source / "site").resolve()
    keep = args.demo_dir is not None
    folder = args.demo_dir.resolve() if keep else Path(tempfile.mkdtemp(prefix="registri-demo-"))
    try:
        started = time.perf_counter()
        today = parse_date(args.today) if args.today else None
        demo = build_demo(folder, records=args.records, seed=1, today=today, source=source)
        print(f"Register demo dibuat dalam {time.perf_counter() - started:.1f} detik"
              + (f": {demo}" if keep else "."))
        config_file = demo / MKDOCS_FILE if (demo / MKDOCS_FILE).is_file() else source / MKDOCS_FILE
        return _build_and_report(config_file, demo, out, args)
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def _build_and_report(config_file: Path, root: Path, out: Path, args: argparse.Namespace) -> int:
    handler = _logging(args.verbose)
    try:
        started = time.perf_counter()
        plugin = build_site(config_file, root, out, args.today)
        print(_summary(plugin, out, time.perf_counter() - started))
        return 0
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
