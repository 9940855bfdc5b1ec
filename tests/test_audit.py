"""Every audit-trail rule fires on a real repository where the violation is made, and stays
quiet on a correct trail; text and JSON output; ranges and shallow clones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import TODAY, git, registri
from registri.audit import RULES, run_audit
from test_history_support import Trail, trailers

DAY = dt.date.fromisoformat(TODAY)
A, B = "DIK-2026-010", "DIK-2026-011"


def t(day_time: str) -> str:
    return f"2026-{day_time}:00+08:00"


def codes(root: Path, **kwargs) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in run_audit(root, today=DAY, **kwargs):
        found.setdefault(finding.code, []).append(finding)
    return found


@pytest.fixture
def trail(tmp_path: Path) -> Trail:
    return Trail(tmp_path / "repo")


def test_a_correct_trail_is_quiet(trail: Trail) -> None:
    trail.full_cycle([A, B])
    trail.branch("dik/tinjau")
    trail.change("peninjauan", [A], t("03-10T09:00"), status="dilaporkan")
    trail.change("pembukaan", [B], t("03-10T09:30"), status="dibuka")
    merge = trail.merge("dik/tinjau", t("03-10T10:00"))
    assert run_audit(trail.root, today=DAY) == []
    assert git(trail.root, "show", "--name-only", "--format=", "--first-parent", merge).stdout.split() == [
        "records/2026/DIK-2026-010.yaml", "records/2026/DIK-2026-011.yaml"]


def test_every_audit_rule_is_declared_with_indonesian_help() -> None:
    assert [r.code for r in RULES] == [f"AUD{i:03d}" for i in range(1, 22)]
    assert all(r.title and r.meaning and r.fix for r in RULES)


def test_unknown_author(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], t("03-03T09:00"), who="tamu")
    finding = codes(trail.root)["AUD001"][0]
    assert finding.commit == sha and finding.record == A and "tamu@luar.example" in finding.message


def test_role_not_held_by_the_author(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    trail.step(2, [A], t("03-03T09:30"))
    sha = trail.step(3, [A], t("03-03T10:00"), who="nurul", role="Pengadministrasi Umum")
    found = codes(trail.root)
    assert list(found) == ["AUD002"] and found["AUD002"][0].commit == sha


def test_role_not_allowed_for_the_step(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    trail.step(2, [A], t("03-03T09:30"))
    sha = trail.step(3, [A], t("03-03T10:00"), who="nurul", role="PPID")
    found = codes(trail.root)
    assert list(found) == ["AUD003"] and found["AUD003"][0].commit == sha
    assert "Pengadministrasi Umum" in found["AUD003"][0].message


def test_missing_trailers(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], t("03-03T09:00"), message="Tambah catatan")
    finding = codes(trail.root)["AUD004"][0]
    assert finding.commit == sha and finding.path == "records/2026/DIK-2026-010.yaml"


def test_duplicate_trailers(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], t("03-03T09:00"), message="Langkah-POS: 1\nLangkah-POS: 1\nPelaksana: PPID")
    assert codes(trail.root)["AUD005"][0].commit == sha


def test_contradictory_trailers(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], t("03-03T09:00"), message="Langkah-POS: 1\nPerubahan: koreksi\nPelaksana: PPID")
    assert codes(trail.root)["AUD006"][0].commit == sha


def test_invalid_trailer_value(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], t("03-03T09:00"), message="Langkah-POS: 7\nPelaksana: PPID")
    assert codes(trail.root)["AUD007"][0].commit == sha


def test_step_skipped(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    sha = trail.step(3, [A], t("03-03T10:00"))
    found = codes(trail.root)
    assert list(found) == ["AUD008"] and found["AUD008"][0].commit == sha and found["AUD008"][0].record == A


def test_step_done_twice(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    trail.step(2, [A], t("03-03T09:30"))
    path = trail.write(A, "diklasifikasi", source_day="2026-02-04")   # a change, same status
    sha = trail.commit(f"Langkah 2 lagi\n\n{trailers(2, 'PPID')}", "nurul", t("03-03T10:00"), [path])
    found = codes(trail.root)
    assert list(found) == ["AUD009"] and found["AUD009"][0].commit == sha


def test_status_not_the_steps_output(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    sha = trail.step(2, [A], t("03-03T09:30"), status="didokumentasikan")
    found = codes(trail.root)
    assert list(found) == ["AUD010"] and found["AUD010"][0].commit == sha


def test_record_deleted_or_renamed(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    git(trail.root, "mv", trail.path(A), trail.path(B))
    sha = trail.commit(f"Ganti nama\n\n{trailers(role='PPID', change='koreksi')}", "nurul", t("03-03T09:30"))
    found = codes(trail.root)
    assert found["AUD011"][0].commit == sha and found["AUD011"][0].record == A
    assert "DIK-2026-011" in found["AUD011"][0].message   # says where it went


def test_direct_commit_on_main(trail: Trail) -> None:
    sha = trail.step(1, [A], t("03-03T09:00"))   # no branch: straight onto main
    found = codes(trail.root)
    assert list(found) == ["AUD012"] and found["AUD012"][0].commit == sha


def test_squash_merge_on_main(trail: Trail) -> None:
    path = trail.write(A, "dilaporkan")
    body = f"* Langkah 1\n\n{trailers(1, 'PPID')}\nLangkah-POS: 4"
    sha = trail.commit(f"Batch Maret (#12)\n\n{body}", "hendra", t("03-03T11:00"), [path])
    found = codes(trail.root)
    assert found["AUD013"][0].commit == sha and "AUD012" not in found


def test_merge_into_main_by_someone_without_the_atasan_role(trail: Trail) -> None:
    trail.branch("dik/a")
    for n, time in ((1, "09:00"), (2, "09:30"), (3, "10:00"), (4, "10:30")):
        trail.step(n, [A], t(f"03-03T{time}"))
    sha = trail.merge("dik/a", t("03-03T11:00"), who="nurul")
    found = codes(trail.root)
    assert list(found) == ["AUD014"] and found["AUD014"][0].commit == sha


def test_author_dates_going_backwards(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    sha = trail.step(2, [A], t("03-02T09:30"))
    found = codes(trail.root)
    assert list(found) == ["AUD015"] and found["AUD015"][0].commit == sha


def test_author_date_in_the_future(trail: Trail) -> None:
    trail.branch("dik/a")
    sha = trail.step(1, [A], "2026-12-01T09:00:00+08:00")
    found = codes(trail.root)
    assert list(found) == ["AUD016"] and found["AUD016"][0].commit == sha
    assert run_audit(trail.root, today=dt.date(2026, 12, 2)) == []


def test_imported_records_are_said_so_and_not_checked(trail: Trail) -> None:
    path = trail.write(A, "didokumentasikan")
    trail.commit("Impor register lama", "nurul", t("03-02T08:00"), [path])   # on main, no trailers
    git(trail.root, "tag", "awal-jejak")
    config = (trail.root / "registri.yaml").read_text(encoding="utf-8")
    (trail.root / "registri.yaml").write_text(config.replace("mulai_jejak: null", "mulai_jejak: awal-jejak"),
                                              encoding="utf-8")
    found = codes(trail.root)
    assert list(found) == ["AUD019"] and found["AUD019"][0].level.value == "warning"
    assert A in found["AUD019"][0].message


def test_range_limits_the_commits_checked(trail: Trail) -> None:
    trail.step(1, [A], t("03-03T09:00"))          # a direct commit on main (AUD012) ...
    trail.branch("dik/b")
    trail.step(1, [B], t("03-04T09:00"))          # ... but the branch itself is clean
    assert "AUD012" in codes(trail.root)
    assert run_audit(trail.root, rev_range="main..dik/b", today=DAY) == []


def test_cli_text_and_json_output(trail: Trail) -> None:
    trail.branch("dik/a")
    trail.step(1, [A], t("03-03T09:00"))
    sha = trail.step(3, [A], t("03-03T10:00"))
    text = registri(trail.root, "audit", "--today", TODAY)
    assert text.returncode == 1
    assert f"records/2026/{A}.yaml: AUD008 [kesalahan]" in text.stdout and f"(commit {sha[:10]})" in text.stdout
    result = registri(trail.root, "audit", "--today", TODAY, "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["ringkasan"]["kesalahan"] == 1
    assert payload["temuan"][0] | {"message": ""} == {
        "path": f"records/2026/{A}.yaml", "line": None, "code": "AUD008", "level": "error", "message": "",
        "field": None, "record": A, "commit": sha}


def test_cli_clean_repository_exits_0(trail: Trail) -> None:
    trail.full_cycle([A])
    result = registri(trail.root, "audit", "--today", TODAY)
    assert result.returncode == 0 and "tidak ada kesalahan" in result.stdout


def test_shallow_clone_exits_2_with_a_clear_message(trail: Trail, tmp_path: Path) -> None:
    trail.full_cycle([A])
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{trail.root}", str(clone))
    result = registri(clone, "audit", "--today", TODAY)
    assert result.returncode == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr and "Traceback" not in result.stderr


def test_unknown_range_exits_2(trail: Trail) -> None:
    result = registri(trail.root, "audit", "--range", "main..tidak-ada")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'main..tidak-ada' tidak dikenal" in result.stderr


def test_unknown_trail_start_is_a_configuration_error(trail: Trail) -> None:
    trail.full_cycle([A])
    config = (trail.root / "registri.yaml").read_text(encoding="utf-8")
    (trail.root / "registri.yaml").write_text(config.replace("mulai_jejak: null", "mulai_jejak: tidak-ada"),
                                              encoding="utf-8")
    result = registri(trail.root, "audit", "--today", TODAY)
    assert result.returncode == 2 and "mulai_jejak 'tidak-ada'" in result.stderr and "Traceback" not in result.stderr
