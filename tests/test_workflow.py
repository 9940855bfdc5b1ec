"""The core of the staff actions (registri.workflow, registri.acceptance, registri.newrecord):
what the trial of issue 10 found in `step`, `accept` and `new`, in real Git repositories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, git, registri
from registri import acceptance, steps, workflow
from registri.errors import UsageError
from test_step import RECORD, as_person, at, head, message, repo, sample_at, write  # noqa: F401 - fixture

DAY = dt.date.fromisoformat(TODAY)


def committed_at(repo: Path, status: str, branch: str = "dik/DIK-2025-003") -> None:
    """The sample record at `status`, committed on a working branch without hooks."""
    git(repo, "switch", "-q", "-c", branch)
    write(repo, sample_at(status))
    git(repo, "add", RECORD)
    git(repo, "commit", "-q", "--no-verify", "-m", f"impor {status}")


def test_step_shows_the_warnings_validate_gives_for_the_same_record(repo: Path) -> None:
    committed_at(repo, "divalidasi")
    late_review = sample_at("diklasifikasi").replace("status: diklasifikasi", "status: divalidasi") \
        .replace("tinjau_ulang: 2026-12-10", "tinjau_ulang: 2027-12-10")
    write(repo, late_review)
    checked = registri(repo, "validate", RECORD, "--today", TODAY)
    assert "DIK022" in checked.stdout
    result = registri(repo, "step", "2", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "DIK022 [peringatan]" in result.stdout
    assert "tidak menghalangi" in result.stdout
    assert "Langkah-POS: 2" in message(repo)


def test_peninjauan_without_a_review_entry_is_refused(repo: Path) -> None:
    committed_at(repo, "dilaporkan")
    before = head(repo)
    moved = sample_at("dilaporkan").replace("tinjau_ulang: 2026-12-10", "tinjau_ulang: 2027-12-10")
    write(repo, moved)
    result = registri(repo, "step", "peninjauan", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 1
    assert "STP001" in result.stdout and "tinjau_ulang berubah dari 2026-12-10 ke 2027-12-10" in result.stdout
    assert "peninjauan:\n    - tanggal: YYYY-MM-DD" in result.stdout
    assert head(repo) == before
    write(repo, moved.rstrip("\n") + "\n\npeninjauan:\n  - tanggal: 2026-11-25\n    nomor: BA-PT/03/2026\n"
                                     "    hasil: Pengecualian dipertahankan satu tahun lagi.\n")
    again = registri(repo, "step", "peninjauan", "DIK-2025-003", "--today", TODAY)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Perubahan: peninjauan" in message(repo)


def test_a_change_with_nothing_changed_says_why_in_indonesian(repo: Path) -> None:
    committed_at(repo, "dilaporkan")
    before = head(repo)
    result = registri(repo, "step", "koreksi", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 2
    assert "tidak berubah dibanding commit terakhir" in result.stderr
    # Only Windows line ends differ: Git stores the same content, so it is still no change.
    (repo / RECORD).write_bytes(sample_at("dilaporkan").replace("\n", "\r\n").encode("utf-8"))
    git(repo, "config", "core.autocrlf", "true")
    crlf = registri(repo, "step", "koreksi", "DIK-2025-003", "--today", TODAY)
    assert crlf.returncode == 2, crlf.stdout + crlf.stderr
    assert "tidak berubah" in crlf.stderr
    for git_word in ("nothing to commit", "fatal:", "error:", "Traceback"):
        assert git_word not in crlf.stdout + crlf.stderr
    assert head(repo) == before


def test_nothing_changed_on_main_leaves_no_branch_behind(repo: Path) -> None:
    """The last guard before `git commit`: an unchanged file never reaches Git's own message."""
    from registri.gitwrite import Workspace

    write(repo, sample_at("divalidasi"))
    git(repo, "add", RECORD)
    git(repo, "commit", "-q", "--no-verify", "-m", "impor")
    change = workflow.Change(repo / RECORD, RECORD, "DIK-2025-003", sample_at("divalidasi"), sample_at("divalidasi"))
    with pytest.raises(UsageError, match="tidak berubah"):
        workflow.commit_changes(Workspace(repo), [change], "Koreksi DIK-2025-003\n", "dik/koreksi-DIK-2025-003")
    assert git(repo, "branch", "--show-current").stdout.strip() == "main"
    assert git(repo, "branch", "--list", "dik/*").stdout.strip() == ""


