"""Record pages share one page shell (site/shell.py): each page carries its head and article, one
script puts Material's header, tabs, navigation drawer, table of contents and footer back.

Built for real: the sample register's site as published (shared shell) and the same register with
`shared_shell: false` (every record page whole, as Material writes it). In Chromium the two record
pages must be the same page: same elements, same text, same pixels.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import copy_register
from test_browser import CHROMIUM_ARGS, QuietHandler, chromium_path
from test_site_support import build, built, main_content, page, shared_folder, text_of, with_site_files

from registri.register import load_register
from registri.site import shell

pytestmark = pytest.mark.slow

RECORD = "catatan/DIK-2026-003"
SCRIPT = re.compile(r'<script src="([^"]*assets/registri/(kerangka-[0-9a-f]{12}\.js))"></script>')


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return built("sample", shared_folder(tmp_path_factory))


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The sample register's site with every record page carrying its whole shell."""
    base = tmp_path_factory.mktemp("whole-shell")
    root = with_site_files(copy_register(base / "register"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - registri " in text
    config.write_text(text.replace("\n  - registri ", "\n  - registri:\n      shared_shell: false\n   ", 1),
                      encoding="utf-8")
    result = build(root, base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, base / "site"


def test_a_record_page_carries_its_article_and_one_script_not_the_shell(sample):
    root, site, _ = sample
    markup = page(site, RECORD)
    for part in ('class="md-header"', 'class="md-tabs"', "md-nav--primary", 'class="md-footer"', 'id="__config"'):
        assert part not in markup, part
    article = main_content(markup)
    assert "Hasil asesmen kompetensi individu" in text_of(article) and "Jejak audit" in text_of(article)
    assert len(markup) - len(article) < 2_600                 # head, containers, scripts
    found = SCRIPT.findall(markup)
    assert len(found) == 1
    script = (site / RECORD / found[0][0]).resolve()
    assert script == site / "assets" / "registri" / found[0][1] and script.is_file()
    text = script.read_text(encoding="utf-8")
    for part in ("md-header", "md-tabs", "md-nav--primary", "md-footer", "__config", "Daftar isi"):
        assert part in text, part
    assert "</script" not in text.replace("<\\/script", "")  # no string in it can end a script element
    # Every record page names the same script; other pages keep Material's whole shell.
    for record in load_register(root).records:
        assert SCRIPT.findall(page(site, f"catatan/{record.id}")) == found, record.id
    assert 'class="md-header"' in page(site, "daftar") and "kerangka-" not in page(site, "daftar")



def test_a_record_page_head_and_scripts_carry_nothing_a_reader_does_not_use(sample):
    # Issue 12: no site-wide description or generator tag in 10,000 heads (other pages keep
    # Material's head), no indentation between the scripts at the end (every page).
    _, site, _ = sample
    markup = page(site, RECORD)
    head = markup[:markup.index("</head>")]
    assert '<meta name="description"' not in head and '<meta name="generator"' not in head
    assert '<meta charset="utf-8">' in head and "<title>DIK-2026-003 - " in head and "registri.css" in head
    assert '<meta name="generator"' in page(site, "daftar")
    for name in (RECORD, "daftar"):
        tail = page(site, name)[page(site, name).rindex("</article>"):]
        assert re.search(r"</script>\s*\n[ \t]+<", tail) is None and "</script>\n<script" in tail, name


def test_splitting_a_whole_record_page_gives_it_back_byte_for_byte(whole):
    root, site = whole
    assert not list((site / "assets" / "registri").glob("kerangka-*.js"))
    shells = set()
    for record in load_register(root).records:
        original = page(site, f"catatan/{record.id}")
        cut = shell.split(original)
        assert cut is not None, record.id
        assert cut.restore() == original
        assert cut.title.strip() == record.id
        shells.add(cut.shell)
    assert len(shells) == 1                                   # one shell for every record page


def test_a_page_of_another_shape_is_not_split(whole):
    _, site = whole
    original = page(site, RECORD)
    assert shell.split(original) is not None
    # A table of contents that is not the article's headings (the script could not rebuild it).
    assert shell.split(original.replace('<a href="#identitas" class="md-nav__link">',
                                        '<a href="#lain" class="md-nav__link">', 1)) is None
    assert shell.split(original.replace('<h2 id="identitas">', '<h3 id="sub">x</h3><h2 id="identitas">', 1)) is None
    assert shell.split(original.replace('<main class="md-main" data-md-component="main">', "<main>", 1)) is None
    assert shell.split(original.replace('<script id="__config"', "<script", 1)) is None
    assert shell.split("<html><body><p>tidak ada</p></body></html>") is None


# In Chromium ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def chromium():
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium tidak terpasang (paket Debian 'chromium'); uji peramban dilewati.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def serve(site: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# The page's elements and text (whitespace-only text and scripts left out): what a reader gets.
SHAPE = """() => {
  const walk = node => Array.from(node.childNodes).map(child => {
    if (child.nodeType === 3) return child.textContent.replace(/\\s+/g, " ").trim();
    if (child.nodeType !== 1 || child.tagName === "SCRIPT") return "";
    const attrs = Array.from(child.attributes).filter(a => !a.name.startsWith("data-registri"))
      .map(a => a.name + "=" + a.value).sort().join(" ");
    return "<" + child.tagName + " " + attrs + ">" + walk(child) + "</" + child.tagName + ">";
  }).filter(Boolean).join("");
  return walk(document.body);
}"""


def same_pixels(a: bytes, b: bytes) -> bool:
    """Two screenshots show the same page: the same size, and no pixel off by more than the
    anti-aliasing of an edge Chromium draws in another layer (measured: 2 pixels 1 level apart,
    at a badge's rounded edge); a moved or changed element is tens of levels off."""
    from PIL import Image, ImageChops

    first, second = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in (a, b))
    if first.size != second.size:
        return False
    return max(high for _, high in ImageChops.difference(first, second).getextrema()) <= 2


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 600])
def test_a_record_page_in_chromium_is_the_page_material_writes(chromium, sample, whole, width):
    pages = {}
    for name, site in (("shared", sample[1]), ("whole", whole[1])):
        server, url = serve(site)
        try:
            tab = chromium.new_page(viewport={"width": width, "height": 900})
            errors = []
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(url + RECORD + "/", wait_until="load")
            tab.wait_for_timeout(300)
            pages[name] = (tab.evaluate(SHAPE), tab.screenshot(full_page=True, animations="disabled"), errors)
            if name == "shared":
                assert tab.locator("header.md-header .md-header__topic").last.inner_text().strip() == "DIK-2026-003"
                assert tab.locator(".md-tabs__link").count() == 7
                toc = tab.locator(".md-sidebar--secondary .md-nav__link").all_inner_texts()
                headings = tab.locator("article h2").evaluate_all(
                    "hs => hs.map(h => h.firstChild.textContent.trim())")
                assert toc == headings and "Jejak audit" in toc
                assert "situs internal" in tab.locator("footer.md-footer").inner_text()
                if width < 1220:                            # the navigation drawer of a narrow screen
                    tab.locator("label.md-header__button[for=__drawer]").click()
                    tab.wait_for_timeout(400)
                    assert tab.locator(".md-sidebar--primary .md-nav__link", has_text="Daftar DIK").first.is_visible()
            tab.close()
        finally:
            server.shutdown()
            server.server_close()
    assert pages["shared"][2] == [] and pages["whole"][2] == []
    assert pages["shared"][0] == pages["whole"][0]
    assert same_pixels(pages["shared"][1], pages["whole"][1])


@pytest.mark.browser
def test_a_record_page_reads_without_javascript(chromium, sample):
    server, url = serve(sample[1])
    try:
        context = chromium.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
        tab = context.new_page()
        tab.goto(url + RECORD + "/", wait_until="load")
        article = tab.locator("article").inner_text()
        assert "Hasil asesmen kompetensi individu" in article and "Uji konsekuensi" in article
        assert tab.locator("article a", has_text="Daftar DIK").first.is_visible()    # the way back
        assert tab.locator("header.md-header").count() == 0
        context.close()
    finally:
        server.shutdown()
        server.server_close()
