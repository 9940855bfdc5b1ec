"""`registri demo`: a throwaway register with a realistic, auditable history."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, registri
from registri import demo, steps
from registri.config import load_office
from registri.loader import parse_text
from registri.schemas import schema_findings
from registri.sop import load_sop
from registri.worktime import WorkCalendar

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture(scope="module")
def sample_demo(tmp_path_factory) -> Path:
    return demo.build_demo(tmp_path_factory.mktemp("demo") / "repo", seed=1, today=DAY)


@pytest.fixture(scope="module")
def synthetic_demo(tmp_path_factory) -> Path:
    return demo.build_demo(tmp_path_factory.mktemp("synthetic") / "repo", records=60, seed=7, today=DAY)


def log(repo: Path, *args: str) -> list[str]:
    return git(repo, "log", *args).stdout.splitlines()


def test_every_record_ends_exactly_as_its_sample_file(sample_demo: Path) -> None:
    samples = sorted(p.relative_to(PROJECT).as_posix() for p in (PROJECT / "records").rglob("*.yaml"))
    built = sorted(p.relative_to(sample_demo).as_posix() for p in (sample_demo / "records").rglob("*.yaml"))
    assert built == samples
    for rel in samples:
        assert (sample_demo / rel).read_bytes() == (PROJECT / rel).read_bytes(), rel
    assert git(sample_demo, "status", "--porcelain").stdout == ""
    assert git(sample_demo, "branch", "--show-current").stdout.strip() == "main"


def test_the_demo_history_passes_the_audit(sample_demo: Path) -> None:
    result = registri(sample_demo, "audit", "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[kesalahan]" not in result.stdout and "[peringatan]" not in result.stdout
    assert registri(sample_demo, "validate", "--today", TODAY).returncode == 0


def test_history_shape_batches_merges_review_and_opening(sample_demo: Path) -> None:
    first_parent = log(sample_demo, "--first-parent", "--format=%P|%ae|%B%x00")
    merges = [c for c in "\n".join(first_parent).split("\x00") if c.strip() and len(c.split("|")[0].split()) == 2]
    assert len(merges) >= 10
    for merge in merges:
        assert "hendra.wijaya@bpmp-kalsel.example" in merge
        # A merge accepts (step 5) only when it brings records to dilaporkan; otherwise it is a
        # plain merge that carries only Pelaksana (issue 10).
        body = merge.split("|", 2)[2]
        if body.startswith("Terima laporan pendokumentasian:"):
            assert "Langkah-POS: 5\nPelaksana: Atasan PPID" in merge
        else:
            assert body.startswith("Gabungkan perubahan:") and "Langkah-POS" not in body
            assert "Pelaksana: Atasan PPID" in body
    subjects = log(sample_demo, "--format=%s")
    assert any(s.startswith("Terima laporan pendokumentasian: DIK-2025-003") for s in subjects)
    assert any(s.startswith("Peninjauan DIK-2025-004") for s in subjects)
    assert any(s.startswith("Pembukaan DIK-2025-001") for s in subjects)
    assert sum(s.startswith("Langkah 3:") for s in subjects) >= 5
    step3_authors = set(log(sample_demo, "--format=%ae", "--grep=^Langkah-POS: 3"))
    assert step3_authors <= {"siti.aminah@bpmp-kalsel.example", "rudi.setiawan@bpmp-kalsel.example"}
    assert git(sample_demo, "branch", "--list").stdout.split() == ["*", "main"]   # merged branches are deleted


def test_steps_happen_in_office_hours_on_working_days_before_today(sample_demo: Path) -> None:
    office = load_office(sample_demo)
    calendar = WorkCalendar(office)
    for line in log(sample_demo, "--all", "--format=%aI %cI"):
        author, committer = (dt.datetime.fromisoformat(t) for t in line.split())
        assert author == committer
        local = author.astimezone(office.tz)
        assert local.utcoffset() == dt.timedelta(hours=8)
        assert local.date() < DAY
        assert calendar.is_working_day(local.date()), local
        assert dt.time(7, 30) <= local.time() <= dt.time(17, 0), local


def test_the_office_files_come_along(sample_demo: Path) -> None:
    for name in (".pre-commit-config.yaml", "mkdocs.yml", "docs/panduan/impor.md",
                 "tooling/registri/schema/record.schema.json"):
        if (PROJECT / name).exists():
            assert (sample_demo / name).read_bytes() == (PROJECT / name).read_bytes(), name
    # registri.yaml comes along too, except that the demo's trail starts at its own first commit.
    ours = (PROJECT / "registri.yaml").read_text("utf-8").splitlines()
    theirs = (sample_demo / "registri.yaml").read_text("utf-8").splitlines()
    assert [a for a, b in zip(ours, theirs) if a != b] == [l for l in ours if l.startswith("mulai_jejak:") and l != "mulai_jejak: null"]
    assert "mulai_jejak: null" in theirs and len(ours) == len(theirs)
    assert not list(sample_demo.rglob("__pycache__"))
    assert git(sample_demo, "config", "user.email").stdout.strip() == "nurul.hasanah@bpmp-kalsel.example"


@pytest.fixture(scope="module")
def frozen_source(tmp_path_factory) -> Path:
    """The register files copied once, so parallel edits in this checkout cannot change the inputs."""
    return copy_register(tmp_path_factory.mktemp("source") / "register")


def test_same_seed_same_commits_other_seed_other_commits(tmp_path: Path, frozen_source: Path) -> None:
    first = demo.build_demo(tmp_path / "first", seed=1, today=DAY, source=frozen_source)
    again = demo.build_demo(tmp_path / "again", seed=1, today=DAY, source=frozen_source)
    other = demo.build_demo(tmp_path / "other", seed=2, today=DAY, source=frozen_source)
    head = git(first, "rev-parse", "HEAD").stdout
    assert git(again, "rev-parse", "HEAD").stdout == head
    assert git(other, "rev-parse", "HEAD").stdout != head
    assert (other / "records/2025/DIK-2025-004.yaml").read_bytes() == (first / "records/2025/DIK-2025-004.yaml").read_bytes()


def test_every_version_of_every_record_is_valid_for_its_status() -> None:
    """Each planned file content passes the schema (kelengkapan grows with the status)."""
    office, sop = load_office(PROJECT), load_sop(PROJECT)
    planner = demo.Planner(office, sop, random.Random(1), DAY)
    samples = demo._sample_records(PROJECT)
    planner.play(demo._batches([demo._sample_life(text, data, shown) for shown, text, data in samples]))
    seen = 0
    for commit in planner.commits:
        for path, raw in commit.files.items():
            loaded = parse_text(raw.decode("utf-8"), path)
            assert loaded.findings == [] and schema_findings(loaded, "record") == [], (path, commit.message)
            seen += 1
    assert seen >= 40


def test_synthetic_records_are_valid_and_audited(synthetic_demo: Path) -> None:
    files = list((synthetic_demo / "records").rglob("*.yaml"))
    assert len(files) == 60
    check = registri(synthetic_demo, "validate", "--today", TODAY)
    assert check.returncode == 0, check.stdout
    audit = registri(synthetic_demo, "audit", "--today", TODAY)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    texts = [f.read_text(encoding="utf-8") for f in files]
    statuses = {steps.status_in(t) for t in texts}
    assert "dilaporkan" in statuses
    assert len({t.splitlines()[2] for t in texts}) == 60        # every title differs


def test_synthetic_demo_is_deterministic(tmp_path: Path, frozen_source: Path) -> None:
    first = demo.build_demo(tmp_path / "first", records=40, seed=7, today=DAY, source=frozen_source)
    again = demo.build_demo(tmp_path / "again", records=40, seed=7, today=DAY, source=frozen_source)
    assert git(again, "rev-parse", "HEAD").stdout == git(first, "rev-parse", "HEAD").stdout


def test_cli_prints_where_and_what_next(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = registri(PROJECT, "demo", "--out", str(out), "--records", "12", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout and "registri audit" in result.stdout and "Langkah berikutnya" in result.stdout
    assert (out / ".git").is_dir()


def test_cli_refuses_a_folder_with_files_and_bad_numbers(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "catatan.txt").write_text("x", encoding="utf-8")
    full = registri(PROJECT, "demo", "--out", str(tmp_path / "full"), "--today", TODAY)
    assert full.returncode == 2 and "sudah berisi berkas" in full.stderr
    zero = registri(PROJECT, "demo", "--out", str(tmp_path / "x"), "--records", "0")
    assert zero.returncode == 2 and "--records" in zero.stderr
    early = registri(PROJECT, "demo", "--out", str(tmp_path / "y"), "--today", "2025-03-01")
    assert early.returncode == 2 and "--today" in early.stderr
    assert "Traceback" not in full.stderr + zero.stderr + early.stderr
