"""`registri attention`: the records that need action, for people (text) and the daily issue (md).

Exit 1 when a period has ended on a closed record or a review is overdue, so the daily run fails
visibly; periods that merely end soon are listed but keep exit 0.
"""

from __future__ import annotations

import argparse

from registri.attention import collect, render_json, render_markdown, render_text
from registri.commands.common import add_today, root_of, today_of
from registri.errors import UsageError
from registri.register import load_register


def configure(parser: argparse.ArgumentParser) -> None:
    add_today(parser)
    parser.add_argument("--days", type=int, default=30, metavar="N",
                        help="tampilkan juga catatan yang masa pengecualiannya berakhir dalam N hari (bawaan 30)")
    parser.add_argument("--format", choices=("text", "md", "json"), default="text",
                        help="bentuk keluaran: text (bawaan), md (isi isu GitHub harian) atau json")
    parser.add_argument("--link-base", metavar="URL", default=None,
                        help="awal tautan berkas pada keluaran md, mis. https://github.com/ORG/REPO/blob/main/")


def run(args: argparse.Namespace) -> int:
    if args.days < 0:
        raise UsageError(f"--days: {args.days} tidak boleh negatif; tulis jumlah hari, mis. --days 30.")
    root = root_of(args)
    register = load_register(root)
    attention = collect(register, today_of(args, register.office), args.days)
    if args.format == "md":
        print(render_markdown(attention, args.link_base), end="")
    elif args.format == "json":
        print(render_json(attention))
    else:
        print(render_text(attention))
    return 1 if attention.urgent else 0
