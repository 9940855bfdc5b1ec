"""`registri accept CABANG`: the Atasan PPID receives the report (SOP step 5).

A face of registri.acceptance: shows which records the merge would accept and which it only
merges, then makes the merge (or, with --periksa, stops there).
"""

from __future__ import annotations

import argparse

from registri import acceptance
from registri.commands.common import add_today, root_of, today_of
from registri.config import load_office
from registri.findings import render_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("branch", metavar="CABANG", help="cabang kerja yang diterima, mis. dik/DIK-2026-010")
    parser.add_argument("--periksa", action="store_true",
                        help="hanya tampilkan catatan yang akan diterima dan yang hanya digabung; main tidak diubah")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    today = today_of(args, load_office(root))
    plan = acceptance.plan_accept(root, args.branch, today=today)
    if not plan.ok:
        print(render_text(plan.findings))
        print(plan.refusal())
        return 1
    for line in plan.summary():
        print(line)
    if args.periksa:
        return 0
    for line in acceptance.accept(root, plan).lines:
        print(line)
    return 0
