"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright.

The demo register's site (with a hostile and an expired record added) is served from a threaded
http.server on 127.0.0.1. Every request the browser makes is recorded: none may leave localhost.
Without Chromium these tests skip with the reason, except under .ci/run
(REGISTRI_REQUIRE_BROWSER=1), where a missing browser is a failure.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest

from conftest import TODAY, git
from test_site_support import XSS_TITLE, built, shared_folder

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Without these flags Chromium phones home (component updates, sync, safe browsing, QUIC probes).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def chromium_path() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    _, site, _ = built("demo", shared_folder(tmp_path_factory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


class Served(str):
    """A site's address, with its folder."""
    site: Path

    def __new__(cls, url: str, site: Path):
        made = super().__new__(cls, url)
        made.site = site
        return made


OLD_WORD, NEW_WORD = "kuncupmelati", "zamrudpelangi"
OVERLAID = "DIK-2026-003"


def retitle(root: Path, old: str, new: str) -> None:
    record = root / "records" / "2026" / f"{OVERLAID}.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m",
        f"Koreksi judul {OVERLAID}\n\nPerubahan: koreksi\nPelaksana: PPID")


@pytest.fixture(scope="module")
def overlaid_site_url(tmp_path_factory):
    """The demo's site rebuilt after one record's title changed: its shard as indexed when the title
    held OLD_WORD, the record's page with NEW_WORD in the overlay (site/search.py)."""
    from registri.commands.build import build_site
    from registri.site import search

    demo, _, _ = built("demo", shared_folder(tmp_path_factory))
    root = tmp_path_factory.mktemp("overlay") / "register"
    shutil.copytree(demo, root, symlinks=True)
    retitle(root, "judul: ", f"judul: Arsip {OLD_WORD} ")
    limit = search.OVERLAY_LIMIT
    search.OVERLAY_LIMIT = 0            # this build indexes the shard whole: the base holds OLD_WORD
    try:
        build_site(root / "mkdocs.yml", root, root.parent / "site", TODAY)
    finally:
        search.OVERLAY_LIMIT = limit
    retitle(root, OLD_WORD, NEW_WORD)
    plugin = build_site(root / "mkdocs.yml", root, root.parent / "site", TODAY)
    assert search.OVERLAY in plugin.search_indexed and "2026-0" not in plugin.search_indexed
    server, url = serve(root.parent / "site")
    yield Served(url, root.parent / "site")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    path = chromium_path()
    if path is None:
        reason = "Chromium tidak terpasang (paket Debian 'chromium'); uji peramban dilewati."
        if os.environ.get("REGISTRI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} Di CI (.ci/run) peramban wajib ada.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=path, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1280, "height": 900}, locale="id-ID")
        context.requests = []                                   # every URL the browser asked for
        context.on("request", lambda request: context.requests.append(request.url))
        yield context
        context.close()


@pytest.fixture
def tab(browser):
    page = browser.new_page()
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


def assert_only_localhost(requests: list[str]) -> None:
    outside = sorted({url for url in requests
                      if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).hostname not in LOCAL_HOSTS})
    assert outside == [], f"requests to other hosts: {outside}"


def test_dashboard_renders_with_charts_and_the_expired_alert(tab, site_url, artifacts):
    tab.goto(site_url)
    assert tab.locator(".rg-cards .rg-card").count() == 5
    alert = tab.locator(".rg-alert")
    assert alert.is_visible() and "DIK-2026-902" in alert.inner_text()
    charts = tab.locator("figure.registri-chart svg")
    assert charts.count() == 3
    assert charts.first.bounding_box()["width"] > 300          # drawn at a readable size, not collapsed
    tab.screenshot(path=str(artifacts / "situs-dasbor.png"), full_page=True)
    assert tab.errors == [] and tab.dialogs == []
    assert_only_localhost(tab.context.requests)


def test_register_table_filters_and_sorts(tab, site_url, artifacts):
    tab.goto(site_url + "daftar/")
    rows = tab.locator("#rg-register tbody tr")
    total = rows.count()
    visible = tab.locator("#rg-register tbody tr:not([hidden])")
    assert total >= 17 and visible.count() == total
    tab.select_option("form.rg-filter select[name=status]", "dibuka")
    assert 0 < visible.count() < total
    assert set(visible.evaluate_all("rows => rows.map(r => r.dataset.status)")) == {"dibuka"}
    assert f"{visible.count()} dari {total} catatan" in tab.locator("form.rg-filter output").inner_text()
    tab.select_option("form.rg-filter select[name=status]", "")
    tab.fill("form.rg-filter input[name=q]", "asesmen kepala sekolah")
    titles = visible.locator("td.rg-title-cell").all_inner_texts()
    assert titles and all("asesmen" in t.lower() and "kepala sekolah" in t.lower() for t in titles)
    tab.fill("form.rg-filter input[name=q]", "")
    tab.keyboard.press("Enter")                                  # must not submit the form
    assert tab.url.rstrip("/").endswith("daftar")
    ids = lambda: visible.evaluate_all("rows => rows.map(r => r.cells[0].innerText.trim())")  # noqa: E731
    assert ids() == sorted(ids())                                 # sorted by id by default
    header = tab.locator("#rg-register thead th", has_text="ID")
    header.click()
    assert ids() == sorted(ids(), reverse=True)
    tab.locator("#rg-register thead th", has_text="Berakhir").click()
    ends = visible.evaluate_all("rows => rows.map(r => r.cells[5].dataset.sort)")
    assert ends == sorted(ends)
    assert_only_localhost(tab.context.requests)


def test_record_page_shows_its_timeline_and_prints_cleanly(tab, site_url, artifacts):
    tab.goto(site_url + "catatan/DIK-2025-004/")
    timeline = tab.locator("table.rg-timeline tbody tr")
    assert timeline.count() >= 5
    text = tab.locator("table.rg-timeline").inner_text()
    assert "Langkah 1" in text and "Langkah 5" in text and "WITA" in text
    # Lean markup (issue 12) parses to the same table: seven cells a row, one field per label.
    cells = timeline.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    assert all(len(row) == 7 for row in cells) and all(re.fullmatch(r"[0-9a-f]{10}", row[6]) for row in cells)
    assert all(row[0].startswith(("Langkah", "Perubahan")) and row[2] for row in cells)
    # An SOP step's name is the stylesheet's, after "Langkah N" (issue 12).
    names = tab.locator("table.rg-timeline td[class^=rg-s]").evaluate_all(
        "cells => cells.map(c => c.innerText.trim() + getComputedStyle(c, '::after').content)")
    assert 'Langkah 1": Validasi daftar informasi yang dikecualikan"' in names and len(names) >= 4
    assert tab.locator("dl.rg-fields dt").count() == tab.locator("dl.rg-fields dd").count() > 10
    shown = tab.locator("dl.rg-fields dt, dl.rg-fields dd").evaluate_all("cells => cells.map(c => c.innerText)")
    assert all(text == text.strip() and text for text in shown)    # the parting space is not shown
    assert tab.locator("dl.rg-fields dd").first.evaluate("d => getComputedStyle(d).whiteSpace") == "pre-line"
    assert "Diterima oleh" in tab.locator(".rg-accepted").inner_text()
    # Issue 12: the print button is made by registri.js, the internal warning is the stylesheet's.
    button = tab.locator(".rg-crumbs button.rg-print")
    assert button.count() == 1 and button.inner_text() == "Cetak" and button.is_visible()
    note = tab.locator(".rg-internal__note")
    warning = "note => [getComputedStyle(note, '::before').content, getComputedStyle(note, '::after').content]"
    assert note.evaluate(warning) == ['"INTERNAL"', '"Lokasi penyimpanan dan sidik jari hanya untuk situs internal '
                                      'ini. Jangan disalin ke DIK publik, surat, atau laporan untuk pihak luar."']
    assert note.bounding_box()["height"] > 10
    tab.evaluate("window.print = () => { window.registriPrinted = true; }")
    button.click()
    assert tab.evaluate("window.registriPrinted === true")
    tab.screenshot(path=str(artifacts / "situs-catatan.png"), full_page=True)
    tab.emulate_media(media="print")
    assert not tab.locator("header.md-header").is_visible()
    assert not tab.locator(".rg-print").is_visible()
    assert tab.locator("table.rg-timeline").is_visible() and tab.locator(".rg-internal").is_visible()
    assert note.evaluate(warning)[0] == '"INTERNAL"' and note.bounding_box()["height"] > 10
    # On paper the footer line says where and when the page is from (the shell puts it back).
    footer = tab.locator(".md-copyright__highlight")
    assert footer.is_visible() and re.search(r"situs internal · keadaan per \d\d-\d\d-\d{4} · commit [0-9a-f]{10}",
                                             footer.inner_text())
    assert not tab.locator(".md-footer__inner").count() or not tab.locator(".md-footer__inner").is_visible()
    tab.pdf(path=str(artifacts / "situs-catatan-cetak.pdf"), format="A4")
    printed = " ".join(p.extract_text() for p in pypdf.PdfReader(artifacts / "situs-catatan-cetak.pdf").pages)
    printed = " ".join(printed.split())
    assert "INTERNAL" in printed and "Jangan disalin ke DIK publik" in printed
    assert "Langkah 1: Validasi daftar informasi" in printed
    tab.emulate_media(media="screen")
    assert_only_localhost(tab.context.requests)


def test_search_finds_a_record_by_a_word_in_its_title(tab, site_url):
    # Pagefind on the "Cari" page: only the index fragments the query needs are fetched.
    tab.goto(site_url)
    tab.locator(".md-tabs__link", has_text="Cari").click()
    box = tab.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=30_000)
    box.press_sequentially("honorarium", delay=20)
    result = tab.locator(".pagefind-ui__result-link[href*='catatan/DIK-2026-001']").first
    result.wait_for(state="visible", timeout=30_000)
    result.click()
    tab.wait_for_url("**/catatan/DIK-2026-001/**")
    assert "honorarium" in tab.locator("h1").inner_text().lower()
    assert tab.errors == []
    assert_only_localhost(tab.context.requests)


