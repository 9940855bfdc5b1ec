"""Options and helpers shared by several commands."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from registri.clock import today
from registri.paths import find_root

if TYPE_CHECKING:  # only a type: importing config would load jsonschema in every command
    from registri.config import Office


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", metavar="YYYY-MM-DD", default=None,
                        help="anggap hari ini tanggal tersebut (untuk pemeriksaan dan laporan yang dapat diulang)")


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="bentuk keluaran: text (bawaan) atau json untuk mesin")


def root_of(args: argparse.Namespace) -> Path:
    return find_root(args.root) if args.root else find_root()


def today_of(args: argparse.Namespace, office: "Office") -> dt.date:
    return today(office.tz, getattr(args, "today", None))
