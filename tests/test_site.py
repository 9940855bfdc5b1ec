"""The internal site, built for real with `registri build` (mkdocs build --strict plus our plugin).

Two sites are built once and read by many tests: the sample register, and the demo register
(real audit trail) with a hostile record and an expired record added.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import PROJECT, TODAY, registri
from test_site_support import (EMOJI, LONG_MARK, RTL, XSS_TITLE, built, dangerous, elements, main_content, page,
                               shared_folder, text_of)

from registri.catalog import all_rules
from registri.history import load_history
from registri.model import as_date
from registri.pasal17 import load_pasal17
from registri.register import load_register
from registri.site import fmt

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return built("sample", shared_folder(tmp_path_factory))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built("demo", shared_folder(tmp_path_factory))

# Coded values the page shows as words: dotted path (list indexes dropped) -> label table.
LABELLED = {
    "status": {k: fmt.status_label(k) for k in ("divalidasi", "diklasifikasi", "didokumentasikan", "dilaporkan", "dibuka")},
    "sumber.jenis": fmt.SOURCE_TYPE,
    "uji_konsekuensi.waktu": fmt.TEST_TIMING,
    "klasifikasi.jangka_waktu.jenis": fmt.PERIOD_TYPE,
    "klasifikasi.keamanan": fmt.SECURITY,
    "klasifikasi.bentuk_layanan": fmt.RELEASE_FORM,
    "dibuka.alasan": fmt.OPEN_REASON,
}


def leaves(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item, path)
    else:
        yield path, value


def shown_as(path: str, value) -> str | None:
    """How a record value reads on its page (None: shown as words that need no check here)."""
    if isinstance(value, bool):
        return None
    if path in LABELLED:
        return LABELLED[path][value]
    day = as_date(value) if isinstance(value, (dt.date, str)) else None
    if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        return fmt.date(day)
    if path == "klasifikasi.jangka_waktu.tahun":
        return f"{value} tahun"
    return " ".join(str(value).split())


# Building ---------------------------------------------------------------------------------------

def test_sample_register_builds_every_kind_of_page(sample):
    _, site, output = sample
    for url in ("", "daftar/", "catatan/DIK-2026-003/", "catatan/DIK-2025-001/", "pasal/", "pasal/17h/",
                "status/", "status/dilaporkan/", "tahun/", "tahun/2025/", "kalender/", "aktivitas/", "temuan/",
                "sop/", "aturan/", "aturan/DIK006/", "laporan/", "panduan/", "panduan/mengajukan/",
                "panduan/menerima/", "panduan/pesan-kesalahan/"):
        assert (site / url / "index.html").is_file(), url
    assert "Situs internal BPMP Kalsel dibangun" in output
    assert "http://127.0.0.1:8000/" in output and str(site) in output


def test_build_of_the_demo_register_says_where_to_open_it(tmp_path):
    out = tmp_path / "site"
    result = registri(PROJECT, "build", "--demo", "--today", TODAY, "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Register demo dibuat" in result.stdout
    assert f"python -m http.server -d {out} 8000" in result.stdout
    accepted = text_of(main_content(page(out, "catatan/DIK-2025-004")))
    assert "Diterima oleh Dr. Hendra Wijaya, M.Pd." in accepted
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (("--records", "5"), "hanya dipakai bersama --demo"),
    (("--today", "2026-13-01"), "bukan tanggal yang benar"),
])
def test_build_usage_errors_are_sentences(tmp_path, args, message):
    result = registri(PROJECT, "build", "--out", str(tmp_path / "s"), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_build_without_mkdocs_yml_says_what_is_missing(register_copy):
    result = registri(register_copy, "build", "--today", TODAY)
    assert result.returncode == 2
    assert "mkdocs.yml tidak ada" in result.stderr and "Traceback" not in result.stderr


# Record pages -----------------------------------------------------------------------------------

def test_record_page_shows_every_field_of_every_sample_record(sample):
    root, site, _ = sample
    register = load_register(root)
    assert len(register.records) == 15
    for record in register.records:
        text = text_of(main_content(page(site, f"catatan/{record.id}"))).lower()
        for path, value in leaves(record.data):
            expected = shown_as(path, value)
            if expected is not None:
                assert expected.lower() in text, f"{record.id}: {path} = {value!r} not shown"


def test_storage_and_fingerprint_appear_marked_internal_and_stay_out_of_search(sample):
    _, site, _ = sample
    markup = page(site, "catatan/DIK-2026-003")
    start = markup.index('class="rg-section rg-internal"')
    internal = markup[start:markup.index("<h2", start)]
    # The warning's words are the stylesheet's (issue 12); test_browser checks them on screen and paper.
    assert '<p class="rg-internal__note"></p>' in internal and "INTERNAL" not in internal
    css = (site / "assets/registri/registri.css").read_text(encoding="utf-8")
    assert 'content: "INTERNAL"' in css and "Jangan disalin ke DIK publik" in css
    assert "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b" in internal
    assert "arsip-ppid:/dikecualikan/2026/DIK-2026-003/" in internal
    docs = search_docs(site)
    indexed = json.dumps([d for d in docs if d["url"].startswith("/catatan/")])
    assert "asesmen kompetensi" in indexed
    assert "3a7bd3e2360a3d29" not in indexed and "arsip-ppid:" not in indexed and "lemari besi" not in indexed


def search_docs(site) -> list[dict]:
    """Every page in the Pagefind index (all shards): url, title, indexed text."""
    docs = []
    for fragment in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(b"pagefind_dcd"), fragment
        entry = json.loads(data[len(b"pagefind_dcd"):])
        docs.append({"url": entry["url"], "title": entry["meta"].get("title", ""), "text": entry["content"],
                     "shard": fragment.parent.parent.name})
    return docs


def test_search_indexes_record_titles_but_not_the_big_tables(sample):
    _, site, _ = sample
    docs = search_docs(site)
    record = [d for d in docs if d["url"].startswith("/catatan/DIK-2026-003/")]
    assert any("asesmen kompetensi individu" in (d["title"] + d["text"]).lower() for d in record)
    assert {d["shard"] for d in record} == {"2026-0"}              # record pages are indexed in shards
    locations = {d["url"] for d in docs}
    assert not {"/daftar/", "/kalender/", "/aktivitas/", "/status/dilaporkan/", "/tahun/2025/", "/cari/"} & locations
    assert "/sop/" in locations and "/panduan/mengajukan/" in locations
    ground = json.dumps([d for d in docs if d["url"].startswith("/pasal/17h/")])
    assert "rahasia pribadi" in ground and "DIK-2026-003" not in ground     # the law, not the table again
    # No file of the index a reader fetches is large: Pagefind loads only what a query needs.
    biggest = max(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    assert biggest < 1_500_000, f"{biggest} bytes in one search file"


def test_only_the_main_shard_carries_pagefind_s_runtime(sample):
    # A merged shard is read by the main shard's script and WebAssembly; Pagefind's own copy of
    # them in every shard (about 225 KB each) is never fetched, so it is not in the site.
    _, site, _ = sample
    shards = {folder.name: {f.name for f in folder.iterdir() if f.is_file()}
              for folder in (site / "pagefind").iterdir() if folder.is_dir()}
    assert "umum" in shards and len(shards) >= 3
    main = shards.pop("umum")
    assert {"pagefind.js", "pagefind-worker.js", "wasm.id.pagefind", "pagefind-ui.js", "pagefind-ui.css"} <= main
    assert not any(name.startswith(("pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")) for name in main)
    for name, files in shards.items():
        assert "pagefind-entry.json" in files and any(f.endswith(".pf_meta") for f in files), name
        assert not [f for f in files if f != "pagefind-entry.json" and not f.endswith(".pf_meta")], (name, files)
        assert (site / "pagefind" / name / "index").is_dir() and (site / "pagefind" / name / "fragment").is_dir()


def test_record_pages_stay_out_of_the_navigation(sample):
    _, site, _ = sample
    markup = page(site, "daftar")
    nav = markup[markup.index('md-nav--primary'):markup.index('<div class="md-content"')]
    assert "Daftar DIK" in nav and "Kalender" in nav
    assert "catatan/" not in nav
    assert markup.count('href="../catatan/DIK-') >= 15     # linked from the register instead


def test_timeline_shows_who_did_each_step_when_and_the_acceptance(demo):
    root, site, _ = demo
    history = load_history(root).of("DIK-2025-004")
    text = text_of(main_content(page(site, "catatan/DIK-2025-004")))
    timeline = text[text.index("Jejak audit"):text.index("Penerimaan laporan")]
    markup = main_content(page(site, "catatan/DIK-2025-004"))
    css = (site / "assets/registri/registri.css").read_text(encoding="utf-8")
    sop = load_register(root).sop
    for step in (1, 2, 3, 4):
        event = history.step(step)
        # "Langkah N" in the page, the step's name from the stylesheet (issue 12; test_browser sees both)
        assert f'<td class="rg-s{step}">Langkah {step}<td>' in markup and sop.step(step).output not in markup
        assert f'.rg-timeline .rg-s{step}::after {{ content: ": {sop.step(step).output}"; }}' in css
        assert event.person.name in timeline and event.commit.sha[:10] in timeline
    assert "Siti Aminah" in timeline or "Rudi Setiawan" in timeline     # step 3: Pengadministrasi Umum
    assert "Pengadministrasi Umum" in timeline and "WITA" in timeline and "30 menit" in timeline
    acceptance = history.accepted
    assert acceptance is not None
    when = fmt.datetime_local(acceptance.time, load_register(root).office.tz)
    assert f"Diterima oleh {acceptance.person.name}" in text and when in text
    assert acceptance.merge.sha[:10] in text


def test_record_page_markup_is_lean_and_keeps_every_commit_and_change(demo):
    # Issue 12: a register has one such page per record. The ten-digit commit id is shown (enough
    # for `git show`); the full id no longer sits in a tooltip on every row; a change row still
    # names the change's commit subject; table rows carry no line breaks between cells.
    root, site, _ = demo
    history = load_history(root).of("DIK-2025-004")
    article = main_content(page(site, "catatan/DIK-2025-004"))
    timeline = article[article.index('id="jejak-audit"'):article.index('id="penerimaan"')]
    assert history.events and history.accepted
    for event in history.events:
        shown = (f'<code title="{html.escape(event.commit.subject)}">' if event.kind == "perubahan" else "<code>")
        assert f"{shown}{event.commit.sha[:10]}</code>" in timeline and event.commit.sha not in article
    assert any(e.kind == "perubahan" for e in history.events) and any(e.kind == "langkah" for e in history.events)
    assert history.accepted.merge.sha[:10] in article and history.accepted.merge.sha not in article
    # Cells and rows leave out their optional end tags (the browser test reads the same table).
    assert timeline.count("<tr") == len(history.events) + 2 and "</td>" not in timeline and "\n<td>" not in timeline
    assert '<section class="rg-section">' not in article and article.count('<dl class="rg-fields">') >= 5
    # Labels and values leave out their optional end tags; one space parts each from the next.
    assert "</dt>" not in article and "</dd>" not in article and article.count("<dt>") == article.count(" <dd>") > 10
    # The zone is named once, in the heading "Waktu (WITA)", not again in every time cell.
    tz = load_register(root).office.tz
    assert timeline.count("WITA") == 1 and f"<td>{fmt.datetime_local(history.events[0].time, tz, zone=False)}<td>" in timeline


def test_search_text_of_a_record_keeps_each_label_apart_from_its_value(sample):
    # The field lists keep a line break between label and value: without it Pagefind indexes
    # "informasiSubbagian" as one word (seen while trimming the record page for issue 12).
    root, site, _ = sample
    record = next(r for r in load_register(root).records if r.id == "DIK-2026-003")
    text = next(d["text"] for d in search_docs(site) if d["url"] == "/catatan/DIK-2026-003/")
    assert f"Unit penguasa informasi {record.unit} Status {fmt.status_label(record.status)} Berkas" in text
    assert f"Nomor {record.get('penetapan.nomor')} Tanggal" in text


def test_a_record_without_history_says_so(sample):
    _, site, _ = sample        # a copy, not a Git repository
    text = text_of(main_content(page(site, "catatan/DIK-2026-003")))
    assert "riwayat" in text[text.index("Jejak audit"):].lower()


# Hostile input -----------------------------------------------------------------------------------

def test_hostile_record_builds_and_every_page_keeps_it_as_text(demo):
    _, site, _ = demo
    for file in site.rglob("*.html"):
        assert dangerous(file.read_text(encoding="utf-8")) == [], file.relative_to(site)
    text = text_of(main_content(page(site, "catatan/DIK-2026-901")))
    assert XSS_TITLE in text
    for literal in ("![img](http://evil.example/x.png)", "<img src=x onerror=alert(2)>", "--8<-- \"mkdocs.yml\"",
                    "{{ lipsum() }}", "# Bukan judul", "| a | b |", "`backtick`", "<marquee>aman</marquee>",
                    "javascript:alert(6)", RTL, EMOJI):
        assert literal in text, literal
    assert text.count(LONG_MARK) == 2      # the 20,000-character uraian, start to end
    row = text_of(page(site, "daftar"))
    assert XSS_TITLE in row


def test_values_sit_in_raw_html_so_markdown_never_touches_them(demo):
    _, site, _ = demo
    article = main_content(page(site, "catatan/DIK-2026-901"))
    tags = {tag for tag, _ in elements(article).tags}
    assert not {"img", "iframe", "b", "i", "u", "em"} & tags      # none of the record's markup became markup
    assert "<h1" in article and article.count("<h1") == 1


# Dashboard and index pages -----------------------------------------------------------------------

def test_dashboard_counts_and_the_expired_item_stands_out(demo):
    root, site, _ = demo
    register = load_register(root)
    markup = page(site, "")
    start = markup.index('class="rg-alert"')
    alert = markup[start:markup.index("</div>", start)]
    assert "DIK-2026-902" in alert and "masih tertutup" in alert
    assert re.search(r'rg-card rg-card--danger"[^>]*><span class="rg-card__num">1<', markup)
    text = text_of(markup)
    assert f"{len(register.active())} masih dikecualikan" in text
    for status in ("divalidasi", "diklasifikasi", "didokumentasikan", "dilaporkan", "dibuka"):
        count = sum(1 for r in register.records if r.status == status)
        assert f"{fmt.status_label(status)} {count}" in text
    assert markup.count('<svg role="img"') == 3 and "<?xml" not in markup and "dc:date" not in markup
    assert "Aktivitas terbaru" in text and "Langkah" in text


def test_register_table_lists_every_record_with_filter_data(sample):
    root, site, _ = sample
    markup = page(site, "daftar")
    rows = re.findall(r'<tr data-status="([a-z]+)" data-pasal="([^"]*)" data-year="(\d{4})"', markup)
    assert len(rows) == 15
    register = load_register(root).by_id()
    assert {(r.status, r.year) for r in register.values()} == {(s, int(y)) for s, _, y in rows}
    header = text_of(markup[markup.index("<thead>"):markup.index("</thead>")])
    assert header == "ID Judul Unit Pasal Jangka waktu Berakhir / peristiwa Keamanan Status"
    assert 'data-registri-filter="rg-register"' in markup and 'id="rg-register"' in markup


def test_ground_status_and_year_pages_list_the_right_records(sample):
    root, site, _ = sample
    register = load_register(root)
    ground = load_pasal17().grounds["h"]
    text = text_of(main_content(page(site, "pasal/17h")))
    assert " ".join(ground.text.split()) in text
    assert all(r.id in text for r in register.records if "17h" in r.letters)
    assert not any(r.id in text for r in register.records if "17h" not in r.letters)
    text = text_of(main_content(page(site, "status/dilaporkan")))
    assert {r.id for r in register.records if r.id in text} == {r.id for r in register.records if r.status == "dilaporkan"}
    text = text_of(main_content(page(site, "tahun/2025")))
    assert {r.id for r in register.records if r.id in text} == {r.id for r in register.records if r.year == 2025}


def test_calendar_groups_end_and_review_dates_by_month(sample):
    _, site, _ = sample
    text = text_of(main_content(page(site, "kalender")))
    december = text[text.index("Desember 2026"):]
    assert "19 Desember 2026" in december and "DIK-2025-005" in december
    assert "Tidak ada tanggal yang terlewat" in text
    # Thousands of rows at 10,000 records: cells and rows without their optional end tags (issue 12).
    rows = re.sub(r"<thead>.*?</thead>", "", main_content(page(site, "kalender")))
    assert "<td>" in rows and "</td>" not in rows and "</tr>" not in rows


def test_activity_log_lists_steps_and_acceptances_newest_first(demo):
    _, site, _ = demo
    markup = main_content(page(site, "aktivitas"))
    times = re.findall(r'<td class="rg-nowrap">(\d{1,2} \w+ \d{4} \d\d\.\d\d) WITA</td>', markup)
    assert len(times) > 20
    months = {name: i for i, name in enumerate(("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                                                 "Agustus", "September", "Oktober", "November", "Desember"))}
    def key(text):
        day, month, year, clock = text.split()
        return (int(year), months[month], int(day), clock)
    assert [key(t) for t in times] == sorted((key(t) for t in times), reverse=True)
    assert "Langkah 5: laporan diterima" in text_of(markup)


def test_sop_page_draws_the_five_steps_with_actors_and_time_standards(sample):
    _, site, _ = sample
    markup = page(site, "sop")
    svg = markup[markup.index('<svg class="rg-sop-svg"'):markup.index("</svg>", markup.index('<svg class="rg-sop-svg"'))]
    assert all(f"rg-sop-box--{n}" in svg for n in range(1, 6))
    for lane in ("PPID", "Pengadministrasi Umum", "Atasan PPID"):
        assert f'class="rg-sop-lane__title">{lane}<' in svg
    assert svg.count(">30 menit<") == 3 and svg.count(">15 menit<") == 2
    text = text_of(main_content(markup))
    assert "Dr. Hendra Wijaya, M.Pd." in text and "Siti Aminah" in text


def test_every_rule_code_has_a_page_with_meaning_and_fix(sample):
    _, site, _ = sample
    for code, rule in all_rules().items():
        text = text_of(main_content(page(site, f"aturan/{code}")))
        assert rule.title in text and " ".join(rule.meaning.split()) in text and " ".join(rule.fix.split()) in text


def test_findings_page_and_rule_page_show_current_findings(demo):
    _, site, _ = demo
    findings = main_content(page(site, "temuan"))
    assert "records/2026/DIK-2026-902.yaml" in findings and 'href="../aturan/DIK020/"' in findings
    rule = text_of(main_content(page(site, "aturan/DIK020")))
    assert "records/2026/DIK-2026-902.yaml" in rule


# Offline ------------------------------------------------------------------------------------------

def test_nothing_is_loaded_from_another_host(sample):
    _, site, _ = sample
    for file in site.rglob("*.html"):
        for tag, attrs in elements(file.read_text(encoding="utf-8")).tags:
            for name in ("src", "srcset") + (("href",) if tag == "link" else ()):
                value = attrs.get(name) or ""
                assert not re.match(r"^(https?:)?//", value), f"{file.relative_to(site)}: <{tag} {name}={value}>"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text) and "@import" not in text, css


@pytest.mark.parametrize("which", ["sample", "demo"])
def test_every_internal_link_resolves(which, request):
    _, site, _ = request.getfixturevalue(which)
    broken = []
    for file in site.rglob("*.html"):
        if file.name == "404.html":      # MkDocs writes it with root-absolute links on purpose
            continue
        for tag, attrs in elements(file.read_text(encoding="utf-8")).tags:
            target = attrs.get("href") if tag in ("a", "link") else attrs.get("src")
            if not target or re.match(r"^([a-z]+:|#|//)", target):
                continue
            path = unquote(urlsplit(target).path)
            resolved = (file.parent / path).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{file.relative_to(site)} -> {target}")
    assert broken == []


def test_the_site_carries_no_file_a_reader_never_fetches(sample):
    _, site, _ = sample
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not {"sitemap.xml", "sitemap.xml.gz"} & files              # an internal site: no search engines
    assert not [f for f in files if f.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))]
    assert not [f for f in files if f.endswith(".map")]
    # What Material's pages do load is still there.
    assert any(f.startswith("assets/javascripts/bundle.") and f.endswith(".min.js") for f in files)
    assert any(f.startswith("assets/stylesheets/main.") for f in files)


def test_reports_are_part_of_the_site(sample):
    _, site, _ = sample
    assert (site / "laporan" / "index.html").is_file()
    assert list((site / "laporan").rglob("*.pdf")) and list((site / "laporan").rglob("*.xlsx"))
    assert (site / "publik" / "index.html").is_file()
