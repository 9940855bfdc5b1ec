"""`registri desk` as a command: where it refuses to start, and how it starts."""

from __future__ import annotations

import socket
from pathlib import Path

from conftest import copy_register, registri
from desk_support import NURUL, clone, isolated_env, office, raw_request, start_desk


def test_outside_a_git_repository_it_says_so_in_indonesian(tmp_path: Path):
    folder = copy_register(tmp_path / "bukan-git")
    result = registri(folder, "desk", "--no-browser", "--port", "0")
    assert result.returncode == 2
    assert "bukan repositori Git" in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_or_out_of_range_is_explained(tmp_path: Path):
    _, remote = office(tmp_path)
    repo = clone(remote, tmp_path / "nurul", NURUL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        busy = registri(repo, "desk", "--no-browser", "--port", str(port))
    assert busy.returncode == 2 and "sedang dipakai" in busy.stderr and "--port 0" in busy.stderr
    wrong = registri(repo, "desk", "--no-browser", "--port", "70000")
    assert wrong.returncode == 2 and "bukan nomor port" in wrong.stderr


def test_python_m_registri_desk_prints_its_address_and_serves(tmp_path: Path):
    _, remote = office(tmp_path)
    repo = clone(remote, tmp_path / "nurul", NURUL)
    desk = start_desk(repo, isolated_env(tmp_path / "home"))
    try:
        assert desk.url.startswith("http://127.0.0.1:") and "?token=" in desk.url and len(desk.token) >= 32
        assert desk.started_in < 3, desk.started_in
        status, page = raw_request(desk, "GET", f"/?token={desk.token}", {"Host": f"127.0.0.1:{desk.port}"})
        assert status == 303
    finally:
        desk.stop()
    help_text = registri(repo, "desk", "--help")
    assert help_text.returncode == 0 and "jangan membuka peramban" in help_text.stdout


def test_the_guide_has_a_desk_chapter_with_the_tests_screenshots(tmp_path_factory):
    """docs/panduan/desk.md is in the site (mkdocs --strict) and every picture it shows exists."""
    import re

    from conftest import PROJECT
    from test_site_support import built, shared_folder

    chapter = (PROJECT / "docs/panduan/desk.md").read_text(encoding="utf-8")
    pictures = re.findall(r"\]\((gambar/[^)]+\.png)\)", chapter)
    assert len(pictures) >= 8
    for picture in pictures:
        assert (PROJECT / "docs/panduan" / picture).is_file(), picture
    assert "panduan/desk.md" in (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    _, site, _ = built("sample", shared_folder(tmp_path_factory))
    page = (site / "panduan/desk/index.html").read_text(encoding="utf-8")
    assert "Desk: semua langkah POS lewat peramban" in page
    for picture in pictures:
        assert (site / "panduan" / picture).is_file(), picture