def test_search_finds_words_of_a_record_beyond_its_title(tab, site_url):
    # Full text: a word of the description (uraian), through the search page's ?q= link.
    tab.goto(site_url + "cari/?q=kualifikasi")
    result = tab.locator(".pagefind-ui__result-link[href*='catatan/']").first
    result.wait_for(state="visible", timeout=30_000)
    assert "kualifikasi" in tab.locator(".pagefind-ui__results").inner_text().lower()


def test_search_loads_the_index_while_the_page_opens_and_finds_a_description_word(tab, site_url):
    # Issue 12 (first result within a second): Pagefind's runtime, its WebAssembly and every
    # shard's entry (while the page is parsed) and metadata are fetched before the reader types, on the
    # page's own thread (no worker script); the interface has Pagefind in hand before the first
    # keystroke, so typing a word of a record's description (not its title) shows it at once.
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    tab.goto(site_url + "cari/")
    bundles = tab.locator("#rg-search").get_attribute("data-registri-bundles").split()
    tab.wait_for_function("window.registriPagefindReady && window.registriPagefindReady.then(() => true)",
                          timeout=30_000)
    before_typing = list(fetched)
    shards = [b.rstrip("/").rsplit("/", 1)[-1] for b in bundles]
    for shard in shards:
        # Fetched once: the page's preload (a tag of this page load) is what Pagefind reads.
        assert before_typing.count(f"/pagefind/{shard}/pagefind-entry.json") == 1, (shard, before_typing)
        assert any(p.startswith(f"/pagefind/{shard}/") and p.endswith(".pf_meta") for p in before_typing), shard
    assert "/pagefind/umum/wasm.id.pagefind" in before_typing
    # ... all of them before any metadata: Pagefind alone asks for a merged shard's entry only
    # once the main shard's metadata and WebAssembly are in.
    entries = [i for i, p in enumerate(before_typing) if p.endswith("/pagefind-entry.json")]
    assert max(entries) < min(i for i, p in enumerate(before_typing) if p.endswith(".pf_meta"))
    assert "/assets/registri/cari/pagefind.js" in before_typing      # the interface imported it already
    assert not [p for p in before_typing if p.endswith((".pf_index", ".pf_fragment"))]   # nothing a query needs
    assert not [p for p in fetched if p.endswith("pagefind-worker.js")]
    assert tab.locator("#rg-search").get_attribute("data-registri-search") == "merged"
    assert tab.evaluate("document.activeElement === document.querySelector('.pagefind-ui__search-input')") is False

    tab.locator(".pagefind-ui__search-input").fill("kualifikasi")
    result = tab.locator(".pagefind-ui__result-link[href*='catatan/']").first
    result.wait_for(state="visible", timeout=30_000)
    href = result.get_attribute("href")
    record = tab.context.request.get(urljoin(tab.url, href)).text()
    title = re.search(r"<h1[^>]*>(.*?)</h1>", record, re.S).group(1)
    assert "kualifikasi" not in title.lower() and "kualifikasi" in record.lower()   # found by its text, not title
    assert tab.errors == []
    assert_only_localhost(tab.context.requests)


