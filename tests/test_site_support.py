"""Helpers for the site tests: registers to build (sample, demo with hostile records) and reading the result.

A site build is the expensive part (MkDocs plus the reports), so each kind of site is built once
per test process and shared by the tests that only read it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import html
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import yaml

try:
    import fcntl
except ImportError:  # Windows: tests then run without xdist sharing
    fcntl = None

from conftest import PROJECT, TODAY, copy_register, registri

XSS_TITLE = "<script>alert(1)</script> Judul berbahaya {{ jinja }} | pipa | `kode` [x](http://evil.example/a)"
EVIL_HOST = "evil.example"
RTL = "معلومات مستثناة — מידע חסוי"
EMOJI = "🔒📄✅"
LONG_MARK = "PANJANG20000"


def _long_text() -> str:
    """A 20,000-character uraian full of Markdown and HTML that must all stay text."""
    lines = [
        "Uraian dengan gambar ![img](http://evil.example/x.png) dan tautan [klik](http://evil.example/b).",
        "<img src=x onerror=alert(2)> <iframe src=\"http://evil.example/f\"></iframe> <a href=\"javascript:alert(3)\">a</a>",
        "",
        "# Bukan judul",
        "    bukan blok kode",
        "| a | b |",
        "|---|---|",
        "```",
        "--8<-- \"mkdocs.yml\"",
        "{% raw %}{{ config }}{% endraw %} \x60backtick\x60 *miring* __tebal__",
        f"{RTL} {EMOJI}",
        "",
    ]
    head = "\n".join(lines)
    body = head + " " + LONG_MARK + " " + "x" * 4000 + " "
    filler = "kata " * 4000
    text = (body + filler)[: 20000 - len(LONG_MARK) - 1] + " " + LONG_MARK
    assert len(text) == 20000
    return text


def hostile_records() -> dict[str, dict]:
    """Two records that pass the schema: one full of hostile text, one whose period has ended."""
    xss = {
        "id": "DIK-2026-901",
        "judul": XSS_TITLE,
        "uraian": _long_text(),
        "unit_penguasa": f"Unit <b>tebal</b> & \"kutip\" 'apos' {RTL} {EMOJI}",
        "status": "didokumentasikan",
        "sumber": {"jenis": "disposisi", "nomor": "<i>01</i>/B12/2026", "tanggal": dt.date(2026, 2, 3)},
        "penetapan": {"nomor": "15/B12/HK.03.01/2026", "tanggal": dt.date(2026, 1, 28), "tempat": "Banjarbaru",
                      "pejabat": "<img src=x onerror=alert(4)>"},
        "uji_konsekuensi": {
            "nomor": "BA-UK/901/2026", "tanggal": dt.date(2026, 1, 21), "waktu": "sebelum_permohonan",
            "jika_dibuka": "Bila dibuka: <script>alert(5)</script> lalu ![i](http://evil.example/y.png)",
            "kepentingan_publik": "Kepentingan publik [tautan](http://evil.example/c) | sel | tabel |",
        },
        "klasifikasi": {
            "pasal": ["17h.4", "17z.9"],        # 17z does not exist (rule DIK005): shown, linked nowhere
            "dasar_hukum": [{"jenis": "UU", "nomor": 14, "tahun": 2008, "tentang": "[KIP](http://evil.example/d)",
                             "pasal": "17 huruf h <b>angka 4</b>"}],
            "jangka_waktu": {"jenis": "sampai_persetujuan", "mulai": dt.date(2026, 1, 28),
                             "keterangan": "--8<-- \"registri.yaml\" {{ lipsum() }}"},
            "tinjau_ulang": dt.date(2027, 1, 28),
            "keamanan": "terbatas",
            "akses_khusus": ["<u>pemeriksa</u>"],
        },
        "dokumentasi": {
            "softcopy": {"lokasi": "javascript:alert(6)", "pengamanan": "<marquee>aman</marquee>",
                         "sha256": "a" * 64},
            "hardcopy": {"lokasi": "<iframe src=\"http://evil.example/h\">", "pengamanan": "lemari " + EMOJI},
        },
        "abaikan_aturan": [
            {"kode": "ZZZ999", "alasan": "Kode yang tidak dikenal <b>sama sekali</b> oleh Registri."},
            {"kode": "DIK025", "alasan": "Judul memang umum untuk keperluan pengujian situs."},
        ],
    }
    expired = {
        "id": "DIK-2026-902",
        "judul": "Dokumen penawaran tender pengadaan server yang masa pengecualiannya sudah lewat",
        "uraian": "Dokumen penawaran teknis dan harga peserta tender pengadaan server tahun 2025.",
        "unit_penguasa": "Subbagian Umum (Pokja Pemilihan)",
        "status": "didokumentasikan",
        "sumber": {"jenis": "disposisi", "nomor": "0101/B12/PL.01/2025", "tanggal": dt.date(2025, 1, 8)},
        "penetapan": {"nomor": "01/B12/HK.03.01/2025", "tanggal": dt.date(2025, 1, 6), "tempat": "Banjarbaru",
                      "pejabat": "PPID BPMP Provinsi Kalimantan Selatan"},
        "uji_konsekuensi": {
            "nomor": "BA-UK/01/2025", "tanggal": dt.date(2025, 1, 3), "waktu": "sebelum_permohonan",
            "jika_dibuka": "Peserta lain mengetahui harga penawaran pesaing sebelum kontrak ditandatangani.",
            "kepentingan_publik": "Persaingan usaha yang sehat dalam pengadaan barang dan jasa pemerintah.",
        },
        "klasifikasi": {
            "pasal": ["17b"],
            "dasar_hukum": [{"jenis": "UU", "nomor": 14, "tahun": 2008, "pasal": "17 huruf b"}],
            "jangka_waktu": {"jenis": "durasi_tetap", "mulai": dt.date(2025, 1, 6), "tahun": 1,
                             "berakhir": dt.date(2026, 1, 6)},
            "tinjau_ulang": dt.date(2025, 12, 1),
            "keamanan": "terbatas",
        },
        "dokumentasi": {"hardcopy": {"lokasi": "Ruang Arsip PPID, lemari A", "pengamanan": "lemari terkunci"}},
    }
    return {"records/2026/DIK-2026-901.yaml": xss, "records/2026/DIK-2026-902.yaml": expired}


def write_records(root: Path, records: dict[str, dict]) -> None:
    for path, data in records.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


def with_site_files(root: Path) -> Path:
    """Give a register folder this project's mkdocs.yml and docs/ (as an office's repository has)."""
    shutil.copy2(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", root / "docs", dirs_exist_ok=True)
    return root


def build(root: Path, out: Path, *extra: str):
    """`registri build` as staff run it; the result's returncode and output are checked by callers."""
    return registri(root, "build", "--today", TODAY, "--out", str(out), *extra)


