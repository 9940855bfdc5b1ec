"""`registri lengkapi COMMIT`: a follow-up commit stating the step of a commit made without
trailers (registri.completion holds the rule; this face parses and prints)."""

from __future__ import annotations

import argparse

from registri.commands.common import root_of
from registri.commitmsg import CHANGES
from registri.completion import plan_completion
from registri.config import load_office
from registri.gitwrite import Workspace
from registri.sop import load_sop


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("commit", metavar="COMMIT", help="id commit yang kurang trailernya (minimal 7 karakter)")
    parser.add_argument("--perubahan", choices=CHANGES, default=None,
                        help="commit itu perubahan di luar langkah SOP (bawaan: langkah ditentukan dari status catatan)")


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office, sop = load_office(root), load_sop(root)
    plan = plan_completion(root, args.commit, office, sop, change=args.perubahan)
    sha = Workspace(root).commit_empty(plan.message)
    print(f"Jejak dilengkapi: {plan.summary} (commit pelengkap {sha[:10]}). Kirim cabang Anda lagi: `git push`.")
    return 0