def test_search_merges_every_shard_and_finds_pages_in_each(tab, site_url):
    # The shards are merged at once into the module Pagefind's interface uses; a word on every
    # record page must come back from every shard, not only the main one.
    tab.goto(site_url + "cari/")
    tab.locator(".pagefind-ui__search-input").wait_for(timeout=30_000)
    assert tab.locator("#rg-search").get_attribute("data-registri-search") == "merged"
    bundles = tab.locator("#rg-search").get_attribute("data-registri-bundles").split()
    assert len(bundles) >= 3
    urls = tab.evaluate("""async (bundle) => {
        const pagefind = await import(new URL(bundle + "pagefind.js", location.href).pathname);
        const found = await pagefind.search("konsekuensi");
        return Promise.all(found.results.map(r => r.data().then(d => d.url)));
    }""", bundles[0])
    shards = {url.split("/catatan/")[1][:8] for url in urls if "/catatan/DIK-" in url}
    assert {"DIK-2025", "DIK-2026"} <= shards, sorted(urls)[:10]
    assert "DIK-2026-901" in " ".join(urls)        # the hostile record (added after the demo records)
    assert len(urls) == len(set(urls))              # no shard merged twice
    assert tab.errors == []


def test_calendar_rows_without_end_tags_are_five_cells_each(tab, site_url):
    tab.goto(site_url + "kalender/")
    rows = tab.locator("table.rg-table--calendar tbody tr")
    cells = rows.evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
    assert cells and all(len(row) == 5 and all(row) for row in cells)
    assert all(re.fullmatch(r"\d{1,2} \w+ \d{4}\n.+", row[0]) and row[1] in ("Berakhir", "Tinjau ulang")
               and row[2].startswith("DIK-") for row in cells)
    assert tab.locator("table.rg-table--calendar tbody tr td:nth-child(3) a").count() == len(cells)


