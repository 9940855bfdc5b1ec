"""`registri new`: next free id across branches, options mode, and a real terminal session."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo, registri
from registri.ids import next_ids

ANSWERS = {
    "--judul": "Rincian HPS pengadaan jasa pelatihan daring guru sasaran 2026",
    "--uraian": "Lembar perhitungan harga satuan per komponen dan survei harga pasar paket pelatihan daring.",
    "--unit": "Subbagian Umum (Pejabat Pembuat Komitmen)",
    "--sumber-jenis": "surat_pengantar",
    "--sumber-nomor": "0880/B12/PL.01.02/2026",
    "--sumber-tanggal": "2026-11-21",
    "--penetapan-nomor": "29/B12/HK.03.01/2026",
    "--penetapan-tanggal": "2026-11-20",
    "--uji-nomor": "BA-UK/24/2026",
    "--uji-tanggal": "2026-11-17",
    "--jika-dibuka": "Calon penyedia dapat menyesuaikan penawaran dengan rincian harga internal sehingga persaingan hilang.",
    "--kepentingan-publik": "Menutup rincian sampai kontrak ditandatangani menjaga persaingan yang sehat dan efisiensi anggaran.",
}


def options(**changes: str) -> list[str]:
    merged = {**ANSWERS, **{f"--{k.replace('_', '-')}": v for k, v in changes.items()}}
    return [part for key, value in merged.items() if value is not None for part in (key, value)]


def new(root: Path, *args: str):
    result = registri(root, "new", "--today", TODAY, *args, stdin="")
    assert "Traceback" not in result.stdout + result.stderr
    return result


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def add_record(repo: Path, record_id: str) -> None:
    year = record_id.split("-")[1]
    text = (PROJECT / "records/2026/DIK-2026-003.yaml").read_text("utf-8").replace("DIK-2026-003", record_id)
    (repo / "records" / year).mkdir(parents=True, exist_ok=True)
    (repo / "records" / year / f"{record_id}.yaml").write_text(text, "utf-8")


def test_options_mode_writes_a_valid_step1_record(register_copy: Path) -> None:
    result = new(register_copy, *options())
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "records/2026/DIK-2026-008.yaml"
    text = (register_copy / "records/2026/DIK-2026-008.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../tooling/registri/schema/record.schema.json\n")
    assert "status: divalidasi" in text and "jenis: surat_pengantar" in text and "tempat: Banjarbaru" in text
    checked = registri(register_copy, "validate", "--today", TODAY)
    assert checked.returncode == 0 and checked.stdout.strip() == "16 catatan diperiksa, tidak ada kesalahan."


def test_year_option_starts_a_new_year(register_copy: Path) -> None:
    result = new(register_copy, *options(), "--tahun", "2027")
    assert result.stdout.splitlines()[0] == "records/2027/DIK-2027-001.yaml"


def test_refuses_with_findings_and_writes_nothing(register_copy: Path) -> None:
    before = sorted((register_copy / "records").rglob("*"))
    result = new(register_copy, *options(uji_tanggal="2026-11-22", penetapan_tanggal="2026-11-27",
                                         sumber_tanggal="2026-11-27"))
    assert result.returncode == 1
    assert " DIK009 [kesalahan] " not in result.stdout   # the test is before the (future) determination
    assert " DIK010 [kesalahan] " in result.stdout and " DIK036 [kesalahan] " in result.stdout
    assert "Catatan tidak dibuat" in result.stdout
    assert sorted((register_copy / "records").rglob("*")) == before


def test_bad_option_values_are_usage_errors(register_copy: Path) -> None:
    result = new(register_copy, *options(sumber_tanggal="2026-02-30", jika_dibuka="tbd"))
    assert result.returncode == 2
    assert "--sumber-tanggal" in result.stderr and "--jika-dibuka" in result.stderr
    missing = new(register_copy, "--judul", ANSWERS["--judul"])
    assert missing.returncode == 2 and "--uraian" in missing.stderr and "--penetapan-tanggal" in missing.stderr
    assert not (register_copy / "records/2026/DIK-2026-008.yaml").exists()


def test_next_id_sees_a_higher_id_on_another_local_branch(git_register: Path) -> None:
    commit_all(git_register, "Register awal")
    git(git_register, "switch", "-q", "-c", "dik/lain")
    add_record(git_register, "DIK-2026-011")
    commit_all(git_register, "Catatan di cabang lain")
    git(git_register, "switch", "-q", "main")
    assert not (git_register / "records/2026/DIK-2026-011.yaml").exists()
    assert next_ids(git_register, 2026, 2) == ["DIK-2026-012", "DIK-2026-013"]
    assert new(git_register, *options()).stdout.splitlines()[0] == "records/2026/DIK-2026-012.yaml"


def test_next_id_sees_a_higher_id_only_on_a_remote_tracking_branch(tmp_path: Path) -> None:
    origin = init_repo(copy_register(tmp_path / "origin"))
    commit_all(origin, "Register awal")
    git(origin, "switch", "-q", "-c", "dik/kantor-cabang")
    add_record(origin, "DIK-2026-020")
    commit_all(origin, "Catatan yang belum digabung")
    git(origin, "switch", "-q", "main")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(clone))
    refs = git(clone, "for-each-ref", "--format=%(refname)").stdout.split()
    assert "refs/remotes/origin/dik/kantor-cabang" in refs and "refs/heads/dik/kantor-cabang" not in refs
    assert next_ids(clone, 2026) == ["DIK-2026-021"]
    assert next_ids(clone, 2025) == ["DIK-2025-009"]
    # A later year and a working-tree file that is not committed anywhere also count.
    add_record(clone, "DIK-2026-030")
    assert next_ids(clone, 2026) == ["DIK-2026-031"]


def test_next_id_in_a_plain_folder_uses_the_working_tree(register_copy: Path) -> None:
    assert next_ids(register_copy, 2026) == ["DIK-2026-008"]
    assert next_ids(register_copy, 2024) == ["DIK-2024-001"]


def run_in_terminal(root: Path, typed: list[str], *args: str) -> tuple[int, str]:
    """Run `registri new` with stdin on a real pseudo-terminal and type `typed`, one line each."""
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO   # the test reads only the program's own output
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling")}
    proc = subprocess.Popen([sys.executable, "-m", "registri", "new", "--today", TODAY, *args], cwd=root, env=env,
                            stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    os.close(slave)
    try:
        os.write(master, "".join(line + "\n" for line in typed).encode("utf-8"))
        out, _ = proc.communicate(timeout=60)
    finally:
        os.close(master)
    return proc.returncode, out


def typed_answers(**changes: list[str]) -> list[str]:
    """One line per question in order; a list gives a bad answer first, then a good one."""
    lines = []
    for key, value in ANSWERS.items():
        lines.extend(changes.get(key.removeprefix("--").replace("-", "_"), [value]))
        if key == "--penetapan-tanggal":
            lines.extend(["", ""])          # tempat and pejabat: accept the defaults shown
        if key == "--uji-tanggal":
            lines.append("")                # waktu: default sebelum_permohonan
    return lines


def test_terminal_session_asks_again_on_unusable_answers(register_copy: Path) -> None:
    typed = typed_answers(judul=["Data", ANSWERS["--judul"]], sumber_jenis=["faks", "2"],
                          sumber_tanggal=["2026-02-30", ANSWERS["--sumber-tanggal"]],
                          jika_dibuka=["belum diisi", ANSWERS["--jika-dibuka"]])
    code, out = run_in_terminal(register_copy, typed)
    assert code == 0, out
    assert out.count("Jawaban belum dapat dipakai") == 4
    assert "Judul informasi yang dikecualikan" in out and "Tempat penetapan [Banjarbaru]" in out
    assert "records/2026/DIK-2026-008.yaml" in out
    text = (register_copy / "records/2026/DIK-2026-008.yaml").read_text("utf-8")
    assert "jenis: surat_pengantar" in text and "pejabat: PPID BPMP Kalsel" in text
    assert registri(register_copy, "validate", "--today", TODAY).returncode == 0


def test_terminal_session_asks_again_for_fields_a_rule_rejects(register_copy: Path) -> None:
    """The test dated after the determination: DIK009 is shown and only that date is asked again."""
    typed = typed_answers(uji_tanggal=["2026-11-22"]) + ["2026-11-18"]
    code, out = run_in_terminal(register_copy, typed)
    assert code == 0, out
    assert " DIK009 [kesalahan] " in out and "Perbaiki jawaban berikut" in out
    assert "tanggal: 2026-11-18" in (register_copy / "records/2026/DIK-2026-008.yaml").read_text("utf-8")


def test_terminal_session_can_be_cancelled(register_copy: Path) -> None:
    code, out = run_in_terminal(register_copy, [ANSWERS["--judul"], "\x04"])
    assert code == 2 and "dibatalkan" in out and "Traceback" not in out
    assert not (register_copy / "records/2026/DIK-2026-008.yaml").exists()


@pytest.mark.parametrize("flag", ["--tanpa-tanya"])
def test_terminal_without_questions_takes_options(register_copy: Path, flag: str) -> None:
    code, out = run_in_terminal(register_copy, [], flag, *options())
    assert code == 0 and "Judul informasi" not in out and "records/2026/DIK-2026-008.yaml" in out


def test_dates_in_the_forms_import_accepts(register_copy: Path) -> None:
    """Issue 10: `new` takes 12/03/2026 and 12 Maret 2026 like `import` does."""
    result = new(register_copy, *options(sumber_tanggal="21/11/2026", penetapan_tanggal="20 November 2026",
                                         uji_tanggal="17 Nov 2026"))
    assert result.returncode == 0, result.stdout + result.stderr
    text = (register_copy / "records/2026/DIK-2026-008.yaml").read_text("utf-8")
    assert "tanggal: 2026-11-21" in text and "tanggal: 2026-11-20" in text and "tanggal: 2026-11-17" in text


def test_a_bad_date_is_one_finding_with_a_hint_that_fits(register_copy: Path) -> None:
    result = new(register_copy, *options(sumber_tanggal="30 Februari 2026"))
    assert result.returncode == 2
    assert result.stderr.count("--sumber-tanggal") == 1, result.stderr
    assert "Februari 2026 hanya sampai tanggal 28" in result.stderr
    typo = new(register_copy, *options(sumber_tanggal="21 Nopembr 2026"))
    assert typo.returncode == 2 and "maksudnya November?" in typo.stderr, typo.stderr
