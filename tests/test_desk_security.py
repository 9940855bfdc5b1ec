"""The desk's locks, each proved by a request that is refused and leaves the repository as it was.

The requests go to a real `registri desk` process over HTTP, as any program on the machine (or a
web page using DNS rebinding) could send them. The request that is refused would otherwise make
a commit: the control at the end sends it with every key in place and sees HEAD move.
"""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import git
from desk_support import NURUL, clone, head, isolated_env, office, raw_request, refs, session_cookie, start_desk
from test_desk_browser import RECORD_FIELDS

NEW_RECORD = {**RECORD_FIELDS, "sumber.jenis": "disposisi", "penetapan.tempat": "Banjarbaru",
              "penetapan.pejabat": "PPID BPMP Provinsi Kalimantan Selatan", "uji_konsekuensi.waktu": "sebelum_permohonan"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("aman")
    _, remote = office(tmp)
    repo = clone(remote, tmp / "nurul", NURUL)
    process = start_desk(repo, isolated_env(tmp / "home"))
    cookie = session_cookie(process)
    assert cookie.startswith("registri_desk=")
    _, page = raw_request(process, "GET", "/baru", {"Host": f"127.0.0.1:{process.port}", "Cookie": cookie})
    csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    yield repo, process, cookie, csrf
    process.stop()


def _headers(desk, cookie: str | None, csrf: str | None, origin: str | None = "same", host: str | None = None) -> dict:
    headers = {"Host": host or f"127.0.0.1:{desk.port}", "Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    if csrf:
        headers["X-CSRF-Token"] = csrf
    if origin == "same":
        headers["Origin"] = f"http://127.0.0.1:{desk.port}"
    elif origin:
        headers["Origin"] = origin
    return headers


def _unchanged(repo: Path, before: tuple[str, str]) -> None:
    assert (head(repo), refs(repo)) == before
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout.strip() == ""


def _state(repo: Path) -> tuple[str, str]:
    return head(repo), refs(repo)


BODY = urlencode(NEW_RECORD).encode()


@pytest.mark.parametrize("case, expected", [
    ("foreign host", "Alamat tidak dikenal"),
    ("rebinding name", "Alamat tidak dikenal"),
    ("no session", "Sesi belum dibuka"),
    ("wrong session", "Sesi belum dibuka"),
    ("no csrf", "CSRF"),
    ("wrong csrf", "CSRF"),
    ("foreign origin", "halaman selain desk"),
    ("null origin", "halaman selain desk"),
])
def test_a_refused_request_changes_nothing(desk, case, expected):
    repo, process, cookie, csrf = desk
    headers = {
        "foreign host": _headers(process, cookie, csrf, host="evil.example"),
        "rebinding name": _headers(process, cookie, csrf, host=f"rebind.evil.example:{process.port}"),
        "no session": _headers(process, None, csrf),
        "wrong session": _headers(process, "registri_desk=" + "0" * 64, csrf),
        "no csrf": _headers(process, cookie, None),
        "wrong csrf": _headers(process, cookie, "f" * 64),
        "foreign origin": _headers(process, cookie, csrf, origin="http://evil.example"),
        "null origin": _headers(process, cookie, csrf, origin="null"),
    }[case]
    before = _state(repo)
    status, page = raw_request(process, "POST", "/baru", headers, BODY)
    assert status in (400, 403), (status, page[:300])
    assert expected in page
    assert "Traceback" not in page
    _unchanged(repo, before)


def test_a_wrong_launch_token_opens_nothing(desk):
    repo, process, _, _ = desk
    status, page = raw_request(process, "GET", "/?token=salah", {"Host": f"127.0.0.1:{process.port}"})
    assert status == 403 and "kunci yang salah" in page
    status, page = raw_request(process, "GET", "/", {"Host": f"127.0.0.1:{process.port}"})
    assert status == 403 and "Sesi belum dibuka" in page


def test_a_100_mb_upload_is_refused_by_size(desk):
    repo, process, cookie, csrf = desk
    before = _state(repo)
    boundary = "batas"
    big = b"judul;uraian\n" + b"x" * (100 * 1024 * 1024)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"besar.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + big + f"\r\n--{boundary}--\r\n".encode()
    headers = _headers(process, cookie, csrf)
    headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    status, page = raw_request(process, "POST", "/impor", headers, body)
    assert status == 413 and "terlalu besar" in page
    _unchanged(repo, before)


@pytest.mark.parametrize("name", ["daftar.csv", "daftar.xlsx"])
def test_a_binary_file_as_import_list_is_refused(desk, name):
    repo, process, cookie, csrf = desk
    before = _state(repo)
    boundary = "batas"
    blob = bytes(range(256)) * 64
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + blob + f"\r\n--{boundary}--\r\n".encode()
    headers = _headers(process, cookie, csrf)
    headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    status, page = raw_request(process, "POST", "/impor", headers, body)
    assert status == 422 and "Tidak ada catatan yang dibuat" in page      # the importer's own words
    assert "IMP001" in page and "Traceback" not in page
    if name.endswith(".csv"):
        assert "bukan UTF-8" in page
    _unchanged(repo, before)


@pytest.mark.parametrize("path", ["/catatan/DIK-2026-999/2", "/catatan/DIK-9999-001/koreksi",
                                  "/catatan/../../etc/passwd/2", "/catatan/DIK-2026-001/7"])
def test_an_unknown_record_or_step_is_refused(desk, path):
    repo, process, cookie, csrf = desk
    before = _state(repo)
    status, page = raw_request(process, "POST", path, _headers(process, cookie, csrf), b"klasifikasi.keamanan=biasa")
    assert status == 404, (status, page[:300])
    assert "Traceback" not in page and ("tidak ada" in page or "bukan" in page)
    _unchanged(repo, before)


def test_the_desk_listens_on_loopback_only(desk):
    _, process, _, _ = desk
    with socket.socket() as probe:
        probe.settimeout(2)
        assert probe.connect_ex(("127.0.0.2", process.port)) != 0     # another loopback address: nobody there
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", process.port)) == 0


def test_pages_forbid_framing_and_foreign_scripts(desk):
    _, process, cookie, _ = desk
    status, page = raw_request(process, "GET", "/", {"Host": f"127.0.0.1:{process.port}", "Cookie": cookie})
    assert status == 200
    conn_headers = _response_headers(process, cookie)
    assert "frame-ancestors 'none'" in conn_headers["Content-Security-Policy"]
    assert "script-src 'self'" in conn_headers["Content-Security-Policy"]
    assert conn_headers["X-Frame-Options"] == "DENY"


def _response_headers(process, cookie: str) -> dict:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", process.port, timeout=30)
    try:
        conn.request("GET", "/", headers={"Host": f"127.0.0.1:{process.port}", "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        return dict(response.getheaders())
    finally:
        conn.close()


def test_control_with_every_key_the_same_request_commits(desk):
    """Proves the refusals above were the locks, not a broken request."""
    repo, process, cookie, csrf = desk
    before = head(repo)
    status, page = raw_request(process, "POST", "/baru", _headers(process, cookie, csrf), BODY)
    assert status == 200, page[:2000]
    assert "Langkah 1 untuk" in page
    assert head(repo) != before
    git(repo, "switch", "-q", "main")