def test_every_step_names_the_next_command_and_reminds_to_send(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    result = registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00"))
    assert result.returncode == 0, result.stderr
    assert "`registri step 2 DIK-2025-003`" in result.stdout
    assert "git push -u origin dik/DIK-2025-003" in result.stdout


def test_koreksi_on_main_goes_to_the_branch_the_readme_names(repo: Path) -> None:
    write(repo, sample_at("dilaporkan"))
    git(repo, "add", RECORD)
    git(repo, "commit", "-q", "--no-verify", "-m", "impor")
    write(repo, sample_at("dilaporkan").replace("Ruang Kepegawaian", "Ruang Arsip Kepegawaian"))
    result = registri(repo, "step", "koreksi", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    branch = git(repo, "branch", "--show-current").stdout.strip()
    assert branch == workflow.branch_hint(workflow.parse_kind("koreksi"), ["DIK-2025-003"]) == "dik/koreksi-DIK-2025-003"
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "dik/<perubahan>-<ID>" in readme


def test_new_names_the_next_command(tmp_path: Path) -> None:
    from conftest import copy_register, init_repo

    root = init_repo(copy_register(tmp_path / "r", with_records=False))
    result = registri(root, "new", "--tanpa-tanya", "--today", TODAY,
                      "--judul", "Daftar nilai ujian kompetensi peserta pelatihan fasilitator 2026",
                      "--uraian", "Nilai per peserta ujian kompetensi pelatihan fasilitator daerah 2026.",
                      "--unit", "Tim Kerja Fasilitasi", "--sumber-nomor", "0101/B12/HM.01.00/2026",
                      "--sumber-tanggal", "2026-11-20", "--penetapan-nomor", "21/B12/HK.03.01/2026",
                      "--penetapan-tanggal", "2026-11-19", "--uji-nomor", "BA-UK/21/2026", "--uji-tanggal", "2026-11-18",
                      "--jika-dibuka", "Membuka nilai per peserta mempermalukan peserta yang belum lulus dan merusak kepercayaan.",
                      "--kepentingan-publik", "Menutup melindungi hak pribadi peserta; publik tetap menerima rekapitulasi kelulusan.")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "registri step 1 DIK-2026-001" in result.stderr


# Acceptance: which records a merge receives -----------------------------------------------------
HENDRA = "hendra"


def branch_with(repo: Path, branch: str, status: str, record: str = RECORD, text: str | None = None) -> None:
    git(repo, "switch", "-q", "-c", branch, "main")
    write(repo, text or sample_at(status), record)
    git(repo, "add", record)
    git(repo, "commit", "-q", "--no-verify", "-m", f"{status}")
    git(repo, "switch", "-q", "main")


def test_accept_plan_splits_reported_from_merged_only(repo: Path) -> None:
    other = "records/2025/DIK-2025-004.yaml"
    text = sample_at("diklasifikasi").replace("DIK-2025-003", "DIK-2025-004")
    git(repo, "switch", "-q", "-c", "dik/campur", "main")
    write(repo, sample_at("dilaporkan"))
    write(repo, text, other)
    git(repo, "add", RECORD, other)
    git(repo, "commit", "-q", "--no-verify", "-m", "campur")
    git(repo, "switch", "-q", "main")
    as_person(repo, HENDRA)
    from registri.gitwrite import Workspace

    reported, merged = acceptance.split_records(Workspace(repo), "main", "dik/campur")
    assert (reported, merged) == (["DIK-2025-003"], ["DIK-2025-004"])
    msg = steps.accept_message(reported, "Atasan PPID", merged)
    assert msg.splitlines()[0] == "Terima laporan pendokumentasian: DIK-2025-003"
    assert "Digabung tanpa penerimaan (belum dilaporkan): DIK-2025-004" in msg
    assert "DIK-2025-004" not in msg.splitlines()[0]


def test_accept_check_only_lists_what_would_be_merged_and_leaves_main(repo: Path) -> None:
    write(repo, sample_at("divalidasi"))
    assert registri(repo, "step", "1", "DIK-2025-003", env=at("2025-12-11T09:10:00+08:00")).returncode == 0
    git(repo, "switch", "-q", "main")
    as_person(repo, HENDRA)
    before = head(repo)
    result = registri(repo, "accept", "dik/DIK-2025-003", "--periksa", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hanya digabung, belum dilaporkan sehingga tidak diterima: DIK-2025-003" in result.stdout
    assert "bukan penerimaan laporan" in result.stdout
    assert head(repo) == before


def test_merge_message_without_reported_records_does_not_say_received() -> None:
    msg = steps.merge_message(["DIK-2025-003"], "Atasan PPID")
    assert msg.startswith("Gabungkan perubahan: DIK-2025-003")
    assert "Terima" not in msg and "diterima" not in msg.lower().split("\n")[0]


def test_with_section_replaces_or_appends_and_keeps_the_rest() -> None:
    base = sample_at("divalidasi")
    added = steps.with_section(base, "klasifikasi", {"pasal": ["17h.4"], "keamanan": "terbatas"})
    assert added.startswith(base.rstrip("\n")) and added.endswith("\n\nklasifikasi:\n  pasal: [17h.4]\n  keamanan: terbatas\n")
    full = sample_at("dilaporkan")
    replaced = steps.with_section(full, "klasifikasi", {"pasal": ["17b"]})
    assert "klasifikasi:\n  pasal: [17b]\n\ndokumentasi:" in replaced
    assert steps.without_sections(replaced, {"klasifikasi"}) == steps.without_sections(full, {"klasifikasi"})
    crlf = steps.with_section(full.replace("\n", "\r\n"), "klasifikasi", {"pasal": ["17b"]})
    assert crlf.count("\n") == crlf.count("\r\n")


def test_step_writes_upper_case_sha256_and_capitalised_level_canonically_and_says_so(repo: Path) -> None:
    committed_at(repo, "diklasifikasi")
    text = sample_at("didokumentasikan").replace("status: didokumentasikan", "status: diklasifikasi")
    digest = "b3415e98ef64b2959959361c6e49aee049e05057cce39f101dd8325aa1ac0cf0"
    text = text.replace(digest, digest.upper()).replace("keamanan: terbatas", "keamanan: Rahasia")
    write(repo, text)
    as_person(repo, "siti")
    result = registri(repo, "step", "3", "DIK-2025-003", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "bentuk baku" in result.stdout
    stored = git(repo, "show", f"HEAD:{RECORD}").stdout
    assert f"sha256: {digest}\n" in stored and "keamanan: rahasia\n" in stored
