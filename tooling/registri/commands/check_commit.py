"""`registri check-commit BERKAS…`: the pre-commit hook. Runs validate, scan, lint-yaml and
check-files on the files each takes (registri.commitchecks) in this one process, each through the
CLI's own error boundary, and prints each check's output under its title."""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

from registri.commands.common import root_of
from registri.commitchecks import plan
from registri.paths import display_path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="BERKAS", nargs="*", help="berkas yang akan di-commit (diberikan oleh pre-commit)")
    parser.add_argument("--maxkb", type=int, default=500, help="batas ukuran berkas, dalam KB")


def run(args: argparse.Namespace) -> int:
    from registri.cli import main   # the same boundary as a separate command: messages, never a traceback

    root = root_of(args)
    files = [(given, display_path(Path(given).absolute(), root)) for given in args.files]
    code = 0
    for title, argv in plan(files, args.maxkb):
        if args.root:
            argv = [argv[0], "--root", str(args.root), *argv[1:]]
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            code = max(code, main(argv))
        if said.getvalue().strip():
            print(f"--- {title} ---\n{said.getvalue().rstrip()}\n", flush=True)
    return code
