"""The site builds unchanged under ProperDocs, the maintained MkDocs 1.x fork: same mkdocs.yml,
same plugin, same pages. If this fails, the plan for the site generator (README, "The site
generator") no longer holds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, copy_register
from test_site_support import with_site_files

pytestmark = pytest.mark.slow


def properdocs() -> list[str] | None:
    exe = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    return [exe] if exe else None


def test_the_site_builds_unchanged_under_properdocs(tmp_path):
    command = properdocs()
    assert command, "properdocs is not installed: pip install -e '.[test]' (pyproject.toml, extra test)"
    root = with_site_files(copy_register(tmp_path / "register"))
    out = tmp_path / "site"
    env = {**os.environ, "REGISTRI_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([*command, "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(out)],
                          cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    records = sorted(p.stem for p in (root / "records").rglob("*.yaml"))
    for record_id in records:
        html = (out / "catatan" / record_id / "index.html").read_text(encoding="utf-8")
        assert f'<span class="rg-id">{record_id}</span>' in html and "Jejak audit" in html
    for url in ("", "daftar/", "pasal/17h/", "status/dilaporkan/", "kalender/", "aktivitas/", "laporan/",
                "publik/", "sop/", "aturan/", "panduan/", "cari/"):
        assert (out / url / "index.html").is_file(), url
    register = (out / "daftar" / "index.html").read_text(encoding="utf-8")
    assert f"{len(records)} dari {len(records)} catatan" in register
    assert list((out / "pagefind").glob("*/pagefind-entry.json")), "no search index"
