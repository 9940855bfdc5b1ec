"""`registri audit [--range A..B] [--require-signed]`: the audit-trail rules over Git history."""

from __future__ import annotations

import argparse

from registri.audit import run_audit
from registri.clock import today
from registri.commands.common import add_format, add_today, root_of
from registri.config import load_office
from registri.findings import exit_code, render_json, render_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--range", dest="rev_range", metavar="A..B", default=None,
                        help="periksa hanya commit dalam rentang ini, mis. main..cabang-saya (bawaan: seluruh riwayat)")
    parser.add_argument("--require-signed", action="store_true",
                        help="setiap commit harus bertanda tangan SSH sah dari kunci di registri.yaml; commit buatan "
                             "GitHub (tombol Merge) harus bertanda tangan kunci GitHub (web-flow)")
    add_today(parser)
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    day = today(load_office(root).tz, args.today)
    findings = run_audit(root, rev_range=args.rev_range, require_signed=args.require_signed, today=day)
    if args.format == "json":
        print(render_json(findings, perintah="audit", rentang=args.rev_range or "seluruh riwayat"))
    elif findings:
        print(render_text(findings))
    code = exit_code(findings)
    if args.format != "json" and code == 0:
        print("Audit jejak selesai: tidak ada kesalahan pada jejak langkah POS di riwayat Git.")
    return code
