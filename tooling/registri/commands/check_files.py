"""`registri check-files PERIKSA BERKAS…`: pre-commit-hooks' file checks in Indonesian (registri.hygiene)."""

from __future__ import annotations

import argparse

from registri.hygiene import ALL, CHECKS, run as run_check, run_all


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("check", metavar="PERIKSA", choices=(ALL, *CHECKS),
                        help="semua | large-files | merge-conflict | private-key")
    parser.add_argument("files", metavar="BERKAS", nargs="*")
    parser.add_argument("--maxkb", type=int, default=500, help="batas ukuran berkas (large-files), dalam KB")


def run(args: argparse.Namespace) -> int:
    if args.check == ALL:
        code, lines = run_all(args.files, args.maxkb)
    else:
        argv = [*args.files, *([f"--maxkb={args.maxkb}"] if args.check == "large-files" else [])]
        code, lines = run_check(args.check, argv)
    for line in lines:
        print(line)
    return code
