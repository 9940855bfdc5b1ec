"""Caches that make a large register quick to check and to build again, and are never stale.

Every entry is found by a key made of everything its value was made from:

- record content by its Git blob id (`git ls-files -s`; files changed in the working tree or not
  yet added are hashed the way Git would, so an unstaged edit is never mistaken for the staged one);
- the configuration (registri.yaml, sop.yaml, mkdocs.yml and the hand-written pages in docs/);
- the code version: every file of this package plus the versions of the libraries that shape
  the output (a changed rule, template or library never reads what its older self wrote).

Entries live in `<git dir>/registri-cache/` (beside the history cache; CI restores that folder
between runs), or `.cache/registri/` in a folder that is not a Git repository. A cache that
cannot be read or written is simply not used: the work is done again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import os
import pickle
import struct
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from registri import __version__

CACHE_DIR = "registri-cache"          # inside the Git directory, as history.py's cache
PLAIN_DIR = ".cache/registri"         # outside Git
PACKAGE = Path(__file__).resolve().parent
# Libraries whose version changes what a check, a page or a report looks like.
LIBRARIES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe",
             "pyyaml", "jsonschema", "fastjsonschema", "holidays", "reportlab", "openpyxl", "xlsxwriter", "tzdata",
             "matplotlib", "pypdf")
CODE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".j2", ".css", ".js", ".svg", ".txt", ".csv", ".xlsx", ".ttf")
CONFIG_FILES = ("registri.yaml", "sop.yaml", "mkdocs.yml")


def digest(*parts: Any) -> str:
    """A short, stable hash of strings, bytes and (nested) tuples/lists of them."""
    h = hashlib.sha256()

    def feed(part: Any) -> None:
        if isinstance(part, (tuple, list)):
            h.update(b"(")
            for item in part:
                feed(item)
            h.update(b")")
        elif isinstance(part, bytes):
            h.update(b"b%d:" % len(part) + part)
        else:
            text = str(part).encode("utf-8", "surrogateescape")
            h.update(b"s%d:" % len(text) + text)

    for part in parts:
        feed(part)
    return h.hexdigest()[:40]


@lru_cache(maxsize=1)
def code_version() -> str:
    """This package's files and the versions of the libraries that shape its output."""
    from importlib import metadata   # ~20 ms to import: only when a cache key needs library versions

    parts: list[Any] = [__version__]
    for file in sorted(PACKAGE.rglob("*")):
        if file.suffix in CODE_SUFFIXES and "__pycache__" not in file.parts and file.is_file():
            parts.append((file.relative_to(PACKAGE).as_posix(), file.read_bytes()))
    for name in LIBRARIES:
        try:
            parts.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            parts.append((name, "-"))
    return digest(*parts)


def config_digest(root: Path, with_docs: bool = False) -> str:
    """The office's configuration files (and, for the site, every hand-written page in docs/)."""
    parts: list[Any] = []
    for name in CONFIG_FILES:
        try:
            parts.append((name, (root / name).read_bytes()))
        except OSError:
            parts.append((name, "-"))
    if with_docs:
        docs = root / "docs"
        for file in sorted(docs.rglob("*")) if docs.is_dir() else ():
            if file.is_file():
                parts.append((file.relative_to(docs).as_posix(), file.read_bytes()))
    return digest(*parts)


