"""The Pagefind index runs beside the build (site/search.py: Indexing) and fails in clear words.

Real Pagefind on a small folder of pages; a failing or missing Pagefind is a real process too.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

from registri import cache
from registri.site import search


def pages(site: Path, count: int = 3) -> list[str]:
    names = []
    for n in range(count):
        name = f"catatan/DIK-2026-{n:03d}/index.html"
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f"<html><body><article><h1>Catatan {n}</h1><p>kata{n} arsip kepegawaian</p>"
                                 "</article></body></html>", encoding="utf-8")
        names.append(name)
    return names


def test_shards_are_indexed_in_the_background_then_come_from_the_cache(tmp_path):
    site, store = tmp_path / "site", cache.Store(tmp_path / "cache")
    shard = search.Shard("2026-0", tuple(pages(site)))
    running = search.Indexing(site, [shard], store)
    assert len(running.running) == 1                             # Pagefind was started, not awaited
    assert running.wait() == ["2026-0"]
    assert list((site / "pagefind" / "2026-0").rglob("*.pf_fragment"))
    again = tmp_path / "again"
    again.mkdir()
    for name in shard.pages:
        (again / name).parent.mkdir(parents=True)
        (again / name).write_bytes((site / name).read_bytes())
    assert search.build_index(again, [shard], store) == []       # same pages: the cached shard
    assert sorted(p.name for p in (again / "pagefind" / "2026-0").iterdir()) == \
        sorted(p.name for p in (site / "pagefind" / "2026-0").iterdir())


def test_a_failing_pagefind_is_reported_in_indonesian_with_its_last_line(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shard = search.Shard("2026-0", tuple(pages(site, 1)))
    monkeypatch.setattr(search, "_pagefind", lambda: [sys.executable, "-c",
                                                     "import sys; print('baris awal'); print('indeks rusak'); sys.exit(3)"])
    with pytest.raises(search.SearchIndexError) as caught:
        search.build_index(site, [shard], None)
    assert str(caught.value) == "Pagefind gagal membuat indeks pencarian '2026-0': indeks rusak"


def test_a_missing_pagefind_says_how_to_install_it(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shard = search.Shard("2026-0", tuple(pages(site, 1)))
    monkeypatch.setattr(search, "_pagefind", lambda: [str(tmp_path / "tidak-ada" / "pagefind")])
    with pytest.raises(search.SearchIndexError) as caught:
        search.build_index(site, [shard], None)
    assert "Pagefind tidak dapat dijalankan" in str(caught.value) and "pip install" in str(caught.value)


def test_stopping_ends_the_pagefind_processes_still_running(tmp_path, monkeypatch):
    site = tmp_path / "site"
    shard = search.Shard("2026-0", tuple(pages(site, 1)))
    monkeypatch.setattr(search, "_pagefind", lambda: [sys.executable, "-c", "import time; time.sleep(60)"])
    running = search.Indexing(site, [shard], None)
    process = running.running[0][1]
    assert process.poll() is None
    running.stop()
    assert process.poll() is not None                 # killed and waited for, not left behind


# The overlay (search.py): the pages changed since their shard was indexed whole, in a bundle of
# their own, with the ids of the shard's results they replace.

def write_page(site: Path, name: str, words: str) -> None:
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(f"<html><body><article><h1>Catatan</h1><p>{words}</p></article></body></html>",
                             encoding="utf-8")


def overlay_file(site: Path) -> dict:
    return json.loads((site / "pagefind" / search.OVERLAY_FILE).read_text(encoding="utf-8"))


def fragments(folder: Path) -> dict[str, str]:
    """Each fragment's page URL -> its text, read as Pagefind wrote it."""
    found = {}
    for fragment in (folder / "fragment").glob("*.pf_fragment"):
        entry = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
        found[entry["url"]] = entry["content"]
    return found


@pytest.fixture
def based(tmp_path):
    """A shard of eight keyed pages indexed whole once: (site, store, shard, page keys)."""
    site, store = tmp_path / "site", cache.Store(tmp_path / "cache")
    names = pages(site, 8)
    keys = {name: "kunci-1" for name in names}
    shard = search.Shard("2026-0", tuple(names))
    assert search.build_index(site, [shard], store, page_keys=keys) == ["2026-0"]
    assert overlay_file(site) == {"bundles": [], "lama": []}
    return site, store, shard, keys


def rebuilt(tmp_path, site: Path, store, shard, keys, name: str = "lagi") -> tuple[Path, list[str]]:
    """The pages copied into a new site folder and indexed with `keys`: (the folder, shards indexed)."""
    again = tmp_path / name
    for page in shard.pages:
        (again / page).parent.mkdir(parents=True, exist_ok=True)
        (again / page).write_bytes((site / page).read_bytes())
    return again, search.build_index(again, [shard], store, page_keys=keys)


def test_a_shard_indexed_whole_keeps_its_pages_ids_as_the_base(based):
    site, store, shard, keys = based
    base = store.read(search.BASE.format(name="2026-0"), search.Base)
    assert base.key.startswith("pagefind-") and base.pages == keys
    on_disk = {f.name[:-len(".pf_fragment")] for f in (site / "pagefind" / "2026-0" / "fragment").iterdir()}
    assert set(base.ids) == set(shard.pages) and set(base.ids.values()) == on_disk


