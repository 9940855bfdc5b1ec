"""`registri step N ID…`: do SOP step N (1-4) for records and make the commit that records it.

Also `registri step koreksi|peninjauan|pembukaan ID…` for the named changes outside the steps.
On `main` it first creates a working branch `dik/<first ID>` (records reach `main` only through
the Atasan PPID's accepting merge, `registri accept`).
"""

from __future__ import annotations

import argparse

from registri import workflow
from registri.commands.common import add_today, root_of, today_of
from registri.config import load_office
from registri.findings import render_text


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("langkah", metavar="LANGKAH",
                        help="nomor langkah POS 1-4, atau perubahan di luar langkah: koreksi, peninjauan, pembukaan")
    parser.add_argument("ids", metavar="ID", nargs="+", help="nomor catatan, mis. DIK-2026-003")
    parser.add_argument("--pelaksana", metavar="PERAN", default=None,
                        help="peran yang Anda jalankan bila Anda memegang lebih dari satu (PPID, "
                             "'Pengadministrasi Umum', 'Atasan PPID')")
    parser.add_argument("--laporan", metavar="PERIODE", default=None,
                        help="langkah 4: periode laporan, mis. 2026-T4 (bawaan: periode hari ini)")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    today = today_of(args, load_office(root))
    plan = workflow.plan_step(root, args.langkah, args.ids, today=today, pelaksana=args.pelaksana,
                              laporan=args.laporan)
    if not plan.ok:
        print(render_text(plan.findings))
        print(plan.refusal())
        return 1
    if plan.warnings:   # the same warnings `registri validate` gives; they do not block the step
        print(render_text(plan.warnings))
        print(workflow.WARNINGS_NOTE)
    for line in workflow.commit_step(root, plan).lines:
        print(line)
    return 0