def git_blob_id(data: bytes) -> str:
    """The id Git gives `data` as a blob (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _git(root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


class ValueKeys:
    """A digest of a value's repr (dataclasses, tuples, lists, dicts, sets of them), where each
    dataclass object is digested once for all the values that hold it: one commit is in the
    history of up to thousands of records, and its repr (every file it touched) was made again
    for each of them. Sets are in sorted order, so a key does not follow the hash seed."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[object, str]] = {}   # id -> (the object, kept alive; its digest)
        self._fields: dict[type, tuple[str, ...] | None] = {}

    def of(self, value) -> str:
        return digest(self._text(value))

    def _names(self, kind: type) -> tuple[str, ...] | None:
        """The field names of a dataclass, None for any other type (looked up once per type)."""
        if kind not in self._fields:
            self._fields[kind] = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else None
        return self._fields[kind]

    def _text(self, value) -> str:
        kind = type(value)
        if kind in _LEAVES:
            return repr(value)
        names = self._names(kind)
        if names is not None:
            known = self._done.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            fields = ",".join(f"{name}={self._text(getattr(value, name))}" for name in names)
            made = "@" + digest(f"{kind.__qualname__}({fields})")
            self._done[id(value)] = (value, made)
            return made
        if isinstance(value, (tuple, list)):
            return f"{kind.__name__}({','.join(self._text(v) for v in value)})"
        if isinstance(value, dict):
            return "{" + ",".join(f"{k!r}:{self._text(v)}" for k, v in value.items()) + "}"
        if isinstance(value, (set, frozenset)):
            return f"{kind.__name__}({','.join(sorted(self._text(v) for v in value))})"
        return repr(value)


# Values whose repr is their whole value (no fields, no order that follows the hash seed).
_LEAVES = frozenset({str, int, float, bool, type(None), bytes, dt.date, dt.datetime, dt.timedelta})


def git_output(root: Path, *args: str) -> str | None:
    """What `git -C root ARGS` prints (stripped), or None when it fails or Git is missing."""
    out = _git(root, *args)
    return None if out is None else out.decode("utf-8", "replace").strip()


def blob_ids(root: Path, folder: str = "records") -> dict[str, str]:
    """Path (relative to `root`, POSIX) -> content id of every file under `folder` as it is on disk.

    Tracked, unchanged files: the blob id from the index (`git ls-files -s`). Files Git reports
    as changed in the working tree (`git diff-files`) and untracked files, ignored ones included
    (a record file is loaded whatever .gitignore says), are read and hashed. Deleted files are
    left out. Outside Git, every file is read and hashed.
    """
    base = root / folder
    staged = _git(root, "ls-files", "-s", "-z", "--", folder)
    changed = _git(root, "diff-files", "--name-only", "-z", "--", folder)
    others = _git(root, "ls-files", "-o", "-z", "--", folder)
    ids: dict[str, str] = {}
    if staged is None or changed is None or others is None:
        for file in sorted(base.rglob("*")) if base.is_dir() else ():
            if file.is_file():
                ids[file.relative_to(root).as_posix()] = git_blob_id(file.read_bytes())
        return ids
    prefix = _git(root, "rev-parse", "--show-prefix")
    strip = (prefix or b"").decode().strip()
    for entry in staged.split(b"\0"):
        if entry:
            meta, _, path = entry.partition(b"\t")
            ids[_relative(path.decode(), strip)] = meta.split()[1].decode()
    for path in (p.decode() for p in changed.split(b"\0") + others.split(b"\0") if p):
        rel = _relative(path, strip)
        file = root / rel
        if file.is_file():
            ids[rel] = git_blob_id(file.read_bytes())
        else:
            ids.pop(rel, None)
    return ids


