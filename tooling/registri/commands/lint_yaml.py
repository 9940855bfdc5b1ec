"""`registri lint-yaml BERKAS…`: the yamllint hook with Indonesian messages (registri.yamlstyle)."""

from __future__ import annotations

import argparse
from pathlib import Path

from registri.commands.common import root_of
from registri.findings import render_text
from registri.yamlstyle import lint


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="BERKAS", nargs="*", type=Path, help="berkas YAML yang diperiksa")


def run(args: argparse.Namespace) -> int:
    findings = lint(root_of(args), args.files)
    if findings:
        print(render_text(findings))
    return 1 if any(f.is_error for f in findings) else 0