@contextlib.contextmanager
def _exclusive(lock: Path):
    """Only one test process at a time builds a given site (the others then reuse it)."""
    with open(lock, "a+") as handle:
        if fcntl:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl:
                fcntl.flock(handle, fcntl.LOCK_UN)


def shared_folder(tmp_path_factory) -> Path:
    """A folder all xdist workers of this test session share (the session's own base without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@functools.lru_cache(maxsize=None)
def built(kind: str, shared: Path) -> tuple[Path, Path, str]:
    """(register folder, site folder, what `registri build` printed), built once per test session.

    'sample': a copy of this repository's register. 'demo': the demo register (`registri demo`,
    a real audit trail) with the hostile records added on top, uncommitted — one site that has
    both a timeline to show and the payloads that must stay text.
    """
    base = shared / f"registri-site-{kind}"
    done = base / "built.txt"
    base.mkdir(parents=True, exist_ok=True)
    with _exclusive(shared / f"registri-site-{kind}.lock"):
        if not done.exists():
            _build(kind, base, done)
    return base / "register", base / "site", done.read_text(encoding="utf-8")


def _build(kind: str, base: Path, done: Path) -> None:
    root, out = base / "register", base / "site"
    if kind == "sample":
        with_site_files(copy_register(root))
    elif kind == "demo":
        made = registri(PROJECT, "demo", "--out", str(root), "--today", TODAY)
        assert made.returncode == 0, made.stdout + made.stderr
        write_records(root, hostile_records())
    else:
        raise ValueError(kind)
    result = build(root, out)
    assert result.returncode == 0, f"{kind}: {result.stdout}\n{result.stderr}"
    done.write_text(result.stdout, encoding="utf-8")


def page(site: Path, url: str) -> str:
    """The HTML of a page by its URL path ('' for home, 'daftar/' ...)."""
    return (site / url / "index.html").read_text(encoding="utf-8")


_TAGS = re.compile(r"<[^>]+>")


def text_of(markup: str) -> str:
    """Visible text of HTML, entities decoded, whitespace collapsed (for 'does the reader see X')."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def main_content(markup: str) -> str:
    """The article of a Material page (without header, navigation and footer)."""
    start = markup.index('<article class="md-content__inner')
    return markup[start:markup.index("</article>", start)]


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def elements(markup: str) -> Elements:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    return parser


def dangerous(markup: str) -> list[str]:
    """What in this HTML would run or load something a record wrote: the list must be empty."""
    found = []
    parsed = elements(markup)
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                found.append(f"<{tag} {name}=...>")
            if name in ("src", "href", "action", "data", "srcset", "xlink:href") and (
                    EVIL_HOST in value or value.strip().lower().startswith("javascript:")):
                found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "marquee", "object", "embed"):
            found.append(f"<{tag}>")
    found += [f"<script>{s[:40]!r}" for s in parsed.scripts if "alert(" in s]
    return found
