"""`registri check-branch`: the pre-commit hook that refuses record changes committed directly
on main (registri.mainguard holds the rule and the message)."""

from __future__ import annotations

import argparse
import sys

from registri.commands.common import root_of
from registri.mainguard import refusal


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="BERKAS", nargs="*", help="diabaikan (perubahan yang di-stage dibaca dari Git)")


def run(args: argparse.Namespace) -> int:
    message = refusal(root_of(args))
    if message is None:
        return 0
    print(message, file=sys.stderr)
    return 1
