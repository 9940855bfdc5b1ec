"""The desk's forms and actions in process (Flask's test client) on real Git repositories.

The forms come from the schema; a save is the commit `registri step` makes; the named changes
carry their trailers; Sinkronkan and Kirim never overwrite anything; GitHub is reached through
`gh` (a stand-in script here, the only mock) or the compare page.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import git, registri
from desk_support import NURUL, SITI, clone, head, office, refs
from registri.desk import forms, github
from registri.desk.app import create_app
from registri.desk.security import Guard
from registri.sop import load_sop

PORT = 5000
STEP2 = {
    "klasifikasi.pasal": "17h.3", "klasifikasi.dasar_hukum[0].jenis": "UU", "klasifikasi.dasar_hukum[0].nomor": "14",
    "klasifikasi.dasar_hukum[0].tahun": "2008", "klasifikasi.dasar_hukum[0].tentang": "Keterbukaan Informasi Publik",
    "klasifikasi.jangka_waktu.jenis": "durasi_tetap", "klasifikasi.jangka_waktu.mulai": "2026-01-10",
    "klasifikasi.jangka_waktu.tahun": "5", "klasifikasi.tinjau_ulang": "2026-12-20", "klasifikasi.keamanan": "rahasia",
}


class Client:
    """The desk app as a browser on 127.0.0.1 would talk to it (session opened, CSRF sent)."""

    def __init__(self, repo: Path) -> None:
        self.guard = Guard(port=PORT)
        self.app = create_app(repo, self.guard, "2026-11-26")
        self.http = self.app.test_client()
        self.headers = {"Host": f"127.0.0.1:{PORT}", "Origin": f"http://127.0.0.1:{PORT}", "X-CSRF-Token": self.guard.csrf}
        assert self.http.get(f"/?token={self.guard.token}", headers=self.headers).status_code == 303

    def get(self, path: str):
        return self.http.get(path, headers=self.headers)

    def post(self, path: str, data: dict | None = None):
        return self.http.post(path, headers=self.headers, data=data or {})


@pytest.fixture
def team(tmp_path: Path):
    _, remote = office(tmp_path)
    return remote, clone(remote, tmp_path / "nurul", NURUL), clone(remote, tmp_path / "siti", SITI)


def waiting_record(page: str, step: int) -> tuple[str, str]:
    found = re.search(rf'/catatan/(DIK-[0-9]{{4}}-[0-9]+)/{step}\?cabang=([^"&]+)', page)
    assert found, page[:3000]
    return found.group(1), found.group(2).replace("%2F", "/")


# Forms from the schema ---------------------------------------------------------------------------
def test_each_form_shows_only_its_steps_fields_typed_by_the_schema():
    sop = load_sop(Path(__file__).resolve().parents[1])
    step2 = forms.form_for("2", sop)
    assert all(f.key.startswith("klasifikasi") for f in step2.fields)
    by_key = {f.key: f for f in step2.fields}
    assert by_key["klasifikasi.keamanan"].widget == "select"
    assert ("sangat_rahasia", "sangat rahasia") in by_key["klasifikasi.keamanan"].choices
    assert by_key["klasifikasi.tinjau_ulang"].widget == "date"
    assert by_key["klasifikasi.jangka_waktu.berakhir"].computed
    assert ("17h.3", "17h.3 — Mengungkap rahasia pribadi, angka 3") in by_key["klasifikasi.pasal"].choices
    assert not any(c[0] == "17k" for c in by_key["klasifikasi.pasal"].choices)
    step3 = forms.form_for("3", sop)
    assert {f.widget for f in step3.fields if f.key.endswith("sha256")} == {"sha256"}
    assert [f.key for f in forms.form_for("4", sop).fields] == ["laporan"]
    assert {f.key for f in forms.form_for("pembukaan", sop).fields} >= {"dibuka.tanggal", "dibuka.alasan", "dibuka.dasar"}
    assert [f.key for f in forms.form_for("peninjauan", sop).fields][:3] == [
        "peninjauan[new].tanggal", "peninjauan[new].nomor", "peninjauan[new].hasil"]
    step1 = forms.form_for("1", sop)
    assert "status" not in {f.key for f in step1.fields} and "uji_konsekuensi.jika_dibuka" in {f.key for f in step1.fields}


# The commit is the CLI's commit -----------------------------------------------------------------
def test_saving_a_step_makes_exactly_the_commit_registri_step_makes(team):
    remote, nurul, siti = team
    desk = Client(nurul)
    record, branch = waiting_record(desk.get("/").get_data(as_text=True), 2)
    page = desk.post(f"/catatan/{record}/2?cabang={branch}", STEP2)
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:3000]
    assert f"Langkah 2 untuk {record}" in text
    assert "git push" not in text and 'data-testid="kirim"' in text     # a Kirim button, not a Git command
    desk_commit = head(nurul)
    path = git(nurul, "show", "--name-only", "--format=", desk_commit).stdout.strip()

    # The same change through the CLI in a second clone, with the file the desk wrote
    twin = clone(remote, nurul.parent / "kembar", NURUL)
    if branch != "main":
        git(twin, "switch", "-q", branch.removeprefix("origin/"))
    (twin / path).write_bytes((nurul / path).read_bytes())
    cli = registri(twin, "step", "2", record, "--today", "2026-11-26")
    assert cli.returncode == 0, cli.stdout + cli.stderr
    for fmt in ("%B", "%an <%ae>", "%T"):
        assert git(nurul, "log", "-1", f"--format={fmt}").stdout == git(twin, "log", "-1", f"--format={fmt}").stdout, fmt
    assert git(nurul, "rev-parse", "--abbrev-ref", "HEAD").stdout == git(twin, "rev-parse", "--abbrev-ref", "HEAD").stdout


def test_a_review_and_an_opening_carry_their_change_trailers(team):
    _, nurul, _ = team
    desk = Client(nurul)
    record = "DIK-2025-004"         # reported, on main, with a fixed term
    form = desk.get(f"/catatan/{record}/peninjauan").get_data(as_text=True)
    assert "Entri peninjauan baru" in form
    missing = desk.post(f"/catatan/{record}/peninjauan?cabang=main", {"klasifikasi.tinjau_ulang": "2027-12-01"})
    assert missing.status_code == 422 and "STP001" in missing.get_data(as_text=True)
    before = head(nurul)
    assert git(nurul, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip() == "main" and before == head(nurul)
    data = {"peninjauan[new].tanggal": "2026-11-25", "peninjauan[new].nomor": "BA-UK/30/2026",
            "peninjauan[new].hasil": "Pengecualian dipertahankan; pemeriksaan perkara belum selesai.",
            "klasifikasi.jangka_waktu.jenis": "durasi_tetap", "klasifikasi.jangka_waktu.mulai": "2025-06-16",
            "klasifikasi.jangka_waktu.tahun": "30", "klasifikasi.tinjau_ulang": "2027-11-25"}
    saved = desk.post(f"/catatan/{record}/peninjauan?cabang=main", data)
    assert saved.status_code == 200, saved.get_data(as_text=True)[:3000]
    message = git(nurul, "log", "-1", "--format=%B").stdout
    assert "Perubahan: peninjauan" in message and "Pelaksana: PPID" in message
    text = (nurul / "records/2025/DIK-2025-004.yaml").read_text(encoding="utf-8")
    assert "BA-UK/30/2026" in text and "BA-UK/11/2026" in text           # the earlier entry stays
    assert "# yaml-language-server" in text.splitlines()[0]               # the rest of the file too
    branch = git(nurul, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    assert branch == f"dik/peninjauan-{record}"

    opened = desk.post(f"/catatan/DIK-2025-005/pembukaan?cabang=main", {
        "dibuka.tanggal": "2026-11-25", "dibuka.alasan": "keputusan_pimpinan",
        "dibuka.dasar": "Keputusan PPID nomor 40/B12/HK.03.01/2026 tentang pembukaan informasi"})
    body = opened.get_data(as_text=True)
    assert opened.status_code == 200, body[:3000]
    assert "Perubahan: pembukaan" in git(nurul, "log", "-1", "--format=%B").stdout
    assert "status: dibuka" in (nurul / "records/2025/DIK-2025-005.yaml").read_text(encoding="utf-8")
    assert git(nurul, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip() == "dik/pembukaan-DIK-2025-005"


def test_an_unknown_identity_is_chosen_from_the_staff_list_for_this_repository_only(team, tmp_path):
    _, _, siti = team
    git(siti, "config", "--unset", "user.email")
    desk = Client(siti)
    page = desk.get("/").get_data(as_text=True)
    assert "Siapa Anda?" in page and "Siti Aminah" in page
    assert desk.post("/siapa", {"pegawai": "tidak-ada"}).status_code == 409
    assert git(siti, "config", "--local", "--get", "user.email", check=False).stdout.strip() == ""
    assert desk.post("/siapa", {"pegawai": "siti"}).status_code == 303
    assert git(siti, "config", "--local", "user.email").stdout.strip() == SITI[1]
    assert "Siti Aminah" in desk.get("/").get_data(as_text=True)


# Hand-off: nothing is ever overwritten ---------------------------------------------------------------
def test_a_sync_that_cannot_fast_forward_stops_explains_and_keeps_both(team):
    remote, nurul, siti = team
    a, b = Client(nurul), Client(siti)
    record, branch = waiting_record(a.get("/").get_data(as_text=True), 2)
    assert a.post(f"/catatan/{record}/2?cabang={branch}", STEP2).status_code == 200
    work = git(nurul, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip()
    assert a.post("/kirim", {"cabang": work}).status_code == 200
    # Siti's clone gets the branch, then both sides change it differently
    assert b.post("/sinkronkan").status_code == 200
    git(siti, "switch", "-q", work)
    git(nurul, "commit", "-q", "--allow-empty", "-m", "catatan di komputer Nurul")
    assert a.post("/kirim", {"cabang": work}).status_code == 200
    git(siti, "commit", "-q", "--allow-empty", "-m", "catatan di komputer Siti")
    mine = head(siti)
    page = b.post("/sinkronkan").get_data(as_text=True)
    assert "sama-sama punya perubahan" in page and "Tidak ada yang diubah" in page
    assert head(siti) == mine                                           # nothing reset, nothing dropped
    sent = b.post("/kirim", {"cabang": work})
    text = sent.get_data(as_text=True)
    assert sent.status_code == 409 and "Server menolak" in text and "Tidak ada yang ditimpa" in text
    assert git(remote, "rev-parse", f"refs/heads/{work}").stdout.strip() == head(nurul)


def test_sending_an_unknown_branch_is_refused(team):
    _, nurul, _ = team
    before = refs(nurul)
    page = Client(nurul).post("/kirim", {"cabang": "--force"})
    assert page.status_code == 404 and "tidak ada" in page.get_data(as_text=True)
    assert refs(nurul) == before


# GitHub (the one mock: a stand-in for the gh command) ------------------------------------------------
def test_github_compare_page_carries_title_and_body():
    assert github.github_repo("git@github.com:bpmp-kalsel/register-dik.git") == ("bpmp-kalsel", "register-dik")
    assert github.github_repo("https://github.com/bpmp-kalsel/register-dik") == ("bpmp-kalsel", "register-dik")
    assert github.github_repo("/srv/git/kantor.git") is None
    url = github.compare_url("bpmp-kalsel", "register-dik", "main", "dik/DIK-2026-010", "Laporan: DIK-2026-010",
                             "| Catatan | Judul |\n|---|---|")
    parts = urlsplit(url)
    assert parts.path == "/bpmp-kalsel/register-dik/compare/main...dik/DIK-2026-010"
    query = parse_qs(parts.query)
    assert query["title"] == ["Laporan: DIK-2026-010"] and query["body"][0].startswith("| Catatan")


def test_gh_makes_the_pull_request_when_logged_in_else_the_compare_page(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.txt"
    gh = bin_dir / "gh"
    gh.write_text(f"#!/bin/sh\necho \"$@\" >> {calls}\n"
                  "if [ \"$1\" = auth ]; then exit ${GH_AUTH_EXIT:-0}; fi\n"
                  "echo https://github.com/bpmp-kalsel/register-dik/pull/7\n", encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    made = github.open_pull_request(tmp_path, "git@github.com:bpmp-kalsel/register-dik.git", "main", "dik/x",
                                    "Judul", "Isi")
    assert made.made and made.url == "https://github.com/bpmp-kalsel/register-dik/pull/7"
    assert "pr create --base main --head dik/x --title Judul --body Isi" in calls.read_text()
    monkeypatch.setenv("GH_AUTH_EXIT", "1")                       # installed, not logged in
    fallback = github.open_pull_request(tmp_path, "git@github.com:bpmp-kalsel/register-dik.git", "main", "dik/x",
                                        "Judul", "Isi")
    assert not fallback.made and fallback.url.startswith("https://github.com/bpmp-kalsel/register-dik/compare/")


# The real hooks see the desk's commits --------------------------------------------------------------
def test_a_desk_save_passes_through_the_installed_hooks(tmp_path, monkeypatch):
    """A staff clone with the pre-commit and commit-msg hooks installed: the desk's commit is
    held to them like a typed one (and they pass, because it is the CLI's commit)."""
    import shutil

    from conftest import PROJECT, TODAY, copy_register, init_repo
    from test_precommit import pre_commit

    monkeypatch.setenv("REGISTRI_TODAY", TODAY)
    repo = init_repo(copy_register(tmp_path / "repo"))
    shutil.copytree(PROJECT / "tooling", repo / "tooling", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "bench"))
    installed = pre_commit(repo, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (repo / ".git/hooks/commit-msg").is_file()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "Register awal")
    desk = Client(repo)
    record, branch = waiting_record(desk.get("/").get_data(as_text=True), 2)
    data = {**STEP2, "klasifikasi.jangka_waktu.mulai": "2026-01-10", "klasifikasi.tinjau_ulang": "2026-12-20"}
    page = desk.post(f"/catatan/{record}/2?cabang={branch}", data)
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:3000]
    assert "Langkah-POS: 2" in git(repo, "log", "-1", "--format=%B").stdout
    assert git(repo, "status", "--porcelain", "--untracked-files=no").stdout.strip() == ""