def test_one_changed_page_is_indexed_into_the_overlay_and_its_old_result_is_named_stale(based, tmp_path):
    site, store, shard, keys = based
    base = store.read(search.BASE.format(name="2026-0"), search.Base)
    changed = shard.pages[3]
    write_page(site, changed, "kuncupmelati arsip")
    again, indexed = rebuilt(tmp_path, site, store, shard, {**keys, changed: "kunci-2"})
    assert indexed == [search.OVERLAY]                          # the shard of eight was not indexed again
    assert overlay_file(again) == {"bundles": [f"{search.OVERLAY}/"], "lama": [base.ids[changed]]}
    assert fragments(again / "pagefind" / "2026-0") == fragments(site / "pagefind" / "2026-0")   # the base
    overlay = fragments(again / "pagefind" / search.OVERLAY)
    assert list(overlay) == [search.page_url(changed)] and "kuncupmelati" in overlay[search.page_url(changed)]
    # Indexed again with the same keys, the overlay comes from the cache.
    third, indexed = rebuilt(tmp_path, again, store, shard, {**keys, changed: "kunci-2"}, "ketiga")
    assert indexed == [] and overlay_file(third) == overlay_file(again)


def test_a_changed_key_with_the_same_indexed_text_names_no_stale_result(based, tmp_path):
    # Pagefind's id follows what it indexed: the overlay's page has the base's id, and the search
    # page shows that id once. Naming it stale would drop both.
    site, store, shard, keys = based
    again, indexed = rebuilt(tmp_path, site, store, shard, {**keys, shard.pages[0]: "kunci-2"})
    assert indexed == [search.OVERLAY]
    assert overlay_file(again) == {"bundles": [f"{search.OVERLAY}/"], "lama": []}


def test_a_removed_page_is_named_stale_without_an_overlay(based, tmp_path):
    site, store, shard, keys = based
    base = store.read(search.BASE.format(name="2026-0"), search.Base)
    gone = shard.pages[5]
    fewer = search.Shard("2026-0", tuple(p for p in shard.pages if p != gone))
    again, indexed = rebuilt(tmp_path, site, store, fewer, keys)
    assert indexed == []
    assert overlay_file(again) == {"bundles": [], "lama": [base.ids[gone]]}
    assert not (again / "pagefind" / search.OVERLAY).exists()


def test_past_a_quarter_of_the_shard_it_is_indexed_whole_and_becomes_the_new_base(based, tmp_path):
    site, store, shard, keys = based
    changed = {page: "kunci-2" for page in shard.pages[:3]}          # 3 of 8: more than a quarter
    for page in changed:
        write_page(site, page, "zamrudpelangi")
    again, indexed = rebuilt(tmp_path, site, store, shard, {**keys, **changed})
    assert indexed == ["2026-0"]
    assert overlay_file(again) == {"bundles": [], "lama": []}
    assert store.read(search.BASE.format(name="2026-0"), search.Base).pages == {**keys, **changed}
    assert sum("zamrudpelangi" in text for text in fragments(again / "pagefind" / "2026-0").values()) == 3


def test_a_base_of_another_pagefind_or_format_is_not_used(based, tmp_path, monkeypatch):
    site, store, shard, keys = based
    monkeypatch.setattr(search, "version", lambda: "0.0.0-lain")
    _, indexed = rebuilt(tmp_path, site, store, shard, {**keys, shard.pages[0]: "kunci-2"})
    assert indexed == ["2026-0"]


def test_a_base_whose_bundle_is_gone_from_the_cache_is_not_used(based, tmp_path):
    site, store, shard, keys = based
    base = store.read(search.BASE.format(name="2026-0"), search.Base)
    (store.folder / base.key).unlink()
    _, indexed = rebuilt(tmp_path, site, store, shard, {**keys, shard.pages[0]: "kunci-2"})
    assert indexed == ["2026-0"]


def test_pages_without_a_given_key_are_keyed_by_their_bytes(tmp_path):
    # The main shard's pages (no record page cache entry): a changed page goes to the overlay too,
    # an unchanged one, whatever its commit line says (`same`), does not.
    site, store = tmp_path / "site", cache.Store(tmp_path / "cache")
    shard = search.Shard("umum", tuple(pages(site, 8)))
    for page in shard.pages:
        (site / page).write_text((site / page).read_text(encoding="utf-8").replace("</p>", " commit aaaa</p>"),
                                 encoding="utf-8")
    assert search.build_index(site, [shard], store, same=((b"commit aaaa", b"commit X"),)) == ["umum"]
    for page in shard.pages:
        (site / page).write_text((site / page).read_text(encoding="utf-8").replace("commit aaaa", "commit bbbb"),
                                 encoding="utf-8")
    assert search.build_index(site, [shard], store, same=((b"commit bbbb", b"commit X"),)) == []
    write_page(site, shard.pages[0], "kuncupmelati")
    assert search.build_index(site, [shard], store, same=((b"commit bbbb", b"commit X"),)) == [search.OVERLAY]
    assert overlay_file(site)["bundles"] == [f"{search.OVERLAY}/"] and len(overlay_file(site)["lama"]) == 1
