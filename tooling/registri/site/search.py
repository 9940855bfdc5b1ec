"""Full-text search with Pagefind: an index in fragments, so a reader fetches only what a query needs.

Material's own search puts one index of every page into every reader's browser (40 MB at 10,000
records). Pagefind (PyPI `pagefind[bin]`, a binary: no Node) writes an index split into small
files. The site's index is made of shards: the hand-written and summary pages, and the record
pages in groups of SHARD records (by year and number). Each shard is indexed on its own and kept
in the build cache under a key of the pages it indexes. The search page merges the shards
(Pagefind's mergeIndex).

After a few pages change, their shard is not indexed again (1,250 pages: about 3 s of CPU). The
shard stays as it was last indexed whole (its base), and the changed pages are indexed
into one small extra bundle (an overlay: OVERLAY for the record pages, OVERLAY-umum for the other
pages, which are indexed later in a build). OVERLAY_FILE, read by the search page, names the
overlays and the base shards' results that are out of date (Pagefind's page ids of the changed or
removed pages): the search page drops those and shows the overlays'. A shard with more than a
quarter of its pages (at most OVERLAY_LIMIT) changed since its base is indexed whole again and
becomes the new base. A record page is keyed by its cache entry; any other page by its bytes.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
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


OVERLAY = "terbaru"                 # the bundle of the pages changed since their shard's base
OVERLAY_FILE = "terbaru.json"       # in BUNDLE: {"bundles": [...], "lama": [page ids]} for the search page
OVERLAY_LIMIT = 60                  # pages of one shard in the overlay before the shard is indexed again
BASE = "searchbase-{name}.pickle"   # in the store: a shard's base (see Base)
FRAGMENT_HEAD = 512                 # bytes of a fragment read for its URL (it comes first)


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


@lru_cache(maxsize=1)
def version() -> str:
    try:
        from importlib import metadata
        return metadata.version("pagefind")
    except Exception:  # noqa: BLE001 - any failure only means "unknown"
        return "-"


def _made_by() -> str:
    return f"{FORMAT}/{version()}"


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


def page_url(html: str) -> str:
    """The URL Pagefind gives a page: 'catatan/X/index.html' -> '/catatan/X/'."""
    if html == "index.html" or html.endswith("/index.html"):
        return "/" + html[:-len("index.html")]
    return "/" + html


def fragment_ids(folder: Path) -> dict[str, str]:
    """Each page's Pagefind id (its fragment's name, which search results carry) by its URL."""
    found = {}
    for fragment in (folder / "fragment").glob("*.pf_fragment"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(fragment.read_bytes(), FRAGMENT_HEAD)
        except (OSError, zlib.error):
            continue
        text = head.decode("utf-8", "replace")
        start = text.find('"url":"')
        if text.startswith("pagefind_dcd") and start >= 0:
            end = text.find('"', start + 7)
            if end > 0:
                found[json.loads(text[start + 6:end + 1])] = fragment.name[:-len(".pf_fragment")]
    return found


@dataclass(frozen=True)
class Base:
    """A shard as last indexed whole: its bundle's key, and each page's key and Pagefind id."""
    key: str
    made_by: str                    # FORMAT and Pagefind's version: a base of another is not used
    pages: dict[str, str]           # HTML file -> the page key it was indexed at
    ids: dict[str, str]             # HTML file -> its page id in the bundle


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
    such pages is keyed by them, without reading its pages again; any other page is keyed by its
    bytes (`same` replaced). `carry` (carry.Carry): a shard the previous build left exactly as
    this one would write it is moved back instead. `overlay`: the name of the bundle this
    indexing lays its shards' changed pages in (see the module's docstring); `laid_over()` gives
    it and the base ids it replaces, for write_overlay_file.
    """

    def __init__(self, site: Path, all_shards: list[Shard], store: cache.Store | None,
                 same: tuple[tuple[bytes, bytes], ...] = (), page_keys: dict[str, str] | None = None,
                 carry=None, overlay: str = OVERLAY) -> None:
        self.site, self.store, self.bundle = site, store, site / BUNDLE
        self.carry = carry
        self.page_keys = self._page_keys(all_shards, same, page_keys or {})
        self.keys = {shard.name: self._key(shard) for shard in all_shards}
        self.todo = []
        self.carried: list[str] = []
        self.stale: set[str] = set()          # page ids of the base shards' out-of-date pages
        changed: list[str] = []               # the pages the overlay indexes
        for shard in all_shards:
            if self._place(shard.name, self.keys[shard.name]):
                continue
            based = self._on_base(shard)
            if based is None:
                self.todo.append(shard)
                continue
            self.keys[shard.name], pages, stale = based
            changed += pages
            self.stale |= stale
        self.overlay = Shard(overlay, tuple(sorted(changed))) if changed else None
        if self.overlay is not None:
            self.keys[overlay] = self._key(self.overlay)
            if not self._place(overlay, self.keys[overlay]):
                self.todo.append(self.overlay)
        self.log = tempfile.TemporaryFile()
        self.running: list[tuple[Shard, subprocess.Popen]] = []
        try:
            for shard in self.todo:
                self.running.append((shard, _start(site, shard, self.bundle / shard.name, self.log)))
        except SearchIndexError:
            self.stop()
            raise

    def _place(self, name: str, key: str) -> bool:
        """The bundle `name` put in the site as `key` names it: from the previous site, else the cache."""
        if self.carry is not None and self.carry.place_shard(BUNDLE, name, key):
            self.carried.append(name)
            return True
        data = self.store.read_bytes(key) if self.store else None
        return data is not None and _unpack(data, self.bundle / name)

    def _on_base(self, shard: Shard) -> tuple[str, list[str], set[str]] | None:
        """(the base's key, the shard's pages changed since it, the base's ids of the pages changed
        or gone) with the base put in the site; None: index the shard whole (no base, or too many
        changes)."""
        if self.store is None:
            return None
        base = self.store.read(BASE.format(name=shard.name), Base)
        if base is None or base.made_by != _made_by():
            return None
        changed = [page for page in shard.pages if base.pages.get(page) != self.page_keys[page]]
        stale = set(base.pages) - (set(shard.pages) - set(changed))       # changed, or gone since
        # Past a quarter of the shard, indexing it whole costs little more than the overlay.
        limit = min(OVERLAY_LIMIT, len(shard.pages) // 4)
        if len(stale | set(changed)) > limit or any(page not in base.ids for page in stale):
            return None
        if not self._place(shard.name, base.key):
            return None
        return base.key, changed, {base.ids[page] for page in stale}

    def _page_keys(self, all_shards: list[Shard], same, page_keys: dict[str, str]) -> dict[str, str]:
        """Every page's key: the one given (a record page's cache entry), else a digest of its bytes
        with `same` replaced."""
        keys = dict(page_keys)
        for shard in all_shards:
            for page in shard.pages:
                if page not in keys:
                    data = (self.site / page).read_bytes()
                    for old, new in same:
                        if old:
                            data = data.replace(old, new)
                    keys[page] = cache.digest("bytes", data)
        return keys

    def _key(self, shard: Shard) -> str:
        parts = [("keyed", page, self.page_keys[page]) for page in shard.pages]
        return f"pagefind-{cache.digest(_made_by(), shard.name, shard.name == MAIN, parts)}.pickle"

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
                if shard is not self.overlay:
                    self._keep_base(shard)
        return [shard.name for shard in self.todo]

    def _keep_base(self, shard: Shard) -> None:
        """A shard indexed whole is the base its next changes are laid over."""
        ids = fragment_ids(self.bundle / shard.name)
        found = {page: ids[page_url(page)] for page in shard.pages if page_url(page) in ids}
        self.store.write(BASE.format(name=shard.name),
                         Base(self.keys[shard.name], _made_by(), {page: self.page_keys[page] for page in shard.pages}, found))

    def laid_over(self) -> tuple[list[str], set[str]]:
        """(this indexing's overlay bundle, if any; the base shards' page ids it stands in for), once
        waited for. Not an id the overlay holds itself: the same page, unchanged in what Pagefind
        indexed, has the same id, and the search page shows each id once."""
        if self.overlay is None:
            return [], set(self.stale)
        return [f"{self.overlay.name}/"], self.stale - set(fragment_ids(self.bundle / self.overlay.name).values())


def write_overlay_file(site: Path, indexings: list["Indexing"]) -> None:
    """The file the search page reads (OVERLAY_FILE): every overlay, and the results they replace."""
    bundles: list[str] = []
    stale: set[str] = set()
    for indexing in indexings:
        laid, replaced = indexing.laid_over()
        bundles += laid
        stale |= replaced
    (site / BUNDLE).mkdir(parents=True, exist_ok=True)
    (site / BUNDLE / OVERLAY_FILE).write_text(json.dumps({"bundles": bundles, "lama": sorted(stale)}), encoding="utf-8")


def prune(store: cache.Store, keys, names=None) -> None:
    """The cached shards other than `keys` (those of this build) deleted, and the bases of shards
    other than `names` (when given)."""
    store.prune("pagefind-*.pickle", keys)
    if names is not None:
        store.prune("searchbase-*.pickle", [BASE.format(name=name) for name in names])


def build_index(site: Path, all_shards: list[Shard], store: cache.Store | None,
                same: tuple[tuple[bytes, bytes], ...] = (), page_keys: dict[str, str] | None = None) -> list[str]:
    """Every shard indexed (see Indexing), waiting for Pagefind; returns the shards indexed afresh."""
    indexing = Indexing(site, all_shards, store, same, page_keys=page_keys)
    indexed = indexing.wait()
    write_overlay_file(site, [indexing])
    if store is not None:
        prune(store, indexing.keys.values(), indexing.keys)
    return indexed
