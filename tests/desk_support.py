"""Support for the desk tests: an office (a bare remote and staff clones), real desk processes,
and Debian's Chromium through Playwright."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from conftest import PROJECT, TODAY, git

NURUL = ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example")        # PPID
SITI = ("Siti Aminah", "siti.aminah@bpmp-kalsel.example")                       # Pengadministrasi Umum
HENDRA = ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example")     # Atasan PPID
# The guide's pictures are made by the browser tests. A normal run writes them to tests/artifacts/
# (kept out of Git) so running the suite never changes tracked files; with
# REGISTRI_UPDATE_GUIDE_PICTURES=1 the same shots replace the guide's own pictures.
GUIDE_PICTURES = (PROJECT / "docs" / "panduan" / "gambar" if os.environ.get("REGISTRI_UPDATE_GUIDE_PICTURES") == "1"
                  else PROJECT / "tests" / "artifacts" / "panduan")
VIEWPORT = {"width": 1366, "height": 768}


def office(tmp: Path) -> tuple[Path, Path]:
    """The demo register (an audit-clean SOP history) pushed to a bare remote."""
    from registri import demo

    seed = demo.build_demo(tmp / "kantor-awal", seed=1, today=dt.date.fromisoformat(TODAY))
    remote = tmp / "server.git"
    git(tmp, "clone", "-q", "--bare", str(seed), str(remote))
    return seed, remote


def clone(remote: Path, dest: Path, who: tuple[str, str] | None) -> Path:
    git(remote.parent, "clone", "-q", str(remote), str(dest))
    git(dest, "config", "commit.gpgsign", "false")
    if who:
        git(dest, "config", "user.name", who[0])
        git(dest, "config", "user.email", who[1])
    return dest


def isolated_env(home: Path) -> dict:
    """No global or system Git identity leaks into the desk (who-am-I must come from the repo)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".gitconfig").write_text("[commit]\n\tgpgsign = false\n", encoding="utf-8")
    return {**os.environ, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
            "PYTHONPATH": str(PROJECT / "tooling")}


@dataclass
class DeskProcess:
    proc: subprocess.Popen
    url: str                       # the launch address with its token
    started_in: float              # seconds until the address was printed

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def port(self) -> int:
        return int(urlsplit(self.url).port)

    @property
    def token(self) -> str:
        return self.url.split("token=", 1)[1]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start_desk(repo: Path, env: dict, *extra: str) -> DeskProcess:
    """`python -m registri desk --no-browser --port 0` in `repo`; waits for the printed address."""
    began = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "registri", "desk", "--no-browser", "--port", "0", *extra],
                            cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if "http://127.0.0.1:" not in line:
        proc.kill()
        raise AssertionError(f"desk did not start: {line}{proc.stderr.read()}")
    url = line.strip().rsplit(" ", 1)[-1]
    return DeskProcess(proc, url, time.monotonic() - began)


def raw_request(desk: DeskProcess, method: str, path: str, headers: dict | None = None,
                body: bytes | None = None) -> tuple[int, str]:
    """One HTTP request to the desk as any program could send it (no browser rules)."""
    conn = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    finally:
        conn.close()


def session_cookie(desk: DeskProcess) -> str:
    """The cookie the launch address sets (what the browser keeps)."""
    conn = http.client.HTTPConnection("127.0.0.1", desk.port, timeout=30)
    try:
        conn.request("GET", f"/?token={desk.token}", headers={"Host": f"127.0.0.1:{desk.port}"})
        response = conn.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie") or ""
        return cookie.split(";", 1)[0]
    finally:
        conn.close()


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def refs(repo: Path) -> str:
    """Every branch and its commit: a refused request must leave all of them as they were."""
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname)").stdout
