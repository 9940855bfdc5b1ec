"""The history model read from real Git repositories: events, statuses, acceptance, work time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import git, registri
from registri import gitlog
from registri.history import History, blob_facts, load_history
from test_history_support import Trail, record_text, trailers


def test_a_folder_without_git_has_an_empty_history(register_copy: Path) -> None:
    assert load_history(register_copy) == History.empty()


def test_a_repository_without_commits_has_an_empty_history(git_register: Path) -> None:
    assert load_history(git_register).head is None


def test_full_cycle_gives_four_steps_and_an_acceptance(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    shas = trail.full_cycle(["DIK-2026-010", "DIK-2026-011"])
    history = load_history(trail.root)
    record = history.of("DIK-2026-010")
    assert [(e.step, e.status_before, e.status_after) for e in record.events] == [
        (1, None, "divalidasi"), (2, "divalidasi", "diklasifikasi"),
        (3, "diklasifikasi", "didokumentasikan"), (4, "didokumentasikan", "dilaporkan")]
    assert [e.commit.sha for e in record.events] == [shas[1], shas[2], shas[3], shas[4]]
    assert [e.person.key for e in record.events] == ["nurul", "nurul", "siti", "nurul"]
    assert [e.role for e in record.events] == ["ppid", "ppid", "pengadministrasi_umum", "ppid"]
    assert not any(e.commit.on_main for e in record.events)
    # Step 2 came 40 working minutes after step 1, step 3 50 after step 2, step 4 30 after step 3.
    assert [e.work_minutes for e in record.events][1:] == [40, 50, 30]
    accepted = record.accepted
    assert accepted is not None and accepted.merge.sha == shas[5] and accepted.person.key == "hendra"
    assert accepted.record_ids == ("DIK-2026-010", "DIK-2026-011")
    assert accepted.work_minutes["DIK-2026-010"] == 10
    assert accepted.merge.on_main and accepted.merge.files == ("records/2026/DIK-2026-010.yaml",
                                                               "records/2026/DIK-2026-011.yaml")
    assert history.head == shas[5] and history.main_ref == "refs/heads/main"


def test_step_one_counts_from_the_working_day_of_the_source_letter(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    trail.branch("dik/a")
    path = trail.write("DIK-2026-020", "divalidasi", source_day="2026-08-14")
    trail.commit(f"Langkah 1\n\n{trailers(1, 'PPID')}", "nurul", "2026-08-14T09:30:00+08:00", [path])
    event = load_history(trail.root).of("DIK-2026-020").step(1)
    assert event.work_minutes == 120   # 07:30 opening to 09:30


def test_history_command_counts_across_a_weekend_and_independence_day(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    trail.branch("dik/a")
    trail.step(1, ["DIK-2026-030"], "2026-08-14T15:00:00+08:00")   # Friday
    trail.step(2, ["DIK-2026-030"], "2026-08-18T08:30:00+08:00")   # Tuesday after Monday 17 August
    result = registri(trail.root, "history", "DIK-2026-030", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["riwayat"]
    assert [r["langkah"] for r in rows] == [1, 2]
    assert rows[1]["menit_kerja"] == 120 and rows[1]["standar_menit"] == 30
    assert rows[1]["waktu"] == "2026-08-18T08:30+08:00" and rows[1]["pelaksana"] == "Nurul Hasanah, S.Sos."
    text = registri(trail.root, "history", "DIK-2026-030")
    assert text.returncode == 0
    assert "WITA" in text.stdout and "2 j 0 mnt / standar 30 mnt (melebihi standar)" in text.stdout
    assert "Sel 18-08-2026 08:30" in text.stdout


def test_history_command_unknown_id_exits_2(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    result = registri(trail.root, "history", "DIK-2026-999")
    assert result.returncode == 2
    assert "DIK-2026-999 tidak ditemukan" in result.stderr and "Traceback" not in result.stderr


def test_records_made_from_one_template_are_not_followed_into_each_other(tmp_path: Path) -> None:
    """A commit that deletes one record and adds a near-identical one: two records, not a rename."""
    trail = Trail(tmp_path / "repo")
    trail.branch("dik/a")
    trail.step(1, ["DIK-2026-040"], "2026-03-03T09:00:00+08:00")
    git(trail.root, "mv", trail.path("DIK-2026-040"), trail.path("DIK-2026-041"))
    trail.commit(f"Ganti nama\n\n{trailers(role='PPID', change='koreksi')}", "nurul", "2026-03-03T10:00:00+08:00")
    history = load_history(trail.root)
    old, new = history.of("DIK-2026-040"), history.of("DIK-2026-041")
    assert [(e.change_type, e.status_after) for e in old.events] == [("A", "divalidasi"), ("D", None)]
    assert [(e.change_type, e.status_before) for e in new.events] == [("A", None)]


def test_the_second_load_reads_the_cache_not_git(tmp_path: Path, monkeypatch) -> None:
    trail = Trail(tmp_path / "repo")
    trail.full_cycle(["DIK-2026-050"])
    first = load_history(trail.root)
    assert list((trail.root / ".git" / "registri-cache").glob("history-*.pickle"))

    def no_git(*args, **kwargs):
        raise AssertionError("git log must not run again")

    monkeypatch.setattr(gitlog, "read_log", no_git)
    second = load_history(trail.root)
    assert second == first
    # A new commit is a new key: the history is read again.
    trail.switch("dik/batch-1")
    trail.commit("Dokumen", "nurul", "2026-03-04T09:00:00+08:00")
    with pytest.raises(AssertionError):
        load_history(trail.root)


def test_records_before_the_trail_start_are_imported(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    path = trail.write("DIK-2026-060", "didokumentasikan")
    trail.commit("Impor register lama", "nurul", "2026-03-02T08:00:00+08:00", [path])
    git(trail.root, "tag", "awal-jejak")
    config = (trail.root / "registri.yaml").read_text(encoding="utf-8")
    (trail.root / "registri.yaml").write_text(config.replace("mulai_jejak: null", "mulai_jejak: awal-jejak"),
                                              encoding="utf-8")
    trail.commit("Mulai jejak", "nurul", "2026-03-02T08:10:00+08:00", ["registri.yaml"])
    trail.branch("dik/lapor")
    trail.step(4, ["DIK-2026-060"], "2026-03-03T09:00:00+08:00")
    trail.merge("dik/lapor", "2026-03-03T10:00:00+08:00")
    record = load_history(trail.root).of("DIK-2026-060")
    assert record.imported
    assert [e.kind for e in record.events] == ["impor", "langkah"]
    assert record.accepted is not None


def test_unmerged_branch_work_has_no_acceptance(tmp_path: Path) -> None:
    trail = Trail(tmp_path / "repo")
    trail.branch("dik/a")
    trail.step(1, ["DIK-2026-070"], "2026-03-03T09:00:00+08:00")
    record = load_history(trail.root).of("DIK-2026-070")
    assert record.step(1) is not None and record.accepted is None


def test_blob_facts_read_status_and_source_date() -> None:
    status, day = blob_facts(record_text("DIK-2026-001", "diklasifikasi", "2026-05-04").encode())
    assert (status, day.isoformat()) == ("diklasifikasi", "2026-05-04")
    flow = b"id: DIK-2026-001\nstatus: 'dilaporkan'\nsumber: {jenis: disposisi, nomor: x, tanggal: 2026-01-02}\n"
    status, day = blob_facts(flow)
    assert (status, day.isoformat()) == ("dilaporkan", "2026-01-02")


def test_history_command_outside_git_says_there_is_no_history_yet(register_copy: Path) -> None:
    result = registri(register_copy, "history", "DIK-2026-003")
    assert result.returncode == 0, result.stderr
    assert "Status sekarang: didokumentasikan" in result.stdout and "Belum ada riwayat" in result.stdout


def test_after_new_commits_only_they_are_read_and_the_history_is_the_one_read_whole(tmp_path: Path, monkeypatch) -> None:
    # The demo's history has branches and merges. A branch that forked before the cached head
    # and merges after it puts its commits among the old ones in the walk's order.
    import datetime as dt
    import shutil

    from registri.demo import build_demo

    root = build_demo(tmp_path / "repo", today=dt.date(2026, 11, 26))
    load_history(root)
    base = git(root, "rev-parse", "HEAD~3").stdout.strip()
    git(root, "checkout", "-q", "-b", "koreksi-lama", base)
    record = sorted((root / "records").rglob("*.yaml"))[0]
    record.write_text(record.read_text(encoding="utf-8").replace("judul: ", "judul: Koreksi ", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Koreksi judul\n\nPerubahan: koreksi\nPelaksana: PPID")
    git(root, "checkout", "-q", "main")
    git(root, "-c", "core.hooksPath=/dev/null", "merge", "-q", "--no-ff", "-m", "Merge koreksi-lama", "koreksi-lama")
    passes = []
    real = gitlog.read_log
    monkeypatch.setattr(gitlog, "read_log", lambda *args, **kwargs: passes.append(kwargs.get("only")) or real(*args, **kwargs))
    again = load_history(root)
    assert len(passes) == 1 and passes[0] is not None and len(passes[0]) == 2     # the branch commit and the merge
    shutil.rmtree(root / ".git" / "registri-cache")
    whole = load_history(root)
    assert passes[1] is None                                   # no cache: the one whole pass
    assert again == whole and again.commits


def test_commits_on_top_of_the_last_read_are_walked_alone_and_a_rewrite_walks_everything(tmp_path: Path, monkeypatch) -> None:
    import datetime as dt
    import shutil

    from registri.demo import build_demo

    root = build_demo(tmp_path / "repo", today=dt.date(2026, 11, 26))
    load_history(root)
    record = sorted((root / "records").rglob("*.yaml"))[5]
    record.write_text(record.read_text(encoding="utf-8").replace("judul: ", "judul: Koreksi ", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Koreksi judul\n\nPerubahan: koreksi\nPelaksana: PPID")
    record.write_text(record.read_text(encoding="utf-8").replace("judul: ", "judul: Lagi ", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Koreksi lagi\n\nPerubahan: peninjauan\nPelaksana: PPID")
    (root / "docs" / "catatan-kantor.md").write_text("# Catatan\n", encoding="utf-8")     # touches no record
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Catatan kantor")
    walks, passes = [], []
    real_order, real_read = gitlog.log_order, gitlog.read_log
    monkeypatch.setattr(gitlog, "log_order", lambda *args: walks.append(args) or real_order(*args))
    monkeypatch.setattr(gitlog, "read_log", lambda *args, **kwargs: passes.append(kwargs.get("only")) or real_read(*args, **kwargs))
    on_top = load_history(root)
    assert walks == [] and len(passes) == 1 and len(passes[0]) == 2      # the record's two commits only
    cache = root / ".git" / "registri-cache"
    shutil.copytree(cache, tmp_path / "kept")
    shutil.rmtree(cache)
    assert on_top == load_history(root) and on_top.commits

    # The last read head is no longer below HEAD (history rewritten): the whole walk gives the order.
    shutil.rmtree(cache)
    shutil.copytree(tmp_path / "kept", cache)
    git(root, "reset", "-q", "--hard", "HEAD~3")
    record.write_text(record.read_text(encoding="utf-8").replace("judul: ", "judul: Lain ", 1), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "Koreksi lain\n\nPerubahan: koreksi\nPelaksana: PPID")
    walks.clear()
    rewritten = load_history(root)
    assert len(walks) == 1
    shutil.rmtree(cache)
    assert rewritten == load_history(root)
