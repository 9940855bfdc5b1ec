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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from registri import cache

BUNDLE = "pagefind"                 # folder of the site holding the shards
MAIN = "umum"                       # the shard of every page that is not a record page
SHARD = 2500                        # record pages per shard (fewer shards: a quicker first search)
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


def _index(site: Path, shard: Shard, out: Path) -> None:
    glob = "{" + ",".join(shard.pages) + "}" if len(shard.pages) > 1 else shard.pages[0]
    command = [*_pagefind(), "--site", str(site), "--glob", glob, "--root-selector", "article",
               "--force-language", "id", "--output-path", str(out), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SearchIndexError(f"Pagefind tidak dapat dijalankan ({exc.strerror}). Pasang dengan "
                               "`pip install 'pagefind[bin]'` (sudah ada di pyproject.toml).") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["tanpa keterangan"]
        raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian '{shard.name}': {detail[0]}")


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


def build_index(site: Path, all_shards: list[Shard], store: cache.Store | None, workers: int = 2,
                same: tuple[tuple[bytes, bytes], ...] = ()) -> list[str]:
    """Write every shard into <site>/pagefind/<shard>/; returns the names of those indexed afresh.

    `same` ((old, new), …): bytes replaced in the pages before they are hashed for the cache key —
    what changes with every commit outside the text Pagefind indexes (<article>): the commit id
    in every page's footer, the name of the record pages' shell script.
    """
    bundle = site / BUNDLE

    def key(shard: Shard) -> str:
        parts = [(page, (site / page).read_bytes()) for page in shard.pages]
        for old, new in same:
            if old:
                parts = [(page, data.replace(old, new)) for page, data in parts]
        return f"pagefind-{cache.digest(FORMAT, version(), shard.name, shard.name == MAIN, parts)}.pickle"

    keys = {shard.name: key(shard) for shard in all_shards}
    todo = []
    for shard in all_shards:
        data = store.read_bytes(keys[shard.name]) if store else None
        if data is None or not _unpack(data, bundle / shard.name):
            todo.append(shard)

    def make(shard: Shard) -> None:
        out = bundle / shard.name
        _index(site, shard, out)
        _trim(out, main=shard.name == MAIN)
        data = _pack(out)
        if store:
            store.write_bytes(keys[shard.name], data)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(make, todo))
    if store:
        store.prune("pagefind-*.pickle", keys.values())
    return [shard.name for shard in todo]
