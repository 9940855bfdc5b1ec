"""`registri check-commit BERKAS…`: the pre-commit hook. Runs validate, scan, lint-yaml and
check-files on the files each takes (registri.commitchecks) in this one process, each through the
CLI's own error boundary, and prints each check's output under its title.

Where the system can fork (Linux, macOS) and the cores have room, yamllint and the file checks run in
a child beside this process while it validates and scans: the hook takes about the time of its
slower half (issue 12). Output, order and exit code are the same either way.
What validate, scan and lint-yaml said about the same inputs before is answered from the Git
folder's cache (registri.checkcache) without running them again."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path

from registri import checkcache
from registri.commands.common import root_of
from registri.commitchecks import plan
from registri.paths import display_path

# The checks run in the child: each imports its own library (yamllint, pre-commit-hooks); the
# register's schema, rules and scanner are imported and run here meanwhile.
BESIDE = ("lint-yaml", "check-files")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", metavar="BERKAS", nargs="*", help="berkas yang akan di-commit (diberikan oleh pre-commit)")
    parser.add_argument("--maxkb", type=int, default=500, help="batas ukuran berkas, dalam KB")


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    files = [(given, display_path(Path(given).absolute(), root)) for given in args.files]
    jobs = []
    for title, argv in plan(files, args.maxkb):
        if args.root:
            argv = [argv[0], "--root", str(args.root), *argv[1:]]
        jobs.append((title, argv))
    store, keys = _cache(root, jobs)
    outcomes = {i: hit for i, key in keys.items() if (hit := store.get(key)) is not None}
    todo = [i for i in range(len(jobs)) if i not in outcomes]
    beside = [i for i in todo if jobs[i][1][0] in BESIDE]
    here = [i for i in todo if i not in beside]
    child = _start([jobs[i][1] for i in beside]) if beside and here else None
    outcomes.update({i: _check(jobs[i][1]) for i in (here if child else todo)})
    if child:
        outcomes.update(zip(beside, _finish(child, [jobs[i][1] for i in beside])))
    if store:
        for i in todo:
            if outcomes[i][0] in (0, 1):     # a crash's message names its own log file: never kept
                store.put(keys[i], outcomes[i])
        store.save()
    code = 0
    for i, (title, _) in enumerate(jobs):
        one, said = outcomes[i]
        code = max(code, one)
        if said.strip():
            print(f"--- {title} ---\n{said.rstrip()}\n", flush=True)
    return code


def _cache(root: Path, jobs: list) -> tuple[checkcache.Outcomes | None, dict]:
    """The outcome cache and each job's key; none when the cache cannot be used (checks run as usual)."""
    try:
        store = checkcache.open_for(root)
        return store, ({i: store.key(argv) for i, (_, argv) in enumerate(jobs)} if store else {})
    except OSError:
        return None, {}


def _check(argv: list[str]) -> tuple[int, str]:
    """One check through the CLI's boundary (messages, never a traceback): exit code and output."""
    from registri.cli import main

    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(argv)
    return code, said.getvalue()


def _start(jobs: list[list[str]]):
    """`jobs` started in a child (registri.forked), or None where it cannot or should not be."""
    if not _idle_core():
        return None          # no core to spare: the child would only wait for the same cores
    from registri import forked

    import yaml  # noqa: F401 - both halves read YAML: imported once, before the fork

    import registri.findings  # noqa: F401 - the same for the findings every check prints

    sys.stdout.flush()
    sys.stderr.flush()
    running = forked.beside(lambda: [_check(argv) for argv in jobs])
    return running if running.forking else None      # Windows, or other threads: all run here


def _idle_core() -> bool:
    """Whether the cores have room for the child (load average below their number): on a busy
    machine the child only waits for the same cores and the hook takes longer, not shorter."""
    try:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
        return cores > 1 and os.getloadavg()[0] < cores
    except (AttributeError, OSError):
        return False


def _finish(child, jobs: list[list[str]]) -> list[tuple[int, str]]:
    """The child's outcomes (a child that failed has its checks run here: registri.forked)."""
    return child.results()[0]