def _relative(path: str, prefix: str) -> str:
    """Git prints paths relative to the top level; make them relative to `root`."""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def cache_folder(root: Path) -> Path:
    """Where this register's caches live."""
    common = _git(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
    if common:
        return Path(common.decode().strip()) / CACHE_DIR
    return root / PLAIN_DIR


class Store:
    """Pickled values by key in one folder, written by this code only. Writes are atomic."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def read(self, name: str, kind: type | tuple[type, ...] = object) -> Any:
        try:
            with (self.folder / name).open("rb") as handle, collector_paused():
                value = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                IndexError, KeyError, MemoryError):
            return None
        return value if isinstance(value, kind) else None

    def write(self, name: str, value: Any) -> None:
        self.write_bytes(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def read_bytes(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def write_bytes(self, name: str, data: bytes) -> None:
        target = self.folder / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, target)
        except OSError:
            return

    def prune(self, pattern: str, keep: Iterable[str]) -> None:
        """Delete the entries matching `pattern` that are not in `keep` (names)."""
        kept = set(keep)
        for file in self.folder.glob(pattern):
            if file.name not in kept:
                with contextlib.suppress(OSError):
                    file.unlink()


class Pack:
    """Many small entries in one file: the record pages of a build (10,000 of them) are read with
    one open and written as one file per build, not one file each (creating, opening and deleting
    a file each cost more here than reading a page). The file: the entries, then a pickled index
    (name -> offset, length), then the index's offset in 8 bytes. A file that is not whole is
    read as an empty pack; `save` replaces it atomically."""

    MAGIC = b"registri-pack-1\n"

    def __init__(self, file: Path) -> None:
        self.file = file
        self.index: dict[str, tuple[int, int]] = {}
        self.added: dict[str, bytes] = {}
        self.handle = None
        with contextlib.suppress(OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError,
                                 ImportError, IndexError, KeyError, MemoryError, struct.error):
            handle = file.open("rb")
            try:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(0)
                if handle.read(len(self.MAGIC)) != self.MAGIC or size < len(self.MAGIC) + 8:
                    raise ValueError("not a pack")
                handle.seek(size - 8)
                (start,) = struct.unpack("<Q", handle.read(8))
                if not len(self.MAGIC) <= start <= size - 8:
                    raise ValueError("index outside the file")
                handle.seek(start)
                with collector_paused():
                    index = pickle.loads(handle.read(size - 8 - start))
                if not isinstance(index, dict) or not all(
                        isinstance(name, str) and isinstance(where, tuple) and len(where) == 2
                        and all(isinstance(n, int) for n in where) and where[0] + where[1] <= start
                        for name, where in index.items()):
                    raise ValueError("not an index")
            except BaseException:
                handle.close()
                raise
            self.index, self.handle = index, handle

    def __contains__(self, name: str) -> bool:
        return name in self.added or name in self.index

    def read(self, name: str) -> bytes | None:
        if name in self.added:
            return self.added[name]
        where = self.index.get(name)
        if where is None or self.handle is None:
            return None
        try:
            self.handle.seek(where[0])
            data = self.handle.read(where[1])
        except OSError:
            return None
        return data if len(data) == where[1] else None

    def add(self, name: str, data: bytes) -> None:
        self.added[name] = data

    def save(self, keep: Iterable[str]) -> None:
        """Write the pack again with the entries named in `keep` (read before or added), sorted."""
        index: dict[str, tuple[int, int]] = {}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(self.MAGIC)
                offset = len(self.MAGIC)
                for name in sorted(set(keep)):
                    data = self.read(name)
                    if data is None:
                        continue
                    out.write(data)
                    index[name] = (offset, len(data))
                    offset += len(data)
                out.write(pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
                out.write(struct.pack("<Q", offset))
            self.close()
            os.replace(temp, self.file)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temp)
        self.close()

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.handle = None


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while a large structure is built (a register of 10,000
    records, its history): each full collection walks every live object, and loading millions of
    them triggers one again and again (measured: half of a no-change site build's reading time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def keep_loaded() -> None:
    """Tell the cycle collector that everything alive now stays alive (the register and history a
    build has just loaded): later collections no longer walk it. A previous build's objects
    (`mkdocs serve`) are handed back to it first, so what they left behind is still collected."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def memo(store: Store | None, name: str, make: Callable[[], Any], kind: type | tuple[type, ...] = object) -> Any:
    """The value stored under `name`, or `make()` stored there."""
    if store is not None:
        value = store.read(name, kind)
        if value is not None:
            return value
    value = make()
    if store is not None:
        store.write(name, value)
    return value
