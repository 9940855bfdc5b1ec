"""`registri check-message FILE`: the commit-msg hook (pre-commit passes the message file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registri.commands.common import root_of
from registri.commitmsg import KEEP_MESSAGE, check_message
from registri.config import load_office
from registri.findings import render_text
from registri.sop import load_sop


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="BERKAS", type=Path,
                        help="berkas pesan commit (biasanya .git/COMMIT_EDITMSG, diberikan oleh hook commit-msg)")


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    result = check_message(root, args.file, load_office(root), load_sop(root))
    if result.refusal:
        print(result.refusal, file=sys.stderr)
        return 1
    if not result.findings:
        return 0
    print(render_text(result.findings), file=sys.stderr)
    print(f"\n{result.headline}", file=sys.stderr)
    if result.example:
        print(f"\n{result.example}\n", file=sys.stderr)
    print(KEEP_MESSAGE, file=sys.stderr)
    return 1
