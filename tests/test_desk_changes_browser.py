"""The named changes after acceptance in Debian's Chromium: koreksi, peninjauan, pembukaan.

One office remote, three clones, three desks (as in test_desk_browser.py). Each change is made by
clicks and typing only, by the person whose role the SOP names: the number typed on Pekerjaan
saya, the change's button on the record's page, the form, Simpan, "Kirim ke Atasan PPID"; then
the Atasan PPID accepts it in their own desk. What an office checks afterwards: the commit on
the server (author, trailers, the one file), the record's data (only the intended fields moved),
the audit of the server's main, an Indonesian confirmation; and first one wrong input per form,
which is named beside its field and writes nothing anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import TODAY, git, registri
from desk_support import HENDRA, NURUL, SITI, clone, isolated_env, office, refs, start_desk
from test_browser import assert_only_localhost
from test_desk_browser import browser  # noqa: F401 - the module-scoped Chromium, shared
from test_desk_browser import click_and_wait, new_person_page, send_from_done_page, sync, wait_check

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@dataclass
class Office:
    remote: Path
    clones: dict[str, Path]
    desks: dict
    pages: dict


@pytest.fixture(scope="module")
def office_desks(tmp_path_factory, browser):  # noqa: F811 - the shared module-scoped browser
    tmp = tmp_path_factory.mktemp("perubahan")
    _, remote = office(tmp)
    clones = {"ppid": clone(remote, tmp / "nurul", NURUL), "pu": clone(remote, tmp / "siti", SITI),
              "atasan": clone(remote, tmp / "hendra", HENDRA)}
    # The office's day is TODAY for the checks and for the commits alike, so the demo register's
    # dates (reviews due, terms ending) mean the same whatever day the suite runs.
    at = f"{TODAY}T14:00:00+08:00"
    env = {**isolated_env(tmp / "home"), "GIT_AUTHOR_DATE": at, "GIT_COMMITTER_DATE": at}
    desks = {name: start_desk(path, env, "--today", TODAY) for name, path in clones.items()}
    pages = {name: new_person_page(browser, desk) for name, desk in desks.items()}
    yield Office(remote, clones, desks, pages)
    for page in pages.values():
        page.context.close()
    for desk in desks.values():
        desk.stop()


# What the office checks -------------------------------------------------------------------------
def flat(data, prefix: str = "") -> dict[str, object]:
    """A record's data as dotted keys (`peninjauan[1].nomor`), to name exactly what a change moved."""
    if isinstance(data, dict):
        out: dict[str, object] = {}
        for key, value in data.items():
            out.update(flat(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list) and any(isinstance(v, dict) for v in data):
        out = {}
        for index, value in enumerate(data):
            out.update(flat(value, f"{prefix}[{index}]"))
        return out
    return {prefix: data}


def record_at(repo: Path, rev: str, path: str) -> dict:
    from registri.loader import parse_text

    loaded = parse_text(git(repo, "show", f"{rev}:{path}").stdout, path)
    assert loaded.ok, loaded.findings
    return flat(loaded.data)


def moved(before: dict, after: dict) -> dict[str, tuple]:
    return {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def untouched(office_: Office, name: str) -> tuple:
    """Everything a refused save must leave as it was: branches here and on the server, files."""
    repo = office_.clones[name]
    return (refs(repo), refs(office_.remote), git(repo, "status", "--porcelain", "--untracked-files=all").stdout,
            git(repo, "rev-parse", "--abbrev-ref", "HEAD").stdout)


def open_record(page, desk, record_id: str) -> None:
    """Pekerjaan saya → type the number → Buka: an accepted record waits for nobody's step."""
    page.goto(desk.base + "/")
    page.fill("[data-testid=buka-catatan] input[name=id]", record_id.lower())   # as typed, in any case
    click_and_wait(page, "[data-testid=buka-catatan] button")
    assert page.inner_text("h1").startswith(record_id), page.inner_text("main")[:500]


def refused_beside(page, field_id: str, pattern: str) -> str:
    """Saving is refused with an Indonesian sentence and the finding sits beside its field."""
    click_and_wait(page, "[data-testid=simpan]")
    message = page.inner_text("[data-testid=pesan]")
    assert "Belum disimpan, tidak ada yang diubah" in message, message
    beside = page.inner_text(f"#t-{field_id}")
    assert "kesalahan" in beside and re.search(pattern, beside), beside
    return beside


def saved(page, said: str) -> str:
    """Simpan → the Indonesian confirmation: who did which change as which role, and what comes
    next in the desk's own words (buttons, not commands to type)."""
    click_and_wait(page, "[data-testid=simpan]")
    done = page.inner_text("[data-testid=hasil]")
    assert said in done, done
    assert "Langkah berikutnya: tekan Kirim ke Atasan PPID" in done and "`" not in done, done
    return done


def server_commit(office_: Office, branch: str, path: str) -> str:
    """The one commit the branch brings to the server, changing exactly the record's file."""
    remote = office_.remote
    commits = git(remote, "rev-list", f"main..{branch}").stdout.split()
    assert len(commits) == 1, commits
    files = git(remote, "diff", "--name-only", f"main...{branch}").stdout.split()
    assert files == [path], files
    return commits[0]


def trailers(repo: Path, commit: str) -> str:
    return git(repo, "log", "-1", "--format=%(trailers:only,unfold)", commit).stdout.strip()


def accepted_by_hendra(office_: Office, branch: str) -> str:
    """Hendra (Atasan PPID): Sinkronkan, the submission, its clean audit, Terima (sent to main)."""
    hendra, desk = office_.pages["atasan"], office_.desks["atasan"]
    hendra.goto(desk.base + "/")
    sync(hendra)
    click_and_wait(hendra, f"[data-testid=kiriman] tr:has(code:text-is('origin/{branch}')) a.dk-button")
    assert hendra.is_visible("[data-testid=audit-bersih]")
    click_and_wait(hendra, "[data-testid=terima]")
    done = hendra.inner_text("[data-testid=hasil]")
    assert f"Perubahan cabang '{branch}'" in done and "digabung ke main oleh Dr. Hendra Wijaya" in done, done
    assert "'main' sudah dikirim ke server kantor" in done, done
    merge = git(office_.remote, "rev-parse", "main").stdout.strip()
    assert git(office_.remote, "merge-base", "--is-ancestor", branch, "main", check=False).returncode == 0
    assert trailers(office_.remote, merge) == "Pelaksana: Atasan PPID"
    assert git(office_.remote, "log", "-1", "--format=%ae", merge).stdout.strip() == HENDRA[1]
    return merge


def audit_of_server(office_: Office, tmp_path: Path, record_id: str) -> str:
    """`registri audit` on a fresh clone of the server's main is clean; the history names the change."""
    check = tmp_path / "periksa"
    git(office_.remote.parent, "clone", "-q", str(office_.remote), str(check))
    audit = registri(check, "audit", env={"REGISTRI_TODAY": TODAY})
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "tidak ada kesalahan" in audit.stdout, audit.stdout
    history = registri(check, "history", record_id, env={"REGISTRI_TODAY": TODAY})
    assert history.returncode == 0, history.stderr
    return history.stdout


def sent_commit(office_: Office, branch: str, path: str, change: str, role: str) -> tuple[str, dict]:
    """The branch's one commit on the server, its trailers checked, and what it changed in the record."""
    commit = server_commit(office_, branch, path)
    assert trailers(office_.remote, commit) == f"Perubahan: {change}\nPelaksana: {role}"
    return commit, moved(record_at(office_.remote, "main", path), record_at(office_.remote, commit, path))


def accepted_and_in_history(office_: Office, tmp_path: Path, branch: str, record_id: str, change: str,
                            person: str, role: str) -> None:
    """Hendra accepts the branch; the server's audit is clean and the history names who made the change."""
    accepted_by_hendra(office_, branch)
    history = audit_of_server(office_, tmp_path, record_id)
    assert re.search(rf"{change}[^\n]*{re.escape(person)}[^\n]*{role}", history), history


def clean_pages(office_: Office) -> None:
    for page in office_.pages.values():
        assert page.errors == [] and page.dialogs == [], (page.errors, page.dialogs)
        assert_only_localhost(page.context.requests)


# 1. Koreksi: the Pengadministrasi Umum corrects where the hardcopy is kept --------------------------
def test_a_correction_by_the_pengadministrasi_umum_is_sent_and_accepted(office_desks, tmp_path):
    o = office_desks
    record_id, path = "DIK-2025-003", "records/2025/DIK-2025-003.yaml"
    siti = o.pages["pu"]
    open_record(siti, o.desks["pu"], record_id)
    # Her roles allow a koreksi only: the review and opening buttons are not offered to her
    assert siti.is_visible("[data-testid=aksi-koreksi]")
    assert not siti.query_selector("[data-testid=aksi-peninjauan], [data-testid=aksi-pembukaan]")
    click_and_wait(siti, "[data-testid=aksi-koreksi]")
    assert siti.inner_text("h1") == "Koreksi catatan"
    title = siti.input_value("[name=judul]")
    assert title.startswith("Hasil penilaian kinerja")
    assert siti.get_attribute("label[for=f-dokumentasi-hardcopy-lokasi]", "for") == "f-dokumentasi-hardcopy-lokasi"

    # A wrong input: the title emptied. Named beside the field, nothing written.
    before = untouched(o, "pu")
    siti.fill("[name=judul]", "")
    wait_check(siti, "Belum dapat disimpan")
    refused_beside(siti, "f-judul", r"DIK[0-9]{3}.*judul")
    assert untouched(o, "pu") == before

    # The correction itself
    siti.fill("[name=judul]", title)
    siti.fill("[name='dokumentasi.hardcopy.lokasi']", "Ruang Arsip Kepegawaian lantai 2, lemari arsip personal, laci 3")
    wait_check(siti, "Pemeriksaan lolos")
    done = saved(siti, f"Perubahan koreksi untuk {record_id} dicatat oleh Siti Aminah sebagai Pengadministrasi Umum")
    branch = f"dik/koreksi-{record_id}"
    assert f"cabang {branch}" in done
    send_from_done_page(siti, to_atasan=True)

    commit, change = sent_commit(o, branch, path, "koreksi", "Pengadministrasi Umum")
    assert git(o.remote, "log", "-1", "--format=%an <%ae>", commit).stdout.strip() == f"{SITI[0]} <{SITI[1]}>"
    assert change == {
        "dokumentasi.hardcopy.lokasi": ("Ruang Kepegawaian, lemari arsip personal, laci 3",
                                        "Ruang Arsip Kepegawaian lantai 2, lemari arsip personal, laci 3")}
    # An unticked checkbox is `false`, not a deleted line (the form sends nothing for it)
    assert "pengecualian_sebagian: false" in git(o.remote, "show", f"{commit}:{path}").stdout

    accepted_and_in_history(o, tmp_path, branch, record_id, "koreksi", "Siti Aminah", "Pengadministrasi Umum")
    clean_pages(o)


# 2. Peninjauan: the PPID records a periodic review ---------------------------------------------------
def test_a_review_by_the_ppid_adds_its_entry_is_sent_and_accepted(office_desks, tmp_path):
    o = office_desks
    record_id, path = "DIK-2025-004", "records/2025/DIK-2025-004.yaml"
    nurul = o.pages["ppid"]
    open_record(nurul, o.desks["ppid"], record_id)
    click_and_wait(nurul, "[data-testid=aksi-peninjauan]")
    assert "Entri peninjauan baru" in nurul.inner_text("[data-testid=formulir]")
    assert nurul.input_value("[name='klasifikasi.jangka_waktu.berakhir']") == "2055-06-16"

    # A wrong input: a review dated after today (the desk runs on TODAY = 2026-11-26)
    before = untouched(o, "ppid")
    nurul.fill("[name='peninjauan[new].tanggal']", "2026-12-30")
    nurul.fill("[name='peninjauan[new].nomor']", "BA-UK/30/2026")
    nurul.fill("[name='peninjauan[new].hasil']", "Pengecualian dipertahankan; pemeriksaan perkara belum selesai.")
    nurul.fill("[name='klasifikasi.tinjau_ulang']", "2027-11-25")
    wait_check(nurul, "Belum dapat disimpan")
    refused_beside(nurul, "f-peninjauan-new--tanggal", r"DIK038.*Peninjauan bertanggal 2026-12-30: setelah hari ini")
    assert untouched(o, "ppid") == before

    nurul.fill("[name='peninjauan[new].tanggal']", "2026-11-25")
    wait_check(nurul, "Pemeriksaan lolos")
    saved(nurul, f"Perubahan peninjauan untuk {record_id} dicatat oleh Nurul Hasanah, S.Sos. sebagai PPID")
    branch = f"dik/peninjauan-{record_id}"
    send_from_done_page(nurul, to_atasan=True)

    commit, change = sent_commit(o, branch, path, "peninjauan", "PPID")
    assert git(o.remote, "log", "-1", "--format=%ae", commit).stdout.strip() == NURUL[1]
    assert change == {
        "klasifikasi.tinjau_ulang": (dt.date(2027, 6, 10), dt.date(2027, 11, 25)),
        "peninjauan[1].tanggal": (None, dt.date(2026, 11, 25)),
        "peninjauan[1].nomor": (None, "BA-UK/30/2026"),
        "peninjauan[1].hasil": (None, "Pengecualian dipertahankan; pemeriksaan perkara belum selesai.")}, change

    accepted_and_in_history(o, tmp_path, branch, record_id, "peninjauan", "Nurul Hasanah", "PPID")
    clean_pages(o)


# 3. Pembukaan: the PPID opens an item, with its reason -----------------------------------------------
def test_an_opening_by_the_ppid_with_its_reason_is_sent_and_accepted(office_desks, tmp_path):
    o = office_desks
    record_id, path = "DIK-2025-005", "records/2025/DIK-2025-005.yaml"
    nurul, repo = o.pages["ppid"], o.clones["ppid"]
    # Nurul has other work not yet accepted, on a branch that carries this record unchanged: the
    # opening must not join that branch (it would be accepted together with that other work).
    git(repo, "switch", "-q", "-c", "dik/koreksi-DIK-2026-001", "origin/main")
    other = repo / "records/2026/DIK-2026-001.yaml"
    other.write_text(other.read_text("utf-8").replace("untuk pembayaran honorarium 2026",
                                                      "untuk pembayaran honorarium tahun 2026", 1), "utf-8")
    git(repo, "commit", "-q", "-am", "Koreksi DIK-2026-001\n\nPerubahan: koreksi\nPelaksana: PPID")
    open_record(nurul, o.desks["ppid"], record_id)
    click_and_wait(nurul, "[data-testid=aksi-pembukaan]")
    lead = nurul.inner_text(".rg-lead")
    assert "cabang main" in lead and "setelah disimpan: Dibuka" in lead, lead

    # A wrong input: no reason chosen
    before = untouched(o, "ppid")
    nurul.fill("[name='dibuka.tanggal']", "2026-11-25")
    basis = "Keputusan PPID nomor 40/B12/HK.03.01/2026 tentang pembukaan informasi"
    nurul.fill("[name='dibuka.dasar']", basis)
    wait_check(nurul, "Belum dapat disimpan")
    refused_beside(nurul, "f-dibuka-alasan", r"DIK001.*alasan")
    assert untouched(o, "ppid") == before

    nurul.select_option("[name='dibuka.alasan']", "keputusan_pimpinan")
    wait_check(nurul, "Pemeriksaan lolos")
    done = saved(nurul, f"Perubahan pembukaan untuk {record_id} dicatat oleh Nurul Hasanah, S.Sos. sebagai PPID")
    branch = f"dik/pembukaan-{record_id}"
    assert f"cabang {branch}" in done, done
    send_from_done_page(nurul, to_atasan=True)

    commit, change = sent_commit(o, branch, path, "pembukaan", "PPID")
    assert change == {"status": ("dilaporkan", "dibuka"), "dibuka.tanggal": (None, dt.date(2026, 11, 25)),
                      "dibuka.alasan": (None, "keputusan_pimpinan"), "dibuka.dasar": (None, basis)}, change
    assert git(repo, "merge-base", "--is-ancestor", "dik/koreksi-DIK-2026-001", branch, check=False).returncode == 1

    accepted_and_in_history(o, tmp_path, branch, record_id, "pembukaan", "Nurul Hasanah", "PPID")
    # Once opened, no further change is offered on the record's page
    nurul.goto(o.desks["ppid"].base + "/")
    sync(nurul)
    open_record(nurul, o.desks["ppid"], record_id)
    assert "Dibuka" in nurul.inner_text(".rg-lead") and not nurul.query_selector("[data-testid^=aksi-]")
    clean_pages(o)


def test_a_number_that_is_not_a_record_is_said_in_indonesian(office_desks):
    o = office_desks
    siti = o.pages["pu"]
    siti.goto(o.desks["pu"].base + "/")
    siti.fill("[data-testid=buka-catatan] input[name=id]", "DIK-2025-999")
    click_and_wait(siti, "[data-testid=buka-catatan] button")
    assert "Tidak ditemukan" in siti.inner_text("h1")
    assert "tidak ada di cabang mana pun" in siti.inner_text("[data-testid=pesan]")
    # Hostile text in the box: a clear Indonesian refusal, shown as text, never a traceback.
    siti.goto(o.desks["pu"].base + "/")
    siti.fill("[data-testid=buka-catatan] input[name=id]", "<b>x</b>../")
    click_and_wait(siti, "[data-testid=buka-catatan] button")
    assert "Tidak ditemukan" in siti.inner_text("h1")
    said = siti.inner_text("[data-testid=pesan]")
    assert "Traceback" not in siti.content() and not siti.query_selector("[data-testid=pesan] b") and said.strip()
    clean_pages(o)
