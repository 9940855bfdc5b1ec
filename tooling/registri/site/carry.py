"""The previous build's record pages and search shards, kept where they are exactly what this build
would write (issue 12: a rebuild after one record changes).

Writing 10,000 record pages and 10,000 search fragments is most of a rebuild on a slow disk (about
0.5 ms per folder and file measured here), although after one change nearly all are the bytes they
were. MkDocs empties the site folder before it builds, so before that (on_pre_build) the record
pages' folder and the search folder are moved aside, beside the site (a rename each). Once the
build knows every record page's cache entry, the record pages' folder moves back and every file in
it that is not exactly right is deleted. A file is right when the manifest of the build that wrote
it names it with this build's cache entry and shell script, and its size, modification and change
times and inode are still what that build saw (the way Git's index trusts a file it has seen; the
change time cannot be set back by hand). A search shard's folder moves back on the same terms: its
key, and every file's size, times and inode. What
does not move back is deleted by a separate process while the build goes on.

A record page's footer names the commit its build was made at (its `data-registri-commit`); a page
kept here keeps the commit it was written at, at which it was these same bytes.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from registri import cache

MANIFEST = "carry-2-{site}.pickle"     # in the page cache: one per site folder
HOLD = ".{name}.bawa-{pid}"            # beside the site folder while it is built
Stat = tuple[int, int, int, int]       # size, modification and change time (ns), inode


@dataclass
class Manifest:
    site: str
    script: str | None = None                                          # the shell script pages named
    pages: dict[str, tuple[str, Stat]] = field(default_factory=dict)   # site path -> (cache entry, stat)
    shards: dict[str, tuple[str, dict[str, Stat]]] = field(default_factory=dict)   # name -> (key, files)


def _seen(st: os.stat_result) -> Stat:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _stat(path: Path) -> Stat | None:
    try:
        st = path.lstat()
    except OSError:
        return None
    return _seen(st) if stat.S_ISREG(st.st_mode) else None


def listing(folder: Path) -> dict[str, Stat] | None:
    """Every file under `folder` by its path there, with its stat; None when anything in it is not
    a plain file or folder (a link, say), or it cannot be read."""
    found: dict[str, Stat] = {}
    todo = [("", folder)]
    try:
        while todo:
            prefix, at = todo.pop()
            with os.scandir(at) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        return None
                    if entry.is_dir(follow_symlinks=False):
                        todo.append((f"{prefix}{entry.name}/", Path(entry.path)))
                    elif entry.is_file(follow_symlinks=False):
                        found[prefix + entry.name] = _seen(entry.stat(follow_symlinks=False))
                    else:
                        return None
    except OSError:
        return None
    return found


class Carry:
    """One build's use of the previous site: `hold` the folders before MkDocs empties the site,
    `place_pages` and `place_shard` once their keys are known, `save` after the build, `finish`
    at the end (also after a failed build)."""

    def __init__(self, site: Path, store: cache.Store | None, folders: tuple[str, ...]) -> None:
        self.site = site.resolve()
        self.store = store
        self.name = MANIFEST.format(site=cache.digest(str(self.site))[:16])
        self.hold = self.site.with_name(HOLD.format(name=self.site.name, pid=os.getpid()))
        self.held: dict[str, Path] = {}
        self.sweeper: subprocess.Popen | None = None
        found = store.read(self.name, Manifest) if store is not None else None
        self.manifest = found if isinstance(found, Manifest) and found.site == str(self.site) else Manifest(str(self.site))
        for folder in folders:
            source = self.site / folder
            if source.is_dir() and not source.is_symlink():
                try:
                    self.hold.mkdir(exist_ok=True)
                    source.rename(self.hold / folder)
                except OSError:
                    continue          # MkDocs empties it as usual
                self.held[folder] = self.hold / folder

    def place_pages(self, folder: str, wanted: dict[str, str], script: str | None) -> set[str]:
        """Move the held folder `folder` back into the site, keeping only the files `wanted` (site
        path -> this build's cache entry) names exactly as the manifest does; returns those."""
        held = self.held.get(folder)
        if held is None or script is None or script != self.manifest.script:
            return set()
        files = listing(held)
        if files is None:
            return set()
        known = self.manifest.pages
        kept = set()
        for name, seen in files.items():
            path = f"{folder}/{name}"
            entry = wanted.get(path)
            if entry is not None and known.get(path) == (entry, seen):
                kept.add(path)
        if not kept:
            return set()              # nothing to keep: the whole folder is deleted aside
        try:
            emptied = set()
            for name in files:
                if f"{folder}/{name}" not in kept:
                    (held / name).unlink()
                    emptied.add((held / name).parent)
            for parent in emptied - {held}:
                with contextlib.suppress(OSError):
                    parent.rmdir()            # only when nothing is left in it
            target = self.site / folder
            target.parent.mkdir(parents=True, exist_ok=True)
            held.rename(target)
        except OSError:
            return set()
        del self.held[folder]
        return kept

    def place_shard(self, bundle: str, shard: str, key: str) -> bool:
        """Move the held search shard `bundle/shard` back when it is the one the manifest names by
        `key`, every file as it was."""
        held = self.held.get(bundle)
        recorded = self.manifest.shards.get(shard)
        if held is None or recorded is None or recorded[0] != key:
            return False
        source = held / shard
        if not source.is_dir() or source.is_symlink() or listing(source) != recorded[1]:
            return False
        target = self.site / bundle / shard
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
        except OSError:
            return False
        return True

    def sweep(self) -> None:
        """Delete what is still held (not moved back), in a separate process beside the build."""
        if self.sweeper is not None or not self.hold.exists():
            return
        try:
            self.sweeper = subprocess.Popen(
                [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], True)", str(self.hold)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            shutil.rmtree(self.hold, ignore_errors=True)

    def save(self, pages: dict[str, str], script: str | None, shards: dict[str, str], bundle: str) -> None:
        """Remember what this build wrote: every record page (site path -> cache entry) and every
        search shard (name -> key), with their files' stats as they are now."""
        if self.store is None:
            return
        manifest = Manifest(str(self.site), script)
        for path, entry in pages.items():
            found = _stat(self.site / path)
            if found is not None:
                manifest.pages[path] = (entry, found)
        for shard, key in shards.items():
            files = listing(self.site / bundle / shard)
            if files is not None:
                manifest.shards[shard] = (key, files)
        self.store.write(self.name, manifest)

    def forget(self) -> None:
        """No manifest: the next build keeps nothing (this one wrote its files some other way)."""
        if self.store is not None:
            self.store.prune(self.name, ())

    def finish(self) -> None:
        """Wait for the deleting (started now if not yet)."""
        self.sweep()
        if self.sweeper is not None:
            self.sweeper.wait()
            self.sweeper = None
        if self.hold.exists():
            shutil.rmtree(self.hold, ignore_errors=True)

