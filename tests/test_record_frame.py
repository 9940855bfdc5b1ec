"""Record pages assembled from one frame (site/recordframe.py, issue 12) are the pages Material
renders, byte for byte.

Real builds: the demo register (a real audit trail, and the hostile records: script in titles,
right-to-left text, 20,000-character fields) with the frame and with `record_frame: false`, where
Material's template renders every record page; and the sample register in Git for the cache.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, copy_register, git, init_repo
from test_site_support import built, shared_folder, with_site_files

from registri import cache
from registri.commands.build import build_site
from registri.register import load_register
from registri.site import recordframe

RECORD = "records/2026/DIK-2026-003.yaml"


def without_frame(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    changed = text.replace("\n  - registri ", "\n  - registri:\n      record_frame: false\n   ", 1)
    assert changed != text
    config.write_text(changed, encoding="utf-8")


def record_pages(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in (site / "catatan").rglob("index.html")}


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built("demo", shared_folder(tmp_path_factory))


@pytest.fixture(scope="module")
def unframed(demo, tmp_path_factory):
    """The demo register's site with every record page rendered by Material's template."""
    root, _, _ = demo
    base = tmp_path_factory.mktemp("unframed")
    copy = base / "register"
    shutil.copytree(root, copy, symlinks=True)
    shutil.rmtree(cache.cache_folder(copy), ignore_errors=True)
    without_frame(copy)
    plugin = build_site(copy / "mkdocs.yml", copy, base / "site", TODAY)
    assert plugin.framed == 0 and plugin.rendered == len(load_register(copy).records)
    return base / "site"


@pytest.mark.slow
def test_every_framed_record_page_is_the_page_material_renders(demo, unframed):
    _, site, _ = demo
    framed, whole = record_pages(site), record_pages(unframed)
    assert len(framed) >= 15 and framed.keys() == whole.keys()
    different = [str(path) for path in framed if framed[path] != whole[path]]
    assert different == []


@pytest.fixture
def sample(tmp_path) -> Path:
    root = with_site_files(copy_register(init_repo(tmp_path / "repo")))
    commit(root, "Register awal\n\nPerubahan: koreksi\nPelaksana: PPID")
    return root


def test_material_renders_two_record_pages_and_the_frame_the_others_then_the_cache_keeps_it(sample, tmp_path):
    count = len(load_register(sample).records)
    plugin = build_site(sample / "mkdocs.yml", sample, tmp_path / "site", TODAY)
    assert plugin.rendered == count and plugin.framed == count - 2
    cold = record_pages(tmp_path / "site")
    # One record changes: its page is assembled from the cached frame, Material renders none.
    file = sample / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Diperbaiki — ", 1), encoding="utf-8")
    commit(sample, "Koreksi judul\n\nPerubahan: koreksi\nPelaksana: PPID")
    plugin = build_site(sample / "mkdocs.yml", sample, tmp_path / "site", TODAY)
    assert plugin.rendered == 1 and plugin.framed == 1
    warm = record_pages(tmp_path / "site")
    changed = Path("catatan/DIK-2026-003/index.html")
    assert "Diperbaiki — " in warm[changed].decode("utf-8")
    # The same register built without any cache and without the frame gives the same pages.
    shutil.rmtree(cache.cache_folder(sample))
    without_frame(sample)
    plugin = build_site(sample / "mkdocs.yml", sample, tmp_path / "whole", TODAY)
    assert plugin.framed == 0
    whole = record_pages(tmp_path / "whole")
    # The configuration differs (record_frame), so only the page bytes that name it may differ: none
    # do, but for the commit each page names (a page kept from the first build names its commit).
    assert unstamped(warm) == unstamped(whole) and cold.keys() == whole.keys()
    assert b'data-registri-commit="' + git(sample, "rev-parse", "HEAD").stdout.strip()[:10].encode() in warm[changed]


def unstamped(pages: dict) -> dict:
    return {path: re.sub(rb'data-registri-commit="[0-9a-f]*"', b"", html) for path, html in pages.items()}


def test_a_frame_that_does_not_give_the_second_page_exactly_is_not_used(sample, tmp_path, monkeypatch):
    real = recordframe.derive

    def wrong(cut, record_id, content):
        frame = real(cut, record_id, content)
        return recordframe.Frame(frame.head, frame.before, frame.after + "<p>salah</p>", frame.tail)

    monkeypatch.setattr(recordframe, "derive", wrong)
    plugin = build_site(sample / "mkdocs.yml", sample, tmp_path / "site", TODAY)
    assert plugin.framed == 0 and plugin.rendered == len(load_register(sample).records)
    assert not any(b"<p>salah</p>" in page for page in record_pages(tmp_path / "site").values())
    # Nothing wrong was kept: the next build (no change) takes every page from the cache, and a
    # changed record is rendered by Material again until a frame has been checked.
    entries = list((cache.cache_folder(sample) / "site-pages").glob("shell-*.pickle"))
    assert len(entries) == 1


def test_content_not_found_once_in_its_article_gives_no_frame():
    from registri.site import shell

    page = ('<!doctype html><html><head><script>__md_scope=1</script></head><body>'
            '<div class="md-container" data-md-component="container"></div></body></html>')
    assert shell.split(page) is None                       # not a Material page: never cut, never framed
    cut = shell.Cut(shell=None, head="<head>DIK-1</head>", article='<article class="x"><p>a</p><p>a</p></article>',
                    tail="", title="DIK-1", skip="", toc_items="", seps=(), head_at=0)
    assert recordframe.derive(cut, "DIK-1", "<p>a</p>") is None          # twice in the article
    assert recordframe.derive(cut, "DIK-1", "<p>b</p>") is None          # not in it
    assert recordframe.derive(cut, "<DIK>", "<p>a</p><p>a</p>") is None  # not a plain id
    frame = recordframe.derive(cut, "DIK-1", "<p>a</p><p>a</p>")
    assert frame is not None and frame.head == f"<head>{recordframe.ID_MARK}</head>"


def test_a_record_page_body_is_its_markdown_after_the_front_matter_mkdocs_reads(sample):
    from mkdocs.utils.meta import get_data

    from registri.site import pages
    from registri.site.data import load_site_data

    site = pages.make_site(load_site_data(sample, TODAY, use_cache=False))
    made = pages.record_pages(site)
    assert len(made) == len(load_register(sample).records)
    for src, page in made.items():
        body, meta = get_data(page.markdown)
        assert page.markdown.startswith("---\n") and pages.body_of(page.markdown) == body, src
        assert meta == {"title": src.removeprefix("catatan/").removesuffix(".md"), "hide": ["navigation"]}
