"""A rebuild keeps the previous site's record pages and search shards in place only where they are
exactly what it would write (site/carry.py, issue 12). Real Git repositories, real `mkdocs build`
with the plugin, real Pagefind. Each check compares the rebuilt site, file by file, with a site
built afresh in another folder from the same register: the only difference allowed is the commit
a kept record page names (the commit it was written at)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, copy_register, git, init_repo
from test_site_support import with_site_files

from registri import cache
from registri.commands.build import build_site

RECORD = "records/2026/DIK-2026-003.yaml"
RECORD_ID = "DIK-2026-003"
OTHER_ID = "DIK-2026-001"
STAMP = re.compile(rb'data-registri-commit="[0-9a-f]*"')


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message)


def build(root: Path, out: Path, today: str = TODAY):
    return build_site(root / "mkdocs.yml", root, out, today)


def record_count(root: Path) -> int:
    return len(list((root / "records").rglob("*.yaml")))


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a site, the commit kept record pages name left out."""
    return {p.relative_to(site).as_posix(): STAMP.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def same_as_afresh(root: Path, site: Path, today: str = TODAY) -> None:
    afresh = site.with_name(site.name + "-afresh")
    shutil.rmtree(afresh, ignore_errors=True)
    build(root, afresh, today)
    ours, theirs = tree(site), tree(afresh)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert not list(site.parent.glob(f".{site.name}.bawa-*"))      # nothing left held aside


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A register in Git whose cache holds one build (of another folder)."""
    root = with_site_files(copy_register(init_repo(tmp_path_factory.mktemp("carry") / "repo")))
    commit(root, "Register awal\n\nPerubahan: koreksi\nPelaksana: PPID")
    build(root, root.parent / "first-site")
    return root


@pytest.fixture
def built(warm, tmp_path) -> tuple[Path, Path]:
    """A copy of the warm register and a site built from it in place (its manifest kept)."""
    shutil.copytree(warm, tmp_path / "repo", symlinks=True)
    root, site = tmp_path / "repo", tmp_path / "site"
    build(root, site)
    return root, site


def page_file(site: Path, record_id: str = RECORD_ID) -> Path:
    return site / "catatan" / record_id / "index.html"


def test_a_rebuild_with_nothing_changed_keeps_every_record_page_and_shard_where_it_is(built):
    root, site = built
    inode = page_file(site).stat().st_ino
    plugin = build(root, site)
    assert plugin.rendered == 0 and len(plugin.kept) == record_count(root)
    assert plugin.search_indexed == []
    assert page_file(site).stat().st_ino == inode                   # the same file, not written again
    same_as_afresh(root, site)


def test_after_one_record_changes_only_its_page_is_written_and_the_site_is_as_built_afresh(built):
    root, site = built
    head_before = git(root, "rev-parse", "HEAD").stdout.strip()[:10]
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Dibawa — ", 1), encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    head = git(root, "rev-parse", "HEAD").stdout.strip()[:10]
    plugin = build(root, site)
    assert plugin.rendered == 1 and len(plugin.kept) == record_count(root) - 1
    assert f"catatan/{RECORD_ID}/index.html" not in plugin.kept
    assert "Dibawa — " in page_file(site).read_text(encoding="utf-8")
    assert f'data-registri-commit="{head}"' in page_file(site).read_text(encoding="utf-8")
    # A kept page names the commit it was written at, when it was these same bytes.
    assert f'data-registri-commit="{head_before}"' in page_file(site, OTHER_ID).read_text(encoding="utf-8")
    # The changed pages are indexed into the overlays; the shards stay as indexed whole (search.py).
    assert plugin.search_indexed == ["terbaru", "terbaru-umum"]
    same_as_afresh(root, site)


def test_a_page_the_cache_holds_for_a_newer_record_is_written_over_the_older_one_kept_here(built):
    # Another site folder (say `mkdocs serve`'s) was built after the change, so the page cache
    # already holds the new page; this folder's file is still the old one and must not be kept.
    root, site = built
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Di tempat lain — ", 1),
                    encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    assert build(root, site.with_name("elsewhere")).rendered == 1
    plugin = build(root, site)
    assert plugin.rendered == 0                                      # the new page came from the cache
    assert f"catatan/{RECORD_ID}/index.html" not in plugin.kept
    assert len(plugin.kept) == record_count(root) - 1
    assert "Di tempat lain — " in page_file(site).read_text(encoding="utf-8")
    same_as_afresh(root, site)


def change_configuration(root: Path) -> None:
    config = root / "registri.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("nama: ", "nama: Kantor Dibawa — ", 1),
                      encoding="utf-8")
    commit(root, "Ganti nama kantor\n\nPerubahan: koreksi\nPelaksana: PPID")


def change_history(root: Path) -> None:
    file = root / RECORD
    original = file.read_text(encoding="utf-8")
    file.write_text(original.replace("judul: ", "judul: Sementara ", 1), encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    file.write_text(original, encoding="utf-8")
    commit(root, f"Kembalikan judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")


def change_hand_written_page(root: Path) -> None:
    guide = root / "docs" / "panduan" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nTambahan.\n", encoding="utf-8")


def delete_record(root: Path) -> None:
    (root / RECORD).unlink()
    commit(root, f"Hapus {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")


@pytest.mark.parametrize("change, kept", [
    (change_configuration, 0), (change_hand_written_page, 0), (change_history, -1), (delete_record, -1),
])
def test_each_kind_of_change_keeps_only_pages_still_right(built, change, kept):
    root, site = built
    count = record_count(root)
    change(root)
    plugin = build(root, site)
    assert len(plugin.kept) == (count + kept if kept < 0 else kept)
    same_as_afresh(root, site)


def test_another_day_or_code_version_keeps_no_page(built, monkeypatch):
    root, site = built
    assert build(root, site, today="2026-11-27").kept == set()
    same_as_afresh(root, site, today="2026-11-27")
    monkeypatch.setattr(cache, "code_version", lambda: "another-version-of-the-code")
    assert build(root, site, today="2026-11-27").kept == set()
    same_as_afresh(root, site, today="2026-11-27")


def test_a_page_edited_in_the_site_folder_is_written_again_even_with_its_time_set_back(built):
    root, site = built
    target = page_file(site, OTHER_ID)
    seen = target.stat()
    text = target.read_bytes()
    target.write_bytes(text.replace(b"<article", b"<articlX", 1))   # same size
    os.utime(target, ns=(seen.st_atime_ns, seen.st_mtime_ns))       # and the same modification time
    plugin = build(root, site)
    assert f"catatan/{OTHER_ID}/index.html" not in plugin.kept
    assert len(plugin.kept) == record_count(root) - 1                # every other page is kept
    assert b"<articlX" not in target.read_bytes()
    same_as_afresh(root, site)


def test_files_the_build_did_not_write_leave_the_record_folder(built):
    root, site = built
    (site / "catatan" / "DIK-2099-999").mkdir()
    (site / "catatan" / "DIK-2099-999" / "index.html").write_text("<p>lama</p>", encoding="utf-8")
    (site / "catatan" / OTHER_ID / "salinan.html").write_text("<p>lama</p>", encoding="utf-8")
    plugin = build(root, site)
    assert len(plugin.kept) == record_count(root)
    assert not (site / "catatan" / "DIK-2099-999").exists()
    assert not (site / "catatan" / OTHER_ID / "salinan.html").exists()
    same_as_afresh(root, site)


def test_a_link_in_the_record_folder_keeps_nothing(built, tmp_path):
    root, site = built
    outside = tmp_path / "di-luar.html"
    outside.write_text("<p>di luar situs</p>", encoding="utf-8")
    (site / "catatan" / "tautan.html").symlink_to(outside)
    plugin = build(root, site)
    assert plugin.kept == set()
    assert not (site / "catatan" / "tautan.html").exists() and outside.is_file()
    same_as_afresh(root, site)


def test_a_search_shard_changed_in_the_site_folder_is_not_kept(built):
    root, site = built
    fragment = next((site / "pagefind" / "2026-0" / "fragment").iterdir())
    fragment.write_bytes(b"rusak")
    plugin = build(root, site)
    assert plugin.search_indexed == []                              # from the build cache, not the site
    same_as_afresh(root, site)


def test_a_build_without_the_cache_keeps_nothing_and_forgets_nothing_stale(built):
    root, site = built
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - registri", "  - registri:\n      cache: false", 1),
                      encoding="utf-8")
    assert "cache: false" in config.read_text(encoding="utf-8")
    assert build(root, site).kept == set()
    config.write_text(config.read_text(encoding="utf-8").replace("  - registri:\n      cache: false", "  - registri", 1),
                      encoding="utf-8")
    # The pages the uncached build wrote are not the ones the manifest names: none is kept.
    assert build(root, site).kept == set()
    same_as_afresh(root, site)
