"""Full-text search with Pagefind: an index in fragments, so a reader fetches only what a query needs.

Material's own search puts one index of every page into every reader's browser (40 MB at 10,000
records). Pagefind (PyPI `pagefind[bin]`, a binary: no Node) writes an index split into small
files. The site's index is made of shards: the hand-written and summary pages, and the record
pages in groups of SHARD records (by year and number). Each shard is indexed on its own and kept
in the build cache under a hash of the HTML it indexes, so after one record changes only its
shard is indexed again. The search page merges the shards (Pagefind's mergeIndex).
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from registri import cache

BUNDLE = "pagefind"                 # folder of the site holding the shards
MAIN = "umum"                       # the shard of every page that is not a record page
SHARD = 1250                        # record pages per shard (fewer: a quicker first search; more: a quicker rebuild)
FORMAT = "shard-2"                  # bump when what a cached shard holds changes
# Elements whose text is not indexed (the internal storage section, crumbs, print lines).
IGNORE = "data-pagefind-ignore"
# What the browser reads from the main shard: the default user interface and the search runtime
# (script, worker, WebAssembly). The other UI flavours Pagefind writes are never loaded.
MAIN_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-worker.js", "wasm.")
# A merged shard is read by the main shard's runtime (Pagefind merges with load_wasm: false): only
# its entry file, metadata, index chunks, fragments and filters are fetched. Pagefind still writes
# its own copy of the runtime into every shard (about 225 KB): those copies are dropped.
RUNTIME = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight", "pagefind.js",
           "pagefind-worker.js", "wasm.")


class SearchIndexError(Exception):
    """Pagefind could not index the site (message in Indonesian)."""


def shard_of(record_id: str) -> str:
    """'DIK-2026-5234' -> '2026-2' (records 5000-7499 of 2026)."""
    _, year, number = (record_id.split("-") + ["", "", ""])[:3]
    try:
        group = int(number) // SHARD
    except ValueError:
        group = 0
    return f"{year or 'lain'}-{group}"


@dataclass(frozen=True)
class Shard:
    name: str
    pages: tuple[str, ...]          # site-relative HTML files


def shards(record_pages: dict[str, str], other_pages: list[str]) -> list[Shard]:
    """`record_pages`: record id -> its HTML file; `other_pages`: every other indexed HTML file."""
    groups: dict[str, list[str]] = {}
    for record_id, html in sorted(record_pages.items()):
        groups.setdefault(shard_of(record_id), []).append(html)
    out = [Shard(MAIN, tuple(sorted(other_pages)))] if other_pages else []
    out += [Shard(name, tuple(pages)) for name, pages in sorted(groups.items())]
    return out


def shard_names(record_ids, with_main: bool = True) -> list[str]:
    names = sorted({shard_of(i) for i in record_ids})
    return ([MAIN] if with_main else []) + names


def _pagefind() -> list[str]:
    return [sys.executable, "-m", "pagefind"]


def version() -> str:
    try:
        from importlib import metadata
        return metadata.version("pagefind")
    except Exception:  # noqa: BLE001 - any failure only means "unknown"
        return "-"


def _start(site: Path, shard: Shard, out: Path, log) -> subprocess.Popen:
    """Pagefind indexing one shard, started (its messages go to `log`, a file: no pipe to fill)."""
    glob = "{" + ",".join(shard.pages) + "}" if len(shard.pages) > 1 else shard.pages[0]
    command = [*_pagefind(), "--site", str(site), "--glob", glob, "--root-selector", "article",
               "--force-language", "id", "--output-path", str(out), "--silent"]
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind tidak dapat dijalankan ({exc.strerror}). Pasang dengan "
                               "`pip install 'pagefind[bin]'` (sudah ada di pyproject.toml).") from None


def needed(name: str, main: bool) -> bool:
    """Whether a file Pagefind wrote at the top of a shard's folder is ever fetched by a reader."""
    if name.startswith(RUNTIME):
        return main and name.startswith(MAIN_FILES)
    return True


def _trim(folder: Path, main: bool) -> None:
    for file in folder.iterdir():
        if file.is_file() and not needed(file.name, main):
            file.unlink()


