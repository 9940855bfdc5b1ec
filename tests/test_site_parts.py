"""Parts of the site on their own (links, charts, escaping, the SOP diagram), and `mkdocs` itself
(`mkdocs build --strict`, `mkdocs serve` rebuilding when a record changes) on a one-record register."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register
from test_site_support import with_site_files

from registri.config import load_office
from registri.site import charts, sopdiagram
from registri.site.render import render
from registri.site.urls import Linker
from registri.sop import load_sop


# Links ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("directory_urls, src, target, expected", [
    (True, "index.md", "index.md", "./"),
    (True, "index.md", "daftar/index.md", "daftar/"),
    (True, "daftar/index.md", "catatan/DIK-2026-003.md", "../catatan/DIK-2026-003/"),
    (True, "catatan/DIK-2026-003.md", "index.md", "../../"),
    (True, "catatan/DIK-2026-003.md", "catatan/DIK-2026-004.md", "../../catatan/DIK-2026-004/"),
    (True, "sop.md", "assets/registri/registri.css", "../assets/registri/registri.css"),
    (False, "catatan/DIK-2026-003.md", "daftar/index.md", "../daftar/index.html"),
    (False, "index.md", "catatan/DIK-2026-003.md", "catatan/DIK-2026-003.html"),
])
def test_links_are_relative_like_mkdocs_makes_them(directory_urls, src, target, expected):
    assert Linker(src, directory_urls)(target) == expected


def test_link_with_anchor():
    assert Linker("index.md")("kalender/index.md", "sudah-lewat") == "kalender/#sudah-lewat"


# Charts ----------------------------------------------------------------------------------------------

def test_charts_are_deterministic_inline_svg_without_dates():
    first = charts.horizontal_bars(["Divalidasi", "Dibuka"], [3, 12], ["#90a4ae", "#bdbdbd"], "Per status", "c1")
    again = charts.horizontal_bars(["Divalidasi", "Dibuka"], [3, 12], ["#90a4ae", "#bdbdbd"], "Per status", "c1")
    assert first == again
    assert first.startswith('<svg role="img" aria-label="Per status"')
    assert "<?xml" not in first and "DOCTYPE" not in first and "dc:date" not in first and "<style" not in first
    assert "\n" not in first                       # one line: safe inside a Markdown raw HTML block
    assert ">12<" in first and ">Divalidasi<" in first
    other = charts.horizontal_bars(["Divalidasi", "Dibuka"], [3, 12], ["#90a4ae", "#bdbdbd"], "Per status", "c2")
    ids = set(re.findall(r'id="([^"]+)"', first)) & set(re.findall(r'id="([^"]+)"', other))
    assert ids == set()                            # two charts on one page never share an id


def test_stacked_columns_show_every_month_label():
    labels = ["Nov 26", "Des 26", "Jan 27"]
    svg = charts.stacked_columns(labels, [charts.Series("Berakhir", (0, 1, 0), "#e53935"),
                                          charts.Series("Tinjau ulang", (2, 0, 1), "#fb8c00")], "Per bulan", "m")
    assert all(f">{label}<" in svg for label in labels) and ">Tinjau ulang<" in svg


# Escaping ----------------------------------------------------------------------------------------------

def test_templates_escape_values_and_drop_control_characters():
    out = render("_macros.j2")   # the macro file renders to nothing by itself: environment works
    assert out.strip() == ""
    from registri.site.render import environment
    template = environment().from_string("<p>{{ value }}</p>")
    assert template.render(value="<script>x</script>\x02wzxhzdk:0\x03") == (
        "<p>&lt;script&gt;x&lt;/script&gt;\ufffdwzxhzdk:0\ufffd</p>")


# The SOP diagram ---------------------------------------------------------------------------------------

def test_sop_diagram_puts_each_step_in_its_actor_lane_without_overlap():
    sop, office = load_sop(PROJECT), load_office(PROJECT)
    diagram = sopdiagram.layout(sop, office)
    assert [lane.title for lane in diagram.lanes] == ["PPID", "Pengadministrasi Umum", "Atasan PPID"]
    lanes = {lane.title: lane for lane in diagram.lanes}
    for box, step in zip(diagram.boxes, sop.steps):
        lane = lanes[sop.role_names[step.roles[0]]]
        assert lane.x <= box.x and box.x + diagram.box_width <= lane.x + diagram.lane_width
        assert box.time == f"{step.minutes} menit"
    for above, below in zip(diagram.boxes, diagram.boxes[1:]):
        assert above.y + above.height < below.y
    assert len(diagram.arrows) == len(diagram.boxes) + 1
    assert "Siti Aminah" in lanes["Pengadministrasi Umum"].people
    assert diagram.end.y + 30 <= diagram.height


# mkdocs itself -----------------------------------------------------------------------------------------

def _one_record_register(folder: Path) -> Path:
    root = with_site_files(copy_register(folder, with_records=False))
    (root / "records" / "2026").mkdir(parents=True)
    shutil.copy2(PROJECT / "records" / "2026" / "DIK-2026-003.yaml", root / "records" / "2026" / "DIK-2026-003.yaml")
    return root


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(PROJECT / "tooling"), "REGISTRI_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.slow
def test_plain_mkdocs_build_strict_works_in_an_office_repository(tmp_path):
    root = _one_record_register(tmp_path / "register")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=_env(),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert "Hasil asesmen kompetensi individu" in (root / "site" / "catatan" / "DIK-2026-003" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_mkdocs_serve_rebuilds_when_a_record_changes(tmp_path):
    root = _one_record_register(tmp_path / "register")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, env=_env(), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/catatan/DIK-2026-003/"
    try:
        first = _wait_for(lambda: _fetch(url), 240, "the first build")
        assert "Hasil asesmen kompetensi individu" in first
        record = root / "records" / "2026" / "DIK-2026-003.yaml"
        time.sleep(1)      # let the watcher settle after the first build
        record.write_text(record.read_text(encoding="utf-8").replace(
            "judul: Hasil asesmen kompetensi individu", "judul: Judul baru hasil asesmen kompetensi individu"),
            encoding="utf-8")
        _wait_for(lambda: "Judul baru hasil asesmen" in (_fetch(url) or ""), 240, "the rebuild after the change")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