def test_wide_tables_fit_a_1366_by_768_screen(browser, site_url):
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1366, "height": 768})
    try:
        tab.goto(site_url + "laporan/")
        report = tab.locator("article a[href$='/']").filter(has_text="20").first.get_attribute("href")
        for url in ("daftar/", "publik/", "laporan/" + report, "status/dilaporkan/", "kalender/"):
            tab.goto(site_url + url)
            tab.wait_for_load_state("load")
            cut = tab.evaluate("""() => Array.from(document.querySelectorAll('article table')).filter(t => {
                const box = t.closest('.rg-table-wrap, .md-typeset__scrollwrap') || t.parentElement;
                return t.offsetParent !== null && (box.scrollWidth > box.clientWidth + 1 ||
                    t.getBoundingClientRect().right > document.documentElement.clientWidth);
            }).map(t => (t.tHead ? t.tHead.innerText : t.innerText).slice(0, 80))""")
            assert cut == [], f"{url}: columns cut off at 1366×768: {cut}"
    finally:
        tab.close()


def test_xss_payload_stays_text_everywhere_it_appears(tab, site_url):
    for url in ("catatan/DIK-2026-901/", "daftar/", "tahun/2026/", "pasal/17h/", "status/didokumentasikan/"):
        tab.goto(site_url + url)
        tab.wait_for_load_state("load")
        assert tab.get_by_text(XSS_TITLE, exact=False).first.is_visible(), url
    tab.goto(site_url + "catatan/DIK-2026-901/")
    assert XSS_TITLE in tab.locator("h1").inner_text()
    assert tab.locator("article img, article iframe, article marquee").count() == 0
    assert "![img](http://evil.example/x.png)" in tab.locator("article").inner_text()
    assert tab.dialogs == [] and tab.errors == []
    assert_only_localhost(tab.context.requests)


def test_the_browser_asked_only_localhost(browser, site_url, tab):
    # Open every kind of page once more in a fresh tab so this test stands on its own.
    for url in ("", "daftar/", "catatan/DIK-2026-901/", "sop/", "kalender/", "aturan/", "laporan/", "publik/"):
        tab.goto(site_url + url)
        tab.wait_for_load_state("networkidle")
    assert len(browser.requests) > 10
    assert_only_localhost(browser.requests)


def test_search_shows_a_changed_record_from_the_overlay_and_not_as_its_shard_last_indexed_it(tab, overlaid_site_url):
    tab.goto(overlaid_site_url + "cari/")
    box = tab.locator(".pagefind-ui__search-input")
    box.wait_for(timeout=30_000)
    # The shard still holds the old title (as indexed whole): only the search page leaves it out.
    site = overlaid_site_url.site
    laid = json.loads((site / "pagefind" / "terbaru.json").read_text(encoding="utf-8"))
    old = {f.name[:-len(".pf_fragment")] for f in (site / "pagefind" / "2026-0" / "fragment").iterdir()
           if OLD_WORD in gzip.decompress(f.read_bytes()).decode("utf-8")}
    assert len(old) == 1 and old <= set(laid["lama"]) and "terbaru/" in laid["bundles"]
    box.fill(OLD_WORD)
    message = tab.locator(".pagefind-ui__message")
    message.filter(has_text=OLD_WORD).wait_for(timeout=15_000)
    tab.wait_for_timeout(300)
    assert tab.locator(".pagefind-ui__result").count() == 0, message.inner_text()
    assert tab.locator(f".pagefind-ui__result-link[href*='{OVERLAID}']").count() == 0
    box.fill(NEW_WORD)
    link = tab.locator(f".pagefind-ui__result-link[href*='{OVERLAID}']")
    link.first.wait_for(timeout=15_000)
    tab.wait_for_timeout(300)
    # One result (a page's own link, its headings' links below it), with the new title.
    results = tab.locator(".pagefind-ui__result").filter(has=tab.locator(f"a[href*='{OVERLAID}']"))
    assert results.count() == 1 and NEW_WORD in results.first.inner_text().lower()
    assert tab.errors == []