def test_an_unreachable_server_is_explained_and_nothing_changes(team):
    remote, nurul, _ = team
    git(nurul, "remote", "set-url", "origin", str(remote.parent / "tidak-ada.git"))
    before = refs(nurul)
    page = Client(nurul).post("/sinkronkan")
    text = page.get_data(as_text=True)
    assert page.status_code == 409 and "tidak dapat dihubungi" in text
    assert "fatal" not in text and "Traceback" not in text                  # no raw Git message
    assert refs(nurul) == before


def test_an_import_previews_then_makes_one_step_1_commit(team):
    import io

    _, nurul, _ = team
    desk = Client(nurul)
    sample = Path(__file__).resolve().parents[1] / "tooling/registri/data/contoh-impor.csv"
    rows = len([line for line in sample.read_text("utf-8-sig").splitlines()[1:] if line.strip()])
    before = head(nurul)
    preview = desk.http.post("/impor", headers=desk.headers, content_type="multipart/form-data",
                             data={"berkas": (io.BytesIO(sample.read_bytes()), "contoh-impor.csv")})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[:3000]
    assert head(nurul) == before and git(nurul, "status", "--porcelain", "--untracked-files=all").stdout == ""
    upload = re.search(r'name="unggahan" value="([^"]+)"', page).group(1)
    done = desk.post("/impor/simpan", {"unggahan": upload})
    assert done.status_code == 200, done.get_data(as_text=True)[:3000]
    message = git(nurul, "log", "-1", "--format=%B").stdout
    assert "Langkah-POS: 1" in message and "Pelaksana: PPID" in message
    added = git(nurul, "show", "--name-status", "--format=", "HEAD").stdout.split("\n")
    assert len([line for line in added if line.startswith("A\trecords/")]) == rows
    again = desk.post("/impor/simpan", {"unggahan": upload})          # a preview is used once
    assert again.status_code == 409 and "tidak berlaku" in again.get_data(as_text=True)


