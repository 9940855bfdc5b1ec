"""The Pagefind index runs beside the build (site/search.py: Indexing) and fails in clear words.

Real Pagefind on a small folder of pages; a failing or missing Pagefind is a real process too.
"""

from __future__ import annotations

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
