"""The build cache (issue 12) never serves a stale page: each kind of input a record page is made
from invalidates it — the record's content, its history, the configuration, the code version and
the day — and nothing else does. Real Git repositories, real `mkdocs build` with the plugin, real
Pagefind; the checks read the pages that were written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import TODAY, git, init_repo, copy_register
from test_site_support import with_site_files

from registri import cache
from registri.commands.build import build_site

RECORD = "records/2026/DIK-2026-003.yaml"
RECORD_ID = "DIK-2026-003"


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message)


def build(root: Path, out: Path, today: str = TODAY):
    return build_site(root / "mkdocs.yml", root, out, today)


def record_count(root: Path) -> int:
    return len(list((root / "records").rglob("*.yaml")))


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, Path]:
    """A register in Git with one cold build done (the cache filled)."""
    base = tmp_path_factory.mktemp("cache")
    root = with_site_files(copy_register(init_repo(base / "repo")))
    commit(root, "Register awal\n\nPerubahan: koreksi\nPelaksana: PPID")
    build(root, base / "site")
    return root, base / "site"


@pytest.fixture
def repo(warm, tmp_path) -> tuple[Path, Path]:
    """A copy of the warm register (its cache included) and of its site, for one test to change."""
    root, site = warm
    shutil.copytree(root, tmp_path / "repo", symlinks=True)
    shutil.copytree(site, tmp_path / "site")
    return tmp_path / "repo", tmp_path / "site"


def page(site: Path, record_id: str = RECORD_ID) -> str:
    return (site / "catatan" / record_id / "index.html").read_text(encoding="utf-8")


def test_an_unchanged_register_renders_no_record_page_again_and_writes_the_same_site(repo):
    root, site = repo
    before = {p.relative_to(site): p.read_bytes() for p in (site / "catatan").rglob("*.html")}
    plugin = build(root, site)
    assert plugin.rendered == 0 and len(plugin.cached) == record_count(root)
    assert plugin.search_indexed == []                    # every search shard came from the cache
    after = {p.relative_to(site): p.read_bytes() for p in (site / "catatan").rglob("*.html")}
    assert after == before


def test_a_changed_record_renders_that_page_again_and_only_that_one(repo):
    root, site = repo
    old_script = shell_script(page(site))
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Diperbaiki — ", 1), encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    plugin = build(root, site)
    assert plugin.rendered == 1 and RECORD_ID in next(iter(plugin.fresh))
    assert "Diperbaiki — " in page(site)
    # The changed record page and summary pages in the overlays; the shards stay as indexed (search.py).
    assert plugin.search_indexed == ["terbaru", "terbaru-umum"]
    head = git(root, "rev-parse", "HEAD").stdout.strip()[:10]
    before = git(root, "rev-parse", "HEAD~1").stdout.strip()[:10]
    other = page(site, "DIK-2026-001")                      # from the cache
    assert "registri-head-commit-mark" not in other and "commit " not in other.split("Jejak audit")[0]
    # The shared page shell's footer names the commit each page gives it: the page made again names
    # the new commit, a page the build wrote from the cache names it too, and the script names none
    # (so its name, in every page, is the one it had before the commit).
    assert f'data-registri-commit="{head}"' in page(site) and f'data-registri-commit="{head}"' in other
    assert before != head
    name = shell_script(other)
    assert name == shell_script(page(site)) == old_script and "registri-shell-script-mark" not in other
    assert "registri-head-commit-mark" in (site / "assets" / "registri" / name).read_text(encoding="utf-8")
    assert [p.name for p in (site / "assets" / "registri").glob("kerangka-*.js")] == [name]


def test_the_record_pages_are_cached_in_one_pack_that_keeps_only_this_builds_pages(repo):
    root, site = repo
    folder = cache.cache_folder(root) / "site-pages"
    assert list(folder.glob("*.html.z")) == []              # no file per page
    pack = cache.Pack(folder / "record-pages.pack")
    assert len(pack.index) == record_count(root)
    pack.close()
    (root / RECORD).unlink()
    commit(root, f"Hapus {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    build(root, site)
    pack = cache.Pack(folder / "record-pages.pack")
    assert len(pack.index) == record_count(root)             # the deleted record's page is gone from it
    pack.close()


def test_a_damaged_page_pack_is_read_as_empty_and_a_damaged_page_is_named(repo, caplog):
    from registri.commands.build import BuildFailed

    root, site = repo
    file = cache.cache_folder(root) / "site-pages" / "record-pages.pack"
    whole = file.read_bytes()
    file.write_bytes(whole[: len(whole) // 2])               # cut short: no index at its end
    plugin = build(root, site)
    assert plugin.rendered == record_count(root)              # every page rendered again, none stale
    good = file.read_bytes()
    pack = cache.Pack(file)
    offset, length = pack.index[next(iter(pack.index))]
    pack.close()
    file.write_bytes(good[:offset] + b"\xff" * length + good[offset + length:])   # one page's bytes spoilt
    with pytest.raises(BuildFailed) as caught:
        build(root, site.with_name("elsewhere"))      # no previous site there: every page from the pack
    assert str(caught.value).startswith("Situs tidak dibangun: MkDocs berhenti karena ada kesalahan.")
    assert "Aborted" not in str(caught.value)
    assert any("tembolok halaman" in r.getMessage() and "Hapus folder" in r.getMessage() for r in caplog.records)


def test_a_pack_keeps_what_it_is_told_and_refuses_what_is_not_a_pack(tmp_path):
    file = tmp_path / "p.pack"
    pack = cache.Pack(file)
    assert "a" not in pack and pack.read("a") is None
    pack.add("a", b"eins")
    pack.add("b", b"")
    pack.add("c", b"drei")
    pack.save(["a", "b", "fehlt"])
    again = cache.Pack(file)
    assert again.read("a") == b"eins" and again.read("b") == b"" and "c" not in again and "fehlt" not in again
    again.close()
    for junk in (b"", b"registri-pack-1\n", b"kein Pack" * 10, cache.Pack.MAGIC + b"\0" * 8):
        file.write_bytes(junk)
        assert cache.Pack(file).index == {}


def shell_script(markup: str) -> str:
    found = re.findall(r'assets/registri/(kerangka-[0-9a-f]{12}\.js)"', markup)
    assert len(found) == 1, found
    return found[0]


def test_the_shared_page_shell_comes_from_the_cache_or_from_one_page_rendered_again(repo):
    root, site = repo
    name = shell_script(page(site))
    plugin = build(root, site)
    assert plugin.rendered == 0 and shell_script(page(site, "DIK-2026-001")) == name
    assert (site / "assets" / "registri" / name).is_file()
    entries = list((cache.cache_folder(root) / "site-pages").glob("shell-*.pickle"))
    assert len(entries) == 1
    entries[0].unlink()
    plugin = build(root, site)
    assert plugin.rendered == 1                             # one page made to cut the shell from
    assert (site / "assets" / "registri" / name).is_file()
    for record in (root / "records").rglob("*.yaml"):
        assert shell_script(page(site, record.stem)) == name


def test_history_alone_renders_the_page_again(repo):
    # Change a record and change it back: same content (same blob), two more commits in its trail.
    root, site = repo
    file = root / RECORD
    original = file.read_text(encoding="utf-8")
    rows = page(site).count("<tr")
    file.write_text(original.replace("judul: ", "judul: Sementara ", 1), encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    file.write_text(original, encoding="utf-8")
    commit(root, f"Kembalikan judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    plugin = build(root, site)
    assert plugin.rendered == 1
    assert page(site).count("<tr") == rows + 2             # both commits are in the audit timeline


def test_configuration_renders_every_page_again(repo):
    root, site = repo
    config = root / "registri.yaml"
    text = config.read_text(encoding="utf-8")
    assert "nama: " in text
    config.write_text(text.replace("nama: ", "nama: Kantor Uji Tembolok — ", 1), encoding="utf-8")
    commit(root, "Ganti nama kantor\n\nPerubahan: koreksi\nPelaksana: PPID")
    plugin = build(root, site)
    assert plugin.rendered == record_count(root)
    # The office's name is in the footer of the record pages' shared shell.
    script = (site / "assets" / "registri" / shell_script(page(site))).read_text(encoding="utf-8")
    assert "Kantor Uji Tembolok — " in script


def test_a_hand_written_page_renders_every_page_again(repo):
    # docs/ shapes the navigation every page carries.
    root, site = repo
    guide = root / "docs" / "panduan" / "index.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nTambahan.\n", encoding="utf-8")
    assert build(root, site).rendered == record_count(root)


def test_a_new_code_version_renders_every_page_again(repo, monkeypatch):
    root, site = repo
    monkeypatch.setattr(cache, "code_version", lambda: "another-version-of-the-code")
    assert build(root, site).rendered == record_count(root)


def test_another_day_renders_every_page_again(repo):
    root, site = repo
    plugin = build(root, site, today="2026-11-27")
    assert plugin.rendered == record_count(root)
    assert "27 November 2026" in page(site)


def test_code_version_follows_every_file_of_the_package(tmp_path, monkeypatch):
    package = tmp_path / "registri"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()
    try:
        first = cache.code_version()
        template = package / "site" / "templates" / "record.md.j2"
        template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        cache.code_version.cache_clear()
        assert cache.code_version() != first
    finally:
        cache.code_version.cache_clear()


def test_reports_are_rendered_again_only_when_their_data_changes(repo, monkeypatch):
    import registri.report.site as report_site
    from registri import forked

    root, site = repo
    monkeypatch.setattr(forked, "workers", lambda: 1)      # render here, where the calls are counted
    calls = []
    real = report_site.render_pdf
    monkeypatch.setattr(report_site, "render_pdf", lambda report, **kwargs: calls.append(1) or real(report, **kwargs))
    build(root, site)
    assert calls == []                                    # unchanged: every report from the cache
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Diperbaiki — ", 1), encoding="utf-8")
    commit(root, f"Koreksi judul {RECORD_ID}\n\nPerubahan: koreksi\nPelaksana: PPID")
    build(root, site)
    assert calls                                          # the periods that list the record again
    assert any("Diperbaiki — " in p.read_text(encoding="utf-8") for p in (site / "laporan").rglob("*.html"))


def test_reports_rendered_in_forked_children_are_the_same_files(tmp_path):
    from registri import forked

    jobs = [lambda n=n: {f"f{n}": bytes([n]) * (n * 100_000)} for n in range(1, 5)]
    assert forked.run_all(jobs, parallel=2) == [job() for job in jobs]


def test_the_heaviest_render_jobs_start_first_each_in_a_child_and_the_light_ones_share(monkeypatch):
    import os

    from registri import forked

    monkeypatch.setattr(forked, "workers", lambda: 2)
    weights = [0.3, 24.0, 1.0, 1.0, 3.0, 0.3, 0.3, 12.0, 1.0]
    jobs = [lambda n=n: (n, os.getpid()) for n in range(len(weights))]
    started = forked.start_longest_first(jobs, weights)
    assert started.groups[0] == [1] and started.groups[1] == [7]          # the two heaviest, alone
    assert sorted(n for group in started.groups for n in group) == list(range(len(weights)))
    done = started.results()
    assert [n for n, _ in done] == list(range(len(weights)))              # in the jobs' order
    children = {}
    for n, pid in done:
        children.setdefault(pid, []).append(n)
    assert os.getpid() not in children and len(children) == len(started.groups) < len(weights)
    assert all(sum(weights[n] for n in group) <= 2.0 or len(group) == 1 for group in children.values())


def test_a_job_that_fails_in_a_child_raises_its_error_here():
    from registri import forked

    with pytest.raises(ZeroDivisionError):
        forked.run_all([lambda: {"a": 1}, lambda: 1 / 0], parallel=2)


def test_a_report_computed_in_a_child_has_the_same_key_as_one_computed_here(repo, monkeypatch, tmp_path):
    """Equal reports pickle differently when computed in a forked child; the key must follow the
    values only, or a build on another number of cores renders every report again."""
    import datetime as dt

    from registri.history import load_history
    from registri.register import load_register
    from registri.report.site import report_files
    from registri import forked
    from registri.site.data import report_memo

    root, _ = repo
    register, history, day = load_register(root), load_history(root), dt.date.fromisoformat(TODAY)
    store = cache.Store(tmp_path / "reports")
    first = report_memo(store)
    report_files(register, history, day, run_audit=False, memo=first)
    assert first.start() and first.finish()                      # everything rendered once
    monkeypatch.setattr(forked, "workers", lambda: 1)             # now computed in this process
    again = report_memo(store)
    files = report_files(register, history, day, run_audit=False, memo=again)
    assert again.start() == [] and any(name.endswith(".pdf") for name in files)


def test_downloads_rendered_during_the_page_build_are_whole_files_in_the_site(repo, tmp_path):
    """Report downloads not in the cache render in forked children while MkDocs builds the pages;
    the site then holds the real files, byte for byte what the cache holds, not the placeholders."""
    import io
    import zipfile

    from registri.site.data import load_site_data

    root, _ = repo
    shutil.rmtree(cache.cache_folder(root) / "reports")            # every download rendered afresh
    out = tmp_path / "fresh"
    build(root, out)
    pdfs = sorted((out / "laporan" / "unduh").glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF-") and p.read_bytes().rstrip().endswith(b"%%EOF") for p in pdfs)
    for book in (out / "laporan" / "unduh").glob("*.xlsx"):
        assert zipfile.ZipFile(io.BytesIO(book.read_bytes())).testzip() is None
    assert (out / "publik" / "dik-publik.pdf").read_bytes().startswith(b"%PDF-")
    data = load_site_data(root, TODAY)                            # now answered from the cache
    assert data.late is None
    for path, content in data.reports.items():
        if not path.endswith(".md"):
            written = (out / path).read_bytes()
            assert written == (content if isinstance(content, bytes) else content.encode("utf-8")), path


def test_value_keys_follow_values_not_objects_nor_the_hash_seed():
    import dataclasses
    import datetime as dt
    import subprocess
    import sys

    from registri.cache import ValueKeys

    @dataclasses.dataclass(frozen=True)
    class Inner:
        when: dt.datetime
        files: tuple

    @dataclasses.dataclass(frozen=True)
    class Outer:
        inner: Inner
        tags: frozenset
        extra: dict

    def make(title: str = "a", files=("records/a.yaml",)):
        inner = Inner(dt.datetime(2026, 1, 2, 3, 4), tuple(files))
        return (Outer(inner, frozenset({"x", "y", "z"}), {"judul": title}), Outer(inner, frozenset(), {}))

    keys = ValueKeys()
    same = keys.of(make())
    assert ValueKeys().of(make()) == same == keys.of(make())          # equal values, other objects
    assert keys.of(make(title="b")) != same                           # a nested value
    assert keys.of(make(files=("records/b.yaml",))) != same           # a value inside a shared object
    assert keys.of([make()]) != same and keys.of(tuple(make())) == same
    # A set's order follows the hash seed of the process; its key does not.
    code = ("import sys; sys.path.insert(0, 'tooling'); from registri.cache import ValueKeys; "
            "print(ValueKeys().of(frozenset({'kata', 'lain', 'arsip', 'dik'})))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": str(seed)}, cwd=Path(__file__).parents[1]).stdout
            for seed in (1, 2, 3)}
    assert len(runs) == 1


def test_mkdocs_reasons_for_stopping_reach_staff_in_indonesian():
    from registri.commands.build import BuildFailed

    assert str(BuildFailed("Aborted with 3 warnings in strict mode!")) == (
        "Situs tidak dibangun: MkDocs berhenti karena 3 peringatan (mode ketat). Perbaiki yang disebut pesan "
        "di atas, lalu jalankan lagi.")
    assert "berkas hilang" in str(BuildFailed("berkas hilang"))


def test_report_pages_are_converted_once_not_after_every_commit_and_name_the_new_one(repo, tmp_path, monkeypatch):
    from mkdocs.structure.pages import Page

    root, site = repo
    converted = []
    real = Page.render
    monkeypatch.setattr(Page, "render", lambda self, *a: converted.append(self.file.src_uri) or real(self, *a))
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m",
        "Catatan kosong\n\nPerubahan: koreksi\nPelaksana: PPID")
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    build(root, site)
    # Every period's page (the list of reports is in the navigation: MkDocs converts it itself).
    reports = sorted(p for p in (site / "laporan").glob("*/index.html"))
    assert len(reports) > 2
    assert [src for src in converted if src.startswith("laporan/")] == ["laporan/index.md"]
    for path in reports:
        assert f"<code>{head[:12]}</code>" in path.read_text(encoding="utf-8")
    # The same pages as a build that converted each with its own commit (no cache).
    shutil.rmtree(cache.cache_folder(root))
    build(root, tmp_path / "fresh")
    assert len([src for src in converted if src.startswith("laporan/")]) > len(reports)
    for path in reports:
        assert path.read_bytes() == (tmp_path / "fresh" / path.relative_to(site)).read_bytes(), path


def test_a_commit_stands_in_only_where_markdown_passes_any_hex_word_through():
    from registri.site.fastpage import stand_in

    commit = "3373e334ab45c447513ab7d59d16d3381f1a51ba"
    found = stand_in(f"Dihitung dari commit `{commit[:12]}` pada 1 Desember.\n\npada commit {commit[:12]} dan {commit} .", commit)
    assert found is not None and commit[:12] not in found.text and found.pieces[1::2] == ("short", "short", "full")
    assert found.fill(found.text) == f"Dihitung dari commit `{commit[:12]}` pada 1 Desember.\n\npada commit {commit[:12]} dan {commit} ."
    assert found.token not in found.pieces[0] and found.token == stand_in(found.fill(found.text), commit).token
    assert stand_in("no commit here", commit) is None
    assert stand_in(f"{commit[:12]}. starts a line", commit) is None          # a list item with some ids
    assert stand_in(f"[lihat](https://example.org/commit/{commit})", commit) is None
    assert stand_in(f"commit `{commit[:12]}` and again ({commit[:12]})", commit) is None
    # Another commit in the same text stands for the same pieces and token: one cache entry.
    later = "0123456789ab" + "c" * 28
    other = stand_in(found.text.replace(found.token, later).replace(found.token[:12], later[:12]), later)
    assert other is not None and (other.pieces, other.token) == (found.pieces, found.token)


def test_a_record_changed_on_disk_and_not_committed_renders_its_page_again(repo):
    # The page key names the record file's content by its blob id: a file changed in the working
    # tree is hashed as it is on disk, not taken from Git's index.
    root, site = repo
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", "judul: Belum dicommit — ", 1), encoding="utf-8")
    plugin = build(root, site)
    assert plugin.rendered == 1 and "Belum dicommit — " in page(site)
    git(root, "add", RECORD)                              # staged, still not committed: the same content
    assert build(root, site).rendered == 0 and "Belum dicommit — " in page(site)


def test_a_site_build_ends_with_the_history_cache_written_and_no_child_left(repo, tmp_path):
    # The history child hands the history back before it writes its cache (forked.Then); the
    # build waits for that child before it ends.
    import os

    from registri import forked

    root, _ = repo
    forked.settle()
    shutil.rmtree(cache.cache_folder(root))
    build(root, tmp_path / "site")
    assert list(cache.cache_folder(root).glob("history-*.pickle"))
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
