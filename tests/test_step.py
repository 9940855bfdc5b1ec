"""`registri step`: the SOP steps as commits, in real Git repositories."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo, registri
from registri import steps

STAFF = {
    "nurul": ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example"),
    "siti": ("Siti Aminah", "siti.aminah@bpmp-kalsel.example"),
    "hendra": ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example"),
}
SAMPLE = PROJECT / "records" / "2025" / "DIK-2025-003.yaml"   # a record that went through steps 1-4
RECORD = "records/2025/DIK-2025-003.yaml"


def as_person(repo: Path, key: str) -> None:
    name, email = STAFF[key]
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)


def at(when: str) -> dict:
    """Fixed author and committer dates (office time) so histories are reproducible."""
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "REGISTRI_TODAY": TODAY}


def sample_at(status: str) -> str:
    return steps.version_at(SAMPLE.read_text(encoding="utf-8"), status)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A register repository with its configuration committed on main and no records."""
    path = init_repo(copy_register(tmp_path / "repo", with_records=False))
    git(path, "add", "registri.yaml")
    git(path, "commit", "-q", "-m", "Siapkan register", env=at("2025-12-01T08:00:00+08:00"))
    return path


def write(repo: Path, text: str, rel: str = RECORD) -> Path:
    file = repo / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def message(repo: Path, rev: str = "HEAD") -> str:
    return git(repo, "log", "-1", "--format=%B", rev).stdout


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def test_step_1_on_main_commits_on_a_new_branch_with_trailers(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    result = registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    assert result.returncode == 0, result.stderr
    assert git(repo, "branch", "--show-current").stdout.strip() == "dik/DIK-2025-003"
    assert "cabang baru 'dik/DIK-2025-003'" in result.stdout
    body = message(repo)
    assert body.splitlines()[0] == "Langkah 1: validasi DIK-2025-003"
    assert "Langkah-POS: 1\nPelaksana: PPID" in body
    assert git(repo, "log", "-1", "--format=%ae %aI").stdout.strip() == \
        "nurul.hasanah@bpmp-kalsel.example 2025-12-11T09:10:00+08:00"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").stdout.split() == [RECORD]


def test_steps_1_to_4_by_the_right_people_reach_dilaporkan(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    assert registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00")).returncode == 0
    write(repo, sample_at("diklasifikasi").replace("status: diklasifikasi", "status: divalidasi"))
    assert registri(repo, "step", "2", "DIK-2025-003", env=at("2025-12-11T10:00:00+08:00")).returncode == 0
    as_person(repo, "siti")
    write(repo, sample_at("didokumentasikan").replace("status: didokumentasikan", "status: diklasifikasi"))
    result = registri(repo, "step", "3", "DIK-2025-003", env=at("2025-12-12T08:30:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Pelaksana: Pengadministrasi Umum" in message(repo)
    as_person(repo, "nurul")
    result = registri(repo, "step", "4", "DIK-2025-003", "--laporan", "2025-T4", env=at("2025-12-15T09:00:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "registri accept dik/DIK-2025-003" in result.stdout
    text = (repo / RECORD).read_text(encoding="utf-8")
    assert "\nstatus: dilaporkan\n" in text and text.rstrip().endswith("laporan: 2025-T4")
    assert text == SAMPLE.read_text(encoding="utf-8")     # the sample's final content, byte for byte
    subjects = git(repo, "log", "--format=%s", "main..HEAD").stdout.splitlines()
    assert subjects == ["Langkah 4: laporan DIK-2025-003", "Langkah 3: dokumentasi DIK-2025-003",
                        "Langkah 2: klasifikasi DIK-2025-003", "Langkah 1: validasi DIK-2025-003"]


def test_step_4_defaults_to_the_report_period_of_today(repo: Path) -> None:
    write(repo, sample_at("didokumentasikan"))
    git(repo, "switch", "-q", "-c", "dik/impor")
    git(repo, "add", RECORD)
    git(repo, "commit", "-q", "--no-verify", "-m", "x\n\nLangkah-POS: 3\nPelaksana: Pengadministrasi Umum")
    result = registri(repo, "step", "4", "DIK-2025-003", "--today", "2026-11-26")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "laporan: 2026-T4" in (repo / RECORD).read_text(encoding="utf-8")


def test_incomplete_record_is_refused_and_nothing_changes(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    before, text = head(repo), (repo / RECORD).read_text(encoding="utf-8")
    result = registri(repo, "step", "2", "DIK-2025-003")
    assert result.returncode == 1
    assert "DIK001" in result.stdout and "'klasifikasi' wajib diisi" in result.stdout
    assert "Belum ada yang diubah" in result.stdout
    assert head(repo) == before
    assert (repo / RECORD).read_text(encoding="utf-8") == text


def test_rule_errors_of_the_new_state_are_refused(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    broken = sample_at("diklasifikasi").replace("status: diklasifikasi", "status: divalidasi")
    broken = broken.replace("keamanan: ", "keamanan: biasa  # was: ")   # an exempted item is never Biasa
    write(repo, broken)
    result = registri(repo, "step", "2", "DIK-2025-003")
    assert result.returncode == 1
    assert "records/2025/DIK-2025-003.yaml:" in result.stdout and "[kesalahan]" in result.stdout
    assert "status: divalidasi" in (repo / RECORD).read_text(encoding="utf-8")


def test_a_role_the_sop_does_not_allow_is_refused(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    as_person(repo, "siti")
    result = registri(repo, "step", "1", "DIK-2025-003")
    assert result.returncode == 2
    assert "PPID" in result.stderr and "Siti Aminah" in result.stderr
    assert git(repo, "rev-list", "--count", "--all").stdout.strip() == "1"


def test_an_email_not_in_registri_yaml_is_refused(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    git(repo, "config", "user.email", "someone@elsewhere.example")
    result = registri(repo, "step", "1", "DIK-2025-003")
    assert result.returncode == 2
    assert "someone@elsewhere.example" in result.stderr and "registri.yaml" in result.stderr


def test_pelaksana_must_be_a_role_the_person_holds(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    result = registri(repo, "step", "1", "DIK-2025-003", "--pelaksana", "Atasan PPID")
    assert result.returncode == 2 and "tidak boleh dikerjakan sebagai Atasan PPID" in result.stderr


def test_skipping_a_step_is_refused(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    write(repo, sample_at("didokumentasikan").replace("status: didokumentasikan", "status: divalidasi"))
    as_person(repo, "siti")
    result = registri(repo, "step", "3", "DIK-2025-003")
    assert result.returncode == 2
    assert "berstatus divalidasi" in result.stderr and "tidak boleh dilompati" in result.stderr


def test_step_1_twice_and_step_5_are_refused_with_guidance(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    again = registri(repo, "step", "1", "DIK-2025-003")
    assert again.returncode == 2 and "sudah pernah di-commit" in again.stderr
    five = registri(repo, "step", "5", "DIK-2025-003")
    assert five.returncode == 2 and "registri accept" in five.stderr
    unknown = registri(repo, "step", "1", "DIK-2025-999")
    assert unknown.returncode == 2 and "tidak ditemukan" in unknown.stderr
    assert "Traceback" not in again.stderr + five.stderr + unknown.stderr


def test_comments_and_layout_of_the_record_are_kept(repo: Path) -> None:
    text = sample_at("divalidasi").replace("status: divalidasi", "status: divalidasi   # diisi oleh registri step")
    text = text.replace("\nsumber:", "\n# Disposisi Kepala Balai\nsumber:")
    write(repo, text)
    registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    klas = steps.version_at(SAMPLE.read_text(encoding="utf-8"), "diklasifikasi")
    extra = klas[klas.index("\nklasifikasi:"):]
    write(repo, text.rstrip("\n") + "\n" + extra)
    assert registri(repo, "step", "2", "DIK-2025-003").returncode == 0
    after = (repo / RECORD).read_text(encoding="utf-8")
    assert "status: diklasifikasi   # diisi oleh registri step" in after
    assert "# Disposisi Kepala Balai\nsumber:" in after


def test_pembukaan_is_a_named_change(repo: Path) -> None:
    final = SAMPLE.read_text(encoding="utf-8")
    write(repo, final)
    git(repo, "switch", "-q", "-c", "dik/lama")
    git(repo, "add", RECORD)
    git(repo, "commit", "-q", "--no-verify", "-m", "impor")
    opened = final.rstrip("\n") + ("\n\ndibuka:\n  tanggal: 2026-11-20\n  alasan: keputusan_pimpinan\n"
                                   "  dasar: Penetapan pembukaan 40/B12/HK.03.01/2026\n")
    write(repo, opened)
    result = registri(repo, "step", "pembukaan", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    body = message(repo)
    assert body.startswith("Pembukaan DIK-2025-003") and "Perubahan: pembukaan\nPelaksana: PPID" in body
    assert "\nstatus: dibuka\n" in (repo / RECORD).read_text(encoding="utf-8")


def test_a_refusing_hook_leaves_files_branch_and_index_as_they_were(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "commit-msg"
    hook.write_text("#!/bin/sh\necho 'ditolak oleh hook' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IEXEC)
    write(repo, sample_at("divalidasi").replace("status: divalidasi", "status: dilaporkan"))
    result = registri(repo, "step", "1", "DIK-2025-003")
    assert result.returncode == 2
    assert "ditolak oleh hook" in result.stderr and "Traceback" not in result.stderr
    assert git(repo, "branch", "--show-current").stdout.strip() == "main"
    assert git(repo, "branch", "--list", "dik/*").stdout.strip() == ""
    assert git(repo, "diff", "--cached", "--name-only").stdout.strip() == ""
    assert "status: dilaporkan" in (repo / RECORD).read_text(encoding="utf-8")


# The text edits themselves -------------------------------------------------------------------

def test_with_status_keeps_the_comment_after_the_value() -> None:
    text = "id: DIK-2026-001\nstatus: divalidasi   # keterangan\nsumber:\n  status: lain\n"
    assert steps.with_status(text, "diklasifikasi") == \
        "id: DIK-2026-001\nstatus: diklasifikasi   # keterangan\nsumber:\n  status: lain\n"


def test_with_top_level_replaces_or_appends() -> None:
    assert steps.with_top_level("a: 1\nlaporan: 2026-T1\n", "laporan", "2026-T2") == "a: 1\nlaporan: 2026-T2\n"
    assert steps.with_top_level("a: 1\n", "laporan", "2026-T2") == "a: 1\n\nlaporan: 2026-T2\n"


@pytest.mark.parametrize("path", sorted((PROJECT / "records").rglob("*.yaml")), ids=lambda p: p.stem)
def test_sections_cover_every_line_of_the_sample_records(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    parts = steps.sections(text)
    assert "".join(line for s in parts for line in s.lines) == text
    assert [s.key for s in parts][:2] == ["id", "judul"]


def test_version_at_drops_later_sections_and_sets_status() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    first = steps.version_at(text, "divalidasi")
    assert "\nstatus: divalidasi\n" in first
    assert "klasifikasi:" not in first and "dokumentasi:" not in first and "laporan:" not in first
    assert "uji_konsekuensi:" in first and first.endswith("\n") and not first.endswith("\n\n")
    assert steps.version_at(text, "dilaporkan") == text


def test_report_period_follows_the_office_setting() -> None:
    import datetime as dt

    assert steps.report_period(dt.date(2026, 11, 26), "triwulan") == "2026-T4"
    assert steps.report_period(dt.date(2026, 3, 31), "semester") == "2026-S1"


def test_windows_line_ends_and_bom_are_kept(repo: Path) -> None:
    text = "\ufeff" + sample_at("divalidasi").replace("\n", "\r\n")
    file = repo / RECORD
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(text.encode("utf-8"))
    result = registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert file.read_bytes() == text.encode("utf-8")
