"""The desk in Debian's Chromium: three staff, three clones of one office remote, three desks.

A record goes new → step 1 → 2 (PPID) → hand-off → 3 (Pengadministrasi Umum) → hand-off → 4
(PPID) → "Kirim ke Atasan PPID" → acceptance (Atasan PPID), by clicks and typing only. Then the
audit is clean and `registri history` names the three people in their roles. Screenshots for the
guide (docs/panduan/desk.md) are taken on the way, at 1366×768.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import git, registri
from desk_support import (GUIDE_PICTURES, HENDRA, NURUL, SITI, VIEWPORT, clone, head, isolated_env, office, refs,
                          start_desk)
from test_browser import CHROMIUM_ARGS, assert_only_localhost, chromium_path

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RECORD_FIELDS = {
    "judul": "Daftar nama dan alamat rumah guru penerima tunjangan daerah terpencil tahun 2026",
    "uraian": "Rekap penerima tunjangan khusus guru di daerah terpencil yang memuat alamat rumah dan nomor rekening.",
    "unit_penguasa": "Subbagian Umum (Kepegawaian)",
    "sumber.nomor": "0950/B12/KP.05.00/2026",
    "sumber.tanggal": "2026-11-20",
    "penetapan.nomor": "31/B12/HK.03.01/2026",
    "penetapan.tanggal": "2026-11-19",
    "uji_konsekuensi.nomor": "BA-UK/27/2026",
    "uji_konsekuensi.tanggal": "2026-11-17",
    "uji_konsekuensi.jika_dibuka": "Alamat rumah dan rekening guru dapat disalahgunakan untuk penipuan dan "
                                   "pencurian identitas para guru penerima.",
    "uji_konsekuensi.kepentingan_publik": "Menutup melindungi data pribadi guru, sedangkan jumlah penerima dan "
                                          "total anggaran tetap dapat diumumkan kepada publik.",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else chromium_path()   # Debian's
    if path is None:
        reason = "Chromium tidak terpasang (paket Debian 'chromium'); uji peramban dilewati."
        if os.environ.get("REGISTRI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} Di CI (.ci/run) peramban wajib ada.")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=[*CHROMIUM_ARGS, "--lang=id-ID"], headless=True)
        yield instance
        instance.close()


def new_person_page(browser, desk):
    """Each person has their own browser profile (cookies) and desk."""
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID")
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    page = context.new_page()
    page.errors = []
    page.dialogs = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(desk.url)
    return page


def shot(page, name: str, at: str | None = None) -> None:
    """A picture for the guide: the top of the page, or the element `at` in view."""
    GUIDE_PICTURES.mkdir(parents=True, exist_ok=True)
    if at:
        page.locator(at).scroll_into_view_if_needed()
    else:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(GUIDE_PICTURES / f"{name}.png"), full_page=False)


def wait_check(page, text: str) -> None:
    """Until the live check's summary says `text` (htmx answers after a short pause in typing)."""
    page.wait_for_function("(t) => document.querySelector('[data-testid=ringkasan]')?.textContent.includes(t)",
                           arg=text, timeout=15000)