def _pack(folder: Path) -> bytes:
    files = {file.relative_to(folder).as_posix(): file.read_bytes() for file in sorted(folder.rglob("*"))
             if file.is_file()}
    return pickle.dumps(files, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(data: bytes, folder: Path) -> bool:
    """Write a packed shard into `folder`; False when the cache entry is not one."""
    try:
        files = pickle.loads(data)
    except (pickle.PickleError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(files, dict):
        return False
    made = set()
    for name, content in files.items():
        target = folder / name
        if ".." in Path(name).parts or not isinstance(content, bytes):
            return False
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(content)
    return True


class Indexing:
    """Every shard written into <site>/pagefind/<shard>/: those in the cache at once, the others
    by Pagefind processes that run while this process goes on (the plugin collects the report
    downloads meanwhile); `wait()` finishes and returns the names of the shards indexed afresh.

    `same` ((old, new), …): bytes replaced in the pages before they are hashed for the cache key —
    what changes with every commit outside the text Pagefind indexes (<article>): the commit id
    in every page's footer, the name of the record pages' shell script. `page_keys` (HTML file ->
    the key of everything it is made of but those, the record pages' cache entries): a shard of
    such pages is keyed by them, without reading its pages again. `carry` (carry.Carry): a
    shard the previous build left exactly as this one would write it is moved back instead.
    """

    def __init__(self, site: Path, all_shards: list[Shard], store: cache.Store | None,
                 same: tuple[tuple[bytes, bytes], ...] = (), page_keys: dict[str, str] | None = None,
                 carry=None) -> None:
        self.site, self.store, self.bundle = site, store, site / BUNDLE
        self.keys = {shard.name: self._key(shard, same, page_keys or {}) for shard in all_shards}
        self.todo = []
        self.carried: list[str] = []
        for shard in all_shards:
            if carry is not None and carry.place_shard(BUNDLE, shard.name, self.keys[shard.name]):
                self.carried.append(shard.name)
                continue
            data = store.read_bytes(self.keys[shard.name]) if store else None
            if data is None or not _unpack(data, self.bundle / shard.name):
                self.todo.append(shard)
        self.log = tempfile.TemporaryFile()
        self.running: list[tuple[Shard, subprocess.Popen]] = []
        try:
            for shard in self.todo:
                self.running.append((shard, _start(site, shard, self.bundle / shard.name, self.log)))
        except SearchIndexError:
            self.stop()
            raise

    def _key(self, shard: Shard, same, page_keys: dict[str, str]) -> str:
        if shard.pages and all(page in page_keys for page in shard.pages):
            parts = [("keyed", page, page_keys[page]) for page in shard.pages]
            return f"pagefind-{cache.digest(FORMAT, version(), shard.name, shard.name == MAIN, parts)}.pickle"
        parts = [(page, (self.site / page).read_bytes()) for page in shard.pages]
        for old, new in same:
            if old:
                parts = [(page, data.replace(old, new)) for page, data in parts]
        return f"pagefind-{cache.digest(FORMAT, version(), shard.name, shard.name == MAIN, parts)}.pickle"

    def stop(self) -> None:
        """End the Pagefind processes still running (the build failed elsewhere meanwhile)."""
        for _, process in self.running:
            if process.poll() is None:
                process.kill()
            process.wait()
        self.log.close()

    def wait(self) -> list[str]:
        failed = []
        for shard, process in self.running:
            if process.wait() != 0:
                failed.append(shard.name)
        if failed:
            self.log.seek(0)
            detail = self.log.read().decode("utf-8", "replace").strip().splitlines()[-1:] or ["tanpa keterangan"]
            self.stop()
            raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian '{failed[0]}': {detail[0]}")
        self.log.close()
        for shard in self.todo:
            out = self.bundle / shard.name
            _trim(out, main=shard.name == MAIN)
            if self.store:
                self.store.write_bytes(self.keys[shard.name], _pack(out))
        return [shard.name for shard in self.todo]


def prune(store: cache.Store, keys) -> None:
    """The cached shards other than `keys` (those of this build) deleted."""
    store.prune("pagefind-*.pickle", keys)


def build_index(site: Path, all_shards: list[Shard], store: cache.Store | None,
                same: tuple[tuple[bytes, bytes], ...] = ()) -> list[str]:
    """Every shard indexed (see Indexing), waiting for Pagefind; returns the shards indexed afresh."""
    indexing = Indexing(site, all_shards, store, same)
    indexed = indexing.wait()
    if store is not None:
        prune(store, indexing.keys.values())
    return indexed
