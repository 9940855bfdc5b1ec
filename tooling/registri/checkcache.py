"""What the commit hook's checks said, kept by everything they said it from (issue 12).

`registri check-commit` runs again on the same content more often than not: a commit refused
by the commit-msg hook and made again, `pre-commit run` before `git commit`, `pre-commit run
--all-files` in CI or after a pull (most files unchanged). validate, scan and lint-yaml give the
same exit code and output for the same inputs, so their outcome is kept under a key of all of
them and answered from here the next time:

- the check's arguments (the file names as given, which the output repeats) and the bytes of
  every file it is given;
- this package's files (name, size, modification time) and the libraries of the environment
  (the Python, the environment's folder, the names of its installed distributions, which carry
  their versions);
- the office's configuration files (registri.yaml, sop.yaml, .yamllint.yaml);
- for validate, what its rules look at besides the files: the day (REGISTRI_TODAY, else the
  quarter of an hour in UTC: an office's day changes only on the quarter hour, time zones being
  whole quarters of an hour from UTC), the names of the repository's top-level entries and of
  every record file (uniqueness).

The file checks (large files, merge-conflict markers, private keys) are not kept: they depend on
Git's state (what the commit adds, whether a merge is under way). The cache lives in the Git
folder, never in the work tree; a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import time
from pathlib import Path

CACHED = ("validate", "scan", "lint-yaml")
NAME = "registri-cache/commit-checks.marshal"
KEEP = 256                                  # outcomes kept, the most recently used
PACKAGE = Path(__file__).resolve().parent
CONFIG_FILES = ("registri.yaml", "sop.yaml", ".yamllint.yaml")
FORMAT = "1"                                # bump when what an entry holds changes


def git_dir(root: Path) -> Path | None:
    """The repository's Git folder (a worktree's own), or None outside Git."""
    dot = root / ".git"
    if dot.is_dir():
        return dot
    try:
        line = dot.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not line.startswith("gitdir:"):
        return None
    folder = Path(line[len("gitdir:"):].strip())
    folder = folder if folder.is_absolute() else root / folder
    return folder if folder.is_dir() else None


def _code_stamp() -> list:
    stamp: list = [FORMAT, sys.version, sys.prefix]
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".json")):
                info = os.stat(os.path.join(folder, name))
                stamp.append((os.path.relpath(os.path.join(folder, name), PACKAGE), info.st_size, info.st_mtime_ns))
    for entry in sys.path:
        if entry.endswith("site-packages") and os.path.isdir(entry):
            stamp.append((entry, sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))))
    return stamp


def _bytes_of(path: Path) -> bytes | str:
    try:
        return path.read_bytes()
    except OSError as exc:
        return f"-{exc.errno}"              # missing or unreadable: the check says so, the key keeps it


class Outcomes:
    """The cache of one repository; `key` for a check's argv, then `get`/`put`, then `save`."""

    def __init__(self, root: Path, folder: Path) -> None:
        self.root, self.file = root, folder / NAME
        try:
            entries = marshal.loads(self.file.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            entries = {}
        self.entries: dict = entries if isinstance(entries, dict) else {}
        self.changed = False
        self._base = self._hash([_code_stamp(), [(n, _bytes_of(root / n)) for n in CONFIG_FILES]])
        self._context: bytes | None = None

    @staticmethod
    def _hash(value) -> bytes:
        return hashlib.sha256(marshal.dumps(value)).digest()

    def _validate_context(self) -> bytes:
        """What validate's rules read besides the files: the day, top-level names, record file names."""
        if self._context is None:
            day = os.environ.get("REGISTRI_TODAY") or f"utc-quarter-{int(time.time() // 900)}"
            try:
                entries = sorted(p.name.lower() for p in self.root.iterdir())
            except OSError:
                entries = []
            names = sorted(os.path.join(folder, name) for folder, _, files in os.walk(self.root / "records")
                           for name in files)      # every name under records/: more than the rule reads
            self._context = self._hash([day, entries, names])
        return self._context

    def key(self, argv: list[str]) -> bytes | None:
        """The key of a check's outcome, or None for a check that is not kept."""
        if argv[0] not in CACHED:
            return None
        files = [a for a in argv[1:] if not a.startswith("-")]
        parts = [self._base, argv, [(f, _bytes_of(Path(f))) for f in files]]   # as the check reads them
        if argv[0] == "validate":
            parts.append(self._validate_context())
        return self._hash(parts)

    def get(self, key: bytes | None) -> tuple[int, str] | None:
        hit = self.entries.pop(key, None) if key else None
        if not (isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], int) and isinstance(hit[1], str)):
            return None
        self.entries[key] = hit             # most recently used last
        self.changed = True
        return hit

    def put(self, key: bytes | None, outcome: tuple[int, str]) -> None:
        if key:
            self.entries.pop(key, None)
            self.entries[key] = outcome
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        kept = dict(list(self.entries.items())[-KEEP:])
        temp = self.file.with_name(f"{self.file.name}.{os.getpid()}.tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(marshal.dumps(kept))
            os.replace(temp, self.file)
        except OSError:
            try:
                temp.unlink()
            except OSError:
                pass


def open_for(root: Path) -> Outcomes | None:
    """The cache of the repository at `root`, or None outside Git (nothing is written in the work tree)."""
    folder = git_dir(root)
    return Outcomes(root, folder) if folder else None