def click_and_wait(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def send_from_done_page(page, to_atasan: bool = False) -> str:
    click_and_wait(page, "[data-testid=kirim-atasan]" if to_atasan else "[data-testid=kirim]")
    result = page.inner_text("[data-testid=hasil]")
    assert "sudah dikirim ke server kantor" in result, result
    return result


def sync(page) -> None:
    click_and_wait(page, "[data-testid=sinkronkan]")
    assert "Perubahan dari server sudah diambil" in page.inner_text("[data-testid=hasil]")
    click_and_wait(page, "[data-testid=kembali]")


@pytest.fixture(scope="module")
def three_desks(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kantor")
    _, remote = office(tmp)
    clones = {"ppid": clone(remote, tmp / "nurul", NURUL), "pu": clone(remote, tmp / "siti", None),
              "atasan": clone(remote, tmp / "hendra", HENDRA)}
    env = isolated_env(tmp / "home")
    desks = {name: start_desk(path, env) for name, path in clones.items()}
    yield clones, desks, remote, env
    for desk in desks.values():
        desk.stop()


def test_a_record_goes_through_the_whole_sop_by_clicks_alone(browser, three_desks):
    clones, desks, remote, env = three_desks
    assert all(d.started_in < 3 for d in desks.values()), {k: d.started_in for k, d in desks.items()}

    # --- Nurul (PPID): new record, step 1, send; then step 2, send ---------------------------
    nurul = new_person_page(browser, desks["ppid"])
    assert "Nurul Hasanah" in nurul.inner_text("[data-testid=saya]")
    shot(nurul, "desk-pekerjaan-saya")
    click_and_wait(nurul, "[data-testid=catatan-baru]")
    for key, value in RECORD_FIELDS.items():
        nurul.fill(f"[name='{key}']", value)
    wait_check(nurul, "Pemeriksaan lolos")
    shot(nurul, "desk-catatan-baru")
    click_and_wait(nurul, "[data-testid=simpan]")
    done = nurul.inner_text("[data-testid=hasil]")
    assert "Langkah 1 untuk" in done and "sebagai PPID" in done, done
    record_id = re.search(r"DIK-2026-[0-9]{3,5}", done).group(0)
    branch = f"dik/{record_id}"
    assert branch in done
    send_from_done_page(nurul)
    assert git(remote, "rev-parse", "--verify", "-q", f"refs/heads/{branch}", check=False).returncode == 0

    click_and_wait(nurul, "[data-testid=kembali]")
    click_and_wait(nurul, f"tr[data-record='{record_id}'] a.dk-button")
    nurul.check("input[name='klasifikasi.pasal'][value='17h.3']")
    nurul.select_option("[name='klasifikasi.dasar_hukum[0].jenis']", "UU")
    nurul.fill("[name='klasifikasi.dasar_hukum[0].nomor']", "14")
    nurul.fill("[name='klasifikasi.dasar_hukum[0].tahun']", "2008")
    nurul.fill("[name='klasifikasi.dasar_hukum[0].tentang']", "Keterbukaan Informasi Publik")
    nurul.fill("[name='klasifikasi.dasar_hukum[0].pasal']", "17 huruf h angka 3")
    nurul.select_option("[name='klasifikasi.jangka_waktu.jenis']", "durasi_tetap")
    nurul.fill("[name='klasifikasi.jangka_waktu.mulai']", "2026-11-19")
    nurul.fill("[name='klasifikasi.jangka_waktu.tahun']", "5")
    nurul.fill("[name='klasifikasi.tinjau_ulang']", "2027-11-19")
    nurul.select_option("[name='klasifikasi.keamanan']", "rahasia")
    wait_check(nurul, "Pemeriksaan lolos")
    # berakhir is computed from mulai + tahun by the desk, never typed
    assert nurul.input_value("[name='klasifikasi.jangka_waktu.berakhir']") == "2031-11-19"
    shot(nurul, "desk-langkah-2")
    click_and_wait(nurul, "[data-testid=simpan]")
    done = nurul.inner_text("[data-testid=hasil]")
    assert "Langkah 2 untuk" in done and "Pengadministrasi Umum" in done, done
    assert "langkah 3 oleh Pengadministrasi Umum" in done and "`" not in done, done    # no command to type
    send_from_done_page(nurul)

    # --- Siti (Pengadministrasi Umum): who am I, sync, step 3 with the softcopy's hash, send -----
    siti = new_person_page(browser, desks["pu"])
    assert "Siapa Anda?" in siti.inner_text("h1")
    shot(siti, "desk-siapa-saya")
    siti.check("input[name=pegawai][value=siti]")
    click_and_wait(siti, "button[type=submit]:has-text('Ini saya')")
    assert "Siti Aminah" in siti.inner_text("[data-testid=saya]")
    assert git(clones["pu"], "config", "--local", "user.email").stdout.strip() == SITI[1]
    sync(siti)
    click_and_wait(siti, f"tr[data-record='{record_id}'] a.dk-button")
    softcopy = clones["pu"].parent / "softcopy-guru.pdf"
    softcopy.write_bytes(b"%PDF-1.4\n% daftar penerima tunjangan (contoh fiktif)\n" + bytes(range(256)) * 40)
    siti.fill("[name='dokumentasi.softcopy.lokasi']", f"arsip-ppid:/dikecualikan/2026/{record_id}/")
    siti.fill("[name='dokumentasi.softcopy.pengamanan']", "terenkripsi, akses hanya PPID dan subbagian kepegawaian")
    siti.set_input_files("[data-testid=berkas-softcopy]", str(softcopy))
    expected = subprocess.run(["sha256sum", str(softcopy)], capture_output=True, text=True, check=True).stdout.split()[0]
    siti.wait_for_function("(h) => document.querySelector('[data-testid=sha256]').value === h", arg=expected)
    siti.fill("[name='dokumentasi.hardcopy.lokasi']", "Ruang Kepegawaian, lemari arsip 3, rak 2")
    siti.fill("[name='dokumentasi.hardcopy.pengamanan']", "lemari terkunci, kunci dipegang Kasubbag Umum")
    wait_check(siti, "Pemeriksaan lolos")
    shot(siti, "desk-langkah-3", at="[data-testid=sha256]")
    click_and_wait(siti, "[data-testid=simpan]")
    done = siti.inner_text("[data-testid=hasil]")
    assert "Langkah 3 untuk" in done and "Siti Aminah sebagai Pengadministrasi Umum" in done, done
    send_from_done_page(siti)
    assert not any(softcopy.name in url for url in siti.context.requests)     # the document never left

    # --- Nurul: sync, step 4, Kirim ke Atasan PPID ----------------------------------------------
    click_and_wait(nurul, "[data-testid=kembali]")
    sync(nurul)
    click_and_wait(nurul, f"tr[data-record='{record_id}'] a.dk-button")
    assert nurul.input_value("[name=laporan]")
    click_and_wait(nurul, "[data-testid=simpan]")
    done = nurul.inner_text("[data-testid=hasil]")
    assert "Langkah 4 untuk" in done, done
    send_from_done_page(nurul, to_atasan=True)

    # --- Hendra (Atasan PPID): sync, read the submission report, accept ---------------------------
    hendra = new_person_page(browser, desks["atasan"])
    sync(hendra)
    assert record_id in hendra.inner_text("[data-testid=kiriman]")
    click_and_wait(hendra, "[data-testid=kiriman] a.dk-button")
    assert record_id in hendra.inner_text("[data-testid=laporan-penyerahan]")
    assert hendra.is_visible("[data-testid=audit-bersih]")
    shot(hendra, "desk-terima")
    click_and_wait(hendra, "[data-testid=terima]")
    done = hendra.inner_text("[data-testid=hasil]")
    assert "diterima oleh Dr. Hendra Wijaya" in done and "'main' sudah dikirim" in done, done

    # --- The trail: clean audit, three people in their roles ------------------------------------
    check = clones["atasan"].parent / "periksa"
    git(remote.parent, "clone", "-q", str(remote), str(check))
    audit = registri(check, "audit")
    assert audit.returncode == 0, audit.stdout + audit.stderr
    history = registri(check, "history", record_id)
    assert history.returncode == 0, history.stderr
    lines = history.stdout
    for name, role in (("Nurul Hasanah", "PPID"), ("Siti Aminah", "Pengadministrasi Umum"),
                       ("Dr. Hendra Wijaya", "Atasan PPID")):
        assert re.search(rf"{re.escape(name)}[^\n]*{role}", lines), lines
    for page in (nurul, siti, hendra):
        assert page.errors == [] and page.dialogs == []
        assert_only_localhost(page.context.requests)

    # The history page shows the same timeline
    click_and_wait(hendra, "[data-testid=kembali]")
    hendra.goto(f"{desks['atasan'].base}/catatan/{record_id}")
    table = hendra.inner_text("[data-testid=riwayat]")
    assert "5 diterima" in table and "Siti Aminah" in table and "Pengadministrasi Umum" in table
    shot(hendra, "desk-riwayat")


# Forms: findings beside fields, warnings before saving, hostile text --------------------------------
@pytest.fixture(scope="module")
def one_desk(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("meja")
    _, remote = office(tmp)
    repo = clone(remote, tmp / "nurul", NURUL)
    desk = start_desk(repo, isolated_env(tmp / "home"))
    yield repo, desk
    desk.stop()


def _start_new_record(page, desk) -> None:
    page.goto(f"{desk.base}/baru")
    for key, value in RECORD_FIELDS.items():
        page.fill(f"[name='{key}']", value)


def test_an_error_appears_beside_its_field_and_saving_is_refused(browser, one_desk):
    repo, desk = one_desk
    page = new_person_page(browser, desk)
    _start_new_record(page, desk)
    page.fill("[name='penetapan.tanggal']", "2027-01-05")      # after the day it is checked: an error
    wait_check(page, "Belum dapat disimpan")
    beside = page.inner_text("#t-f-penetapan-tanggal")
    assert "kesalahan" in beside and re.search(r"DIK[0-9]{3}", beside), beside
    link = page.get_attribute("#t-f-penetapan-tanggal a.rg-badge", "href")
    assert link.startswith("/aturan/DIK")
    shot(page, "desk-temuan-di-samping-kolom", at="#t-f-penetapan-tanggal")
    before, before_refs = head(repo), refs(repo)
    click_and_wait(page, "[data-testid=simpan]")
    assert re.search("Belum disimpan|tidak dibuat", page.inner_text("[data-testid=pesan]"))
    assert "kesalahan" in page.inner_text("#t-f-penetapan-tanggal")
    assert head(repo) == before and refs(repo) == before_refs
    assert git(repo, "status", "--porcelain").stdout.strip() == ""
    page.goto(f"{desk.base}{link}")
    assert "Cara memperbaiki" in page.inner_text("main")


def test_a_warning_is_shown_before_saving_and_needs_a_confirmation(browser, one_desk):
    repo, desk = one_desk
    page = new_person_page(browser, desk)
    _start_new_record(page, desk)
    # The letter arrived before the determination it passes on: a warning of the rules (DIK037).
    page.fill("[name='sumber.tanggal']", "2026-11-18")
    wait_check(page, "peringatan")
    page.wait_for_function("() => document.querySelector('#t-f-sumber-tanggal').textContent.includes('DIK037')",
                           timeout=15000)
    shot(page, "desk-peringatan", at="#t-f-sumber-tanggal")
    before = head(repo)
    click_and_wait(page, "[data-testid=simpan]")
    assert "peringatan" in page.inner_text("[data-testid=pesan]").lower()
    assert head(repo) == before
    page.check("[data-testid=terima-peringatan]")
    click_and_wait(page, "[data-testid=simpan]")
    assert "Langkah 1 untuk" in page.inner_text("[data-testid=hasil]")
    assert head(repo) != before
    git(repo, "switch", "-q", "main")


def test_script_in_every_text_field_is_text_and_changes_nothing(browser, one_desk):
    repo, desk = one_desk
    page = new_person_page(browser, desk)
    page.goto(f"{desk.base}/baru")
    payload = "<script>alert('x')</script><img src=x onerror=alert(2)>"
    for name in page.eval_on_selector_all("input[type=text], textarea", "els => els.map(e => e.name)"):
        page.fill(f"[name='{name}']", payload)
    before, before_refs = head(repo), refs(repo)
    click_and_wait(page, "[data-testid=simpan]")
    assert re.search("Belum disimpan|tidak dibuat", page.inner_text("[data-testid=pesan]"))
    assert page.input_value("[name=judul]") == payload          # shown back as text
    assert page.dialogs == [] and page.errors == []
    assert head(repo) == before and refs(repo) == before_refs
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout.strip() == ""


def test_the_hash_computed_in_the_page_equals_sha256sum(browser, one_desk, tmp_path):
    repo, desk = one_desk
    page = new_person_page(browser, desk)
    record = next(r for r in ("DIK-2026-002",) if True)
    page.goto(f"{desk.base}/catatan/{record}/koreksi")
    if not page.query_selector("[data-testid=berkas-softcopy]"):
        pytest.fail("the correction form of a documented record has no softcopy picker")
    document = tmp_path / "dokumen rahasia.bin"
    document.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    page.set_input_files("[data-testid=berkas-softcopy]", str(document))
    expected = subprocess.run(["sha256sum", str(document)], capture_output=True, text=True, check=True).stdout.split()[0]
    assert expected == hashlib.sha256(document.read_bytes()).hexdigest()
    page.wait_for_function("(h) => document.querySelector('[data-testid=sha256]').value === h", arg=expected)
    assert not any("dokumen" in url for url in page.context.requests)


def test_an_import_with_bad_rows_names_them_and_writes_nothing(browser, one_desk, tmp_path):
    repo, desk = one_desk
    page = new_person_page(browser, desk)
    sample = (Path(__file__).resolve().parents[1] / "tooling/registri/data/contoh-impor.csv").read_text("utf-8-sig")
    lines = sample.splitlines()
    broken = lines[2].replace("20/11/2026", "31/02/2026", 1)          # a day that does not exist
    listing = tmp_path / "daftar.csv"
    listing.write_text("\n".join([lines[0], lines[1], broken]) + "\n", encoding="utf-8")
    before, before_refs = head(repo), refs(repo)
    page.goto(f"{desk.base}/impor")
    page.set_input_files("[data-testid=berkas-impor]", str(listing))
    click_and_wait(page, "[data-testid=pratinjau]")
    assert page.is_visible("[data-testid=impor-ditolak]")
    findings = page.inner_text("[data-testid=temuan]")
    assert "Baris 3" in findings and "Baris 2" not in findings, findings
    assert not page.query_selector("[data-testid=impor-simpan]")
    shot(page, "desk-impor-ditolak")
    assert head(repo) == before and refs(repo) == before_refs
    assert git(repo, "status", "--porcelain", "--untracked-files=all").stdout.strip() == ""
