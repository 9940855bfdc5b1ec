"""The installed hooks in a real repository: a bad record is refused with an Indonesian message,
a good one is committed, and `pre-commit run --all-files` passes on the sample register.

Hook environments live in pre-commit's usual store ($PRE_COMMIT_HOME, else ~/.cache/pre-commit),
so they are built once per machine and shared by both xdist workers; pre-commit locks its store
while it installs, so two workers starting at once wait for each other instead of clashing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo
from test_scan import make_nik, mask

RECORD = "records/2026/DIK-2026-003.yaml"
GOOD_MESSAGE = "Koreksi uraian DIK-2026-003\n\nPerubahan: koreksi\nPelaksana: PPID\n"
ENV = {"REGISTRI_TODAY": TODAY}  # the sample register is checked against the tests' fixed day


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, text=True, capture_output=True,
                          env={**os.environ, **ENV})


@pytest.fixture
def hooked_repo(tmp_path: Path) -> Path:
    """A fresh clone as staff would have it: register, tooling, hooks installed, one commit."""
    repo = init_repo(copy_register(tmp_path / "repo"))
    shutil.copytree(PROJECT / "tooling", repo / "tooling", ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "bench"))
    installed = pre_commit(repo, "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "Register awal")
    git(repo, "switch", "-q", "-c", "dik/uji")   # staff change records on a working branch, never on main
    return repo


def commit(repo: Path, message: str = GOOD_MESSAGE) -> subprocess.CompletedProcess:
    git(repo, "add", "-A")
    return git(repo, "commit", "-m", message, env=ENV, check=False)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def edit(repo: Path, old: str, new: str, path: str = RECORD) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_install_sets_up_the_pre_commit_and_commit_msg_hooks(hooked_repo):
    for hook in ("pre-commit", "commit-msg"):
        script = hooked_repo / ".git" / "hooks" / hook
        assert script.is_file() and "pre-commit" in script.read_text(encoding="utf-8")


def test_a_good_change_to_a_record_is_committed(hooked_repo):
    before = head(hooked_repo)
    edit(hooked_repo, "di Kalimantan Selatan.", "di Provinsi Kalimantan Selatan.")
    result = commit(hooked_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert head(hooked_repo) != before
    assert "registri check-commit" in result.stdout + result.stderr   # the hooks did run


def test_a_record_holding_a_nik_is_refused_with_a_masked_indonesian_message(hooked_repo):
    before = head(hooked_repo)
    nik = make_nik(female=True)
    edit(hooked_repo, "di Kalimantan Selatan.", f"di Kalimantan Selatan, contoh peserta NIK {nik}.")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert head(hooked_repo) == before
    assert f"{RECORD}:" in output and "SCN001 [kesalahan] Ada angka berstruktur NIK" in output
    assert mask(nik) in output and nik not in output


def test_an_invalid_record_is_refused_by_validate(hooked_repo):
    before = head(hooked_repo)
    edit(hooked_repo, "tinjau_ulang: 2027-01-28", "tinjau_ulang: 2027-02-30")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and head(hooked_repo) == before
    assert "registri validate" in output and "Failed" in output
    assert "YML009" in output and "tidak ada di kalender" in output


def test_yaml_1_1_booleans_duplicate_keys_and_trailing_spaces_are_refused_by_yamllint(hooked_repo):
    edit(hooked_repo, "pengecualian_sebagian: false", "pengecualian_sebagian: no\n  keamanan: terbatas   ")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Nilai ya/tidak harus ditulis `true` atau `false`" in output
    assert 'Kunci "keamanan" ditulis dua kali' in output
    assert "Ada spasi di akhir baris" in output
    assert f"{RECORD}:" in output and "yamllint/truthy [kesalahan]" in output
    for english in ("truthy value", "duplication of key", "trailing spaces"):   # yamllint's own words
        assert english not in output


def test_the_commit_hook_checks_only_the_changed_record(hooked_repo):
    edit(hooked_repo, "di Kalimantan Selatan.", "di Provinsi Kalimantan Selatan.")
    git(hooked_repo, "add", RECORD)
    result = pre_commit(hooked_repo, "run", "registri-check-commit", "--verbose", "--files", RECORD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--- registri validate (skema dan aturan catatan) ---\n1 catatan diperiksa, tidak ada kesalahan." in result.stdout
    assert "--- registri scan (data pribadi, rahasia, dokumen) ---\n" in result.stdout


def test_a_broken_office_configuration_is_refused(hooked_repo):
    before = head(hooked_repo)
    edit(hooked_repo, "zona_waktu: Asia/Makassar", "zona_waktu: Asia/Banjarbaru", path="registri.yaml")
    result = commit(hooked_repo, "Ubah zona waktu kantor\n")
    output = result.stdout + result.stderr
    assert result.returncode != 0 and head(hooked_repo) == before
    assert "registri validate (seluruh register setelah konfigurasi berubah)" in output
    assert "registri.yaml tidak dapat dipakai" in output and "Traceback" not in output


def test_a_document_dropped_into_records_is_refused(hooked_repo):
    (hooked_repo / "records" / "2026" / "DIK-2026-003.pdf").write_bytes(b"%PDF-1.7\n\x00\x01binary\n")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "records/2026/DIK-2026-003.pdf:2: SCN021 [kesalahan] Berkas biner" in output


def test_all_hooks_pass_on_the_sample_register(hooked_repo):
    result = pre_commit(hooked_repo, "run", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Failed" not in result.stdout


def test_a_record_change_committed_on_main_is_refused_in_indonesian(hooked_repo):
    git(hooked_repo, "switch", "-q", "main")
    before = head(hooked_repo)
    edit(hooked_repo, "di Kalimantan Selatan.", "di Provinsi Kalimantan Selatan.")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and head(hooked_repo) == before
    assert "langsung di cabang main" in output and "git switch -c dik/DIK-2026-003" in output
    assert "registri step" in output and "REGISTRI_ADOPSI=1" in output and "Traceback" not in output
    # The commit-msg hook refuses it (it reads what is staged anyway): no pre-commit process of its own.
    assert "registri check-message" in output and "MSG0" not in output   # the guard, not a trailer problem


def test_adoption_removes_the_sample_records_on_main_with_the_explicit_escape(hooked_repo):
    git(hooked_repo, "switch", "-q", "main")
    git(hooked_repo, "rm", "-r", "-q", "records")
    refused = git(hooked_repo, "commit", "-m", "Hapus catatan contoh", env=ENV, check=False)
    assert refused.returncode != 0 and "langsung di cabang main" in refused.stdout + refused.stderr
    adopted = git(hooked_repo, "commit", "-m", "Hapus catatan contoh", env={**ENV, "REGISTRI_ADOPSI": "1"}, check=False)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    assert git(hooked_repo, "tag", "mulai-jejak").returncode == 0


def test_the_atasan_ppid_s_merge_into_main_still_works_with_the_hooks(hooked_repo):
    edit(hooked_repo, "di Kalimantan Selatan.", "di Provinsi Kalimantan Selatan.")
    assert commit(hooked_repo).returncode == 0
    git(hooked_repo, "switch", "-q", "main")
    git(hooked_repo, "config", "user.email", "hendra.wijaya@bpmp-kalsel.example")
    message = "Gabungkan perubahan: DIK-2026-003\n\nPelaksana: Atasan PPID"
    merged = git(hooked_repo, "merge", "--no-ff", "-m", message, "dik/uji", env=ENV, check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert len(git(hooked_repo, "log", "-1", "--format=%P").stdout.split()) == 2


def test_yamllint_messages_are_indonesian_for_every_rule_the_records_meet():
    from registri.yamlstyle import say

    cases = {
        ("truthy", "truthy value should be one of [false, true]"): "true",
        ("indentation", "wrong indentation: expected 2 but found 4"): "seharusnya 2 spasi, tertulis 4",
        ("line-length", "line too long (140 > 130 characters)"): "140 karakter, paling banyak 130",
        ("new-lines", "wrong new line character: expected \\n"): "CRLF",
        (None, "syntax error: mapping values are not allowed here (syntax)"): "titik dua di tempat yang salah",
        ("comments", "missing starting space in comment"): "spasi sesudah #",
    }
    for (rule, english), words in cases.items():
        text = say(rule, english)
        assert words in text and english not in text, (rule, text)


def test_file_hygiene_hooks_speak_indonesian(hooked_repo):
    (hooked_repo / "lampiran.bin").write_bytes(b"\x00" * 600_000)
    (hooked_repo / "catatan-rapat.txt").write_text("awal\n<<<<<<< HEAD\nsatu\n=======\ndua\n>>>>>>> dik/a\n",
                                                   encoding="utf-8")
    (hooked_repo / "kunci.txt").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                                           encoding="utf-8")
    result = commit(hooked_repo, "Tambah berkas\n")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "lampiran.bin: berkas 586 KB, melebihi batas 500 KB" in output
    assert "kunci.txt: berisi kunci privat" in output
    for english in ("exceeds", "Private key found"):
        assert english not in output
    # Conflict markers are looked for while a merge is being concluded (pre-commit-hooks' rule).
    from registri.hygiene import run

    code, lines = run("merge-conflict", [str(hooked_repo / "catatan-rapat.txt"), "--assume-in-merge"])
    assert code == 1 and lines == [f"{hooked_repo / 'catatan-rapat.txt'}:2: penanda konflik penggabungan `<<<<<<<` "
                                   "masih tertinggal. Selesaikan konfliknya: pilih isi yang benar, hapus baris "
                                   "<<<<<<<, ======= dan >>>>>>>, lalu simpan.",
                                   f"{hooked_repo / 'catatan-rapat.txt'}:4: penanda konflik penggabungan `=======` "
                                   "masih tertinggal. Selesaikan konfliknya: pilih isi yang benar, hapus baris "
                                   "<<<<<<<, ======= dan >>>>>>>, lalu simpan.",
                                   f"{hooked_repo / 'catatan-rapat.txt'}:6: penanda konflik penggabungan `>>>>>>>` "
                                   "masih tertinggal. Selesaikan konfliknya: pilih isi yang benar, hapus baris "
                                   "<<<<<<<, ======= dan >>>>>>>, lalu simpan."]


WARISAN = ("\nwarisan:\n  daftar: dik-lama-2024.csv\n  baris: 2\n  diimpor: 2026-03-02\n"
           "  asli:\n    informasi: Hasil asesmen kompetensi individu\n")


def test_a_warisan_section_added_to_an_existing_record_is_refused_by_the_commit_msg_hook(hooked_repo):
    """An inherited record's gaps are accepted as a backlog, so `warisan:` may come only with the
    record's creation (AUD022 in CI); the local hook refuses it before the commit exists."""
    before = head(hooked_repo)
    file = hooked_repo / RECORD
    file.write_text(file.read_text(encoding="utf-8") + WARISAN, encoding="utf-8")
    result = commit(hooked_repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and head(hooked_repo) == before, output
    assert "registri check-commit" in output and "Passed" in output       # the record itself is valid
    assert f"{RECORD}: MSG013 [kesalahan] DIK-2026-003: bagian `warisan:` ditambahkan" in output
    assert "Hapus bagian `warisan:`" in output and "registri import --existing" in output
    assert "Commit ditolak: perubahan catatan yang akan di-commit tidak diizinkan." in output
    assert "Contoh pesan commit yang benar" not in output and "Traceback" not in output   # the message was right
    file.write_text(file.read_text(encoding="utf-8").replace(WARISAN, ""), encoding="utf-8")
    edit(hooked_repo, "di Kalimantan Selatan.", "di Provinsi Kalimantan Selatan.")
    assert commit(hooked_repo).returncode == 0                               # without it, a correction goes in


def test_each_check_of_the_commit_hook_reports_under_its_own_name(hooked_repo):
    """One hook process runs every check; each says its own findings, with its own codes, under its name."""
    nik = make_nik(female=False)
    edit(hooked_repo, "tinjau_ulang: 2027-01-28", "tinjau_ulang: 2027-02-30")                 # validate
    edit(hooked_repo, "di Kalimantan Selatan.", f"di Kalimantan Selatan, peserta NIK {nik}.")  # scan
    edit(hooked_repo, "pengecualian_sebagian: false", "pengecualian_sebagian: false   ")       # yamllint
    (hooked_repo / "kunci.txt").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                                           encoding="utf-8")                                   # file checks
    git(hooked_repo, "add", "-A")
    result = pre_commit(hooked_repo, "run", "registri-check-commit", "--files", RECORD, "kunci.txt")
    output = result.stdout
    assert result.returncode == 1, output + result.stderr
    sections = output.split("\n--- ")
    titles = ["registri validate (skema dan aturan catatan)", "registri scan (data pribadi, rahasia, dokumen)",
              "yamllint (nilai ya/tidak, kunci ganda, spasi; pesan berbahasa Indonesia)",
              "berkas besar (batas 500 KB), penanda konflik penggabungan, kunci privat"]
    found = {title: next((s for s in sections if s.lstrip("- ").startswith(title)), "") for title in titles}
    assert "YML009" in found[titles[0]] and "SCN" not in found[titles[0]]
    assert "SCN001 [kesalahan]" in found[titles[1]] and mask(nik) in found[titles[1]] and nik not in output
    assert "yamllint/trailing-spaces [kesalahan] Ada spasi di akhir baris" in found[titles[2]]
    assert "kunci.txt: berisi kunci privat" in found[titles[3]] and RECORD not in found[titles[3]]
    assert "Traceback" not in output + result.stderr


def test_check_commit_given_a_missing_file_says_so_in_indonesian_in_every_check(git_register):
    """Hostile input: pre-commit never passes a missing file, a person typing the command may."""
    from conftest import registri

    result = registri(git_register, "check-commit", "records/2026/DIK-2026-099.yaml", env=ENV)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "records/2026/DIK-2026-099.yaml: YML001 [kesalahan] Berkas tidak ditemukan" in output      # validate
    assert "registri: Berkas 'records/2026/DIK-2026-099.yaml' tidak ditemukan." in output             # scan, files
    assert "records/2026/DIK-2026-099.yaml: yamllint [kesalahan] Berkas tidak ditemukan." in output   # yamllint
    assert output.count("tidak ditemukan") == 4
    for english in ("Traceback", "kesalahan internal", "No such file"):
        assert english not in output
