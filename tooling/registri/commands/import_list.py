"""`registri import BERKAS`: a list becomes step-1 records in one commit (the face of import_plan.py).

Without options: the list that came with a disposition (docs/panduan/impor.md). With
`--existing`: the office's existing, published DIK, whose entries become inherited records
with their gaps listed (docs/panduan/adopsi.md). Every row is checked first; any error is
reported by row number and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from registri import import_plan
from registri.commands.common import add_today, root_of, today_of
from registri.config import load_office
from registri.findings import render_text
from registri.gitwrite import Workspace


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="BERKAS", type=Path, help="daftar .csv (UTF-8, pemisah ; atau ,) atau .xlsx")
    parser.add_argument("--existing", "--warisan", dest="existing", action="store_true",
                        help="daftar DIK lama kantor yang sudah diumumkan: setiap butir menjadi catatan warisan")
    parser.add_argument("--tahun", type=int, default=None, metavar="TAHUN",
                        help="tahun nomor catatan DIK-TAHUN-nnn (bawaan: tahun hari ini)")
    parser.add_argument("--pelaksana", metavar="PERAN", default=None, help="peran Anda bila memegang lebih dari satu")
    parser.add_argument("--penetapan-nomor", metavar="NOMOR", default=None,
                        help="--existing: nomor SK penetapan untuk seluruh daftar (kolom SK per baris didahulukan)")
    parser.add_argument("--penetapan-tanggal", metavar="TANGGAL", default=None,
                        help="--existing: tanggal SK penetapan, mis. '30 April 2025' atau 30/04/2025")
    parser.add_argument("--penetapan-tempat", metavar="KOTA", default=None, help="--existing: tempat penetapan")
    parser.add_argument("--penetapan-pejabat", metavar="PEJABAT", default=None, help="--existing: pejabat yang menetapkan")
    parser.add_argument("--unit", metavar="UNIT", default=None,
                        help="--existing: unit kerja untuk baris yang tidak menyebut unitnya")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    today = today_of(args, load_office(root))
    penetapan = {"nomor": args.penetapan_nomor, "tanggal": args.penetapan_tanggal,
                 "tempat": args.penetapan_tempat, "pejabat": args.penetapan_pejabat}
    plan = import_plan.plan_import(root, args.file, email=Workspace(root).user().email, pelaksana=args.pelaksana,
                                year=args.tahun, today=today, existing=args.existing, penetapan=penetapan,
                                unit=args.unit)
    if not plan.ok:
        print(render_text(plan.findings))
        print(import_plan.REFUSED)
        return 1
    if plan.findings:
        print(render_text(plan.findings))
    commit, created = import_plan.commit_import(root, plan)
    print("\n".join(import_plan.summary_lines(plan, commit, created)))
    return 0