def test_record_text_is_escaped_wherever_the_desk_shows_it(team):
    from test_site_support import XSS_TITLE

    _, nurul, _ = team
    desk = Client(nurul)
    record, branch = waiting_record(desk.get("/").get_data(as_text=True), 2)
    git(nurul, "switch", "-q", "-c", "dik/judul-berbahaya", branch)
    path = git(nurul, "ls-files", f"*{record}.yaml").stdout.strip()
    file = nurul / path
    text = file.read_text(encoding="utf-8")
    title = re.search(r"(?m)^judul: .*$", text).group(0)
    file.write_text(text.replace(title, f"judul: {json_quote(XSS_TITLE)}"), encoding="utf-8")
    git(nurul, "commit", "-q", "--no-verify", "-am", "judul berbahaya")
    git(nurul, "switch", "-q", "main")
    pages = [desk.get("/").get_data(as_text=True),
             desk.get(f"/catatan/{record}?cabang=dik/judul-berbahaya").get_data(as_text=True),
             desk.get(f"/catatan/{record}/koreksi?cabang=dik/judul-berbahaya").get_data(as_text=True)]
    for page in pages:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page


def json_quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def test_a_hand_edit_not_yet_committed_is_never_overwritten(team):
    _, nurul, _ = team
    desk = Client(nurul)
    record = "DIK-2025-004"
    file = nurul / "records/2025/DIK-2025-004.yaml"
    edited = file.read_text(encoding="utf-8") + "# catatan tangan yang belum di-commit\n"
    file.write_text(edited, encoding="utf-8")
    before = refs(nurul)
    page = desk.post(f"/catatan/{record}/koreksi?cabang=main", {"judul": "Judul yang dikoreksi lewat desk sekali lagi"})
    assert page.status_code == 409 and "Desk tidak menimpanya" in page.get_data(as_text=True)
    assert file.read_text(encoding="utf-8") == edited and refs(nurul) == before


def test_a_correction_keeps_what_the_form_does_not_show():
    """Legal bases beyond the form's rows, review entries and comments stay as written."""
    from registri.desk import drafts

    sop = load_sop(Path(__file__).resolve().parents[1])
    form = forms.form_for("koreksi", sop, "dilaporkan")
    text = (Path(__file__).resolve().parents[1] / "records/2025/DIK-2025-004.yaml").read_text(encoding="utf-8")
    data = drafts.record_data(text)
    extra = dict(data["klasifikasi"]["dasar_hukum"][0], nomor=99)
    data["klasifikasi"]["dasar_hukum"].append(extra)                      # a fourth legal basis
    values = {}
    for field in form.fields:
        shown = drafts.shown_value(field, data)
        values[field.key] = shown
    values["judul"] = "Identitas pelapor dugaan pungutan liar pada penyaluran bantuan operasional sekolah"
    flat = {k: v for k, v in values.items() if not isinstance(v, (list, bool))}
    multi = {k: v for k, v in values.items() if isinstance(v, list)}

    class Values(drafts.FormValues):
        def getlist(self, key):
            return multi.get(key, [])

    new = drafts.apply(form, Values({**flat, **{k: "on" for k, v in values.items() if v is True}}), data)
    assert len(new["klasifikasi"]["dasar_hukum"]) == 4 and new["klasifikasi"]["dasar_hukum"][3]["nomor"] == 99
    assert new["peninjauan"] == data["peninjauan"] and new["judul"] != data["judul"]
    assert new["klasifikasi"]["pengecualian_sebagian"] is True
    redrawn, _ = drafts.draft_text(text, form, Values({**flat, **{k: "on" for k, v in values.items() if v is True}}))
    assert redrawn.splitlines()[0] == text.splitlines()[0]               # the schema comment line stays
    assert "BA-UK/11/2026" in redrawn


def test_an_inherited_list_is_imported_as_inherited_records(team, tmp_path):
    import io

    from test_adopt import LIST_A, write_csv

    _, nurul, _ = team
    desk = Client(nurul)
    listing = write_csv(tmp_path / "DIK-BPMP-2025.csv", LIST_A, ";")
    form = {"berkas": (io.BytesIO(listing.read_bytes()), listing.name), "warisan": "on",
            "penetapan_nomor": "12/PPID/HK.03.01/2025", "penetapan_tanggal": "30 April 2025"}
    preview = desk.http.post("/impor", headers=desk.headers, content_type="multipart/form-data", data=form)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200, page[:3000]
    assert "kurang" in page                                           # gaps shown per row before writing
    upload = re.search(r'name="unggahan" value="([^"]+)"', page).group(1)
    done = desk.post("/impor/simpan", {"unggahan": upload}).get_data(as_text=True)
    assert "catatan warisan dibuat dari DIK-BPMP-2025.csv" in done, done[:3000]
    assert "Langkah-POS: 1" in git(nurul, "log", "-1", "--format=%B").stdout
