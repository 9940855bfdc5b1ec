"""CI is the real gate: what a staff member slips past the local hooks, the workflows catch.

The commands are read from the workflow files themselves and run in real repositories, so this
tests the gate as GitHub runs it, not a copy of it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo, registri
from registri.audit import AUD_CODE, RULES as AUDIT_RULES
from registri.rules.titles import NEVER_EXEMPT_TITLE
from registri.steps import version_at
from test_workflows import MAIN_WORKFLOW, PR_WORKFLOW, load_yaml, shim_path

STAFF = {
    "nurul": ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example"),
    "siti": ("Siti Aminah", "siti.aminah@bpmp-kalsel.example"),
    "hendra": ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example"),
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SQUASH = next(rule for rule in AUDIT_RULES if rule.code == "AUD013")


def as_person(repo: Path, key: str) -> None:
    name, email = STAFF[key]
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", email)


def at(when: str) -> dict:
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "REGISTRI_TODAY": TODAY}


def sha(repo: Path, ref: str = "HEAD") -> str:
    return git(repo, "rev-parse", ref).stdout.strip()


def register_repo(path: Path) -> Path:
    """A register as an office keeps it: config, hooks and tooling committed on main, no records."""
    repo = init_repo(copy_register(path, with_records=False))
    shutil.copytree(PROJECT / "tooling", repo / "tooling",
                    ignore=shutil.ignore_patterns("__pycache__", "bench", "*.pyc"))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Siapkan register", env=at("2025-12-01T08:00:00+08:00"))
    return repo


def write_record(repo: Path, ident: str, text: str) -> str:
    rel = f"records/{ident.split('-')[1]}/{ident}.yaml"
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(text, encoding="utf-8")
    return rel


def steps_1_to_4(repo: Path, ident: str, day: str) -> None:
    """The SOP's four steps on one sample record, by the right people, through `registri step`."""
    final = (PROJECT / "records" / ident.split("-")[1] / f"{ident}.yaml").read_text(encoding="utf-8")
    previous = {"divalidasi": "divalidasi", "diklasifikasi": "divalidasi",
                "didokumentasikan": "diklasifikasi", "dilaporkan": "didokumentasikan"}
    plan = [(1, "divalidasi", "nurul", "09:10"), (2, "diklasifikasi", "nurul", "10:00"),
            (3, "didokumentasikan", "siti", "13:30"), (4, "dilaporkan", "nurul", "15:00")]
    for number, status, person, clock in plan:
        as_person(repo, person)
        text = final if status == "dilaporkan" else version_at(final, status)
        write_record(repo, ident, text.replace(f"status: {status}", f"status: {previous[status]}", 1))
        extra = ["--laporan", final.split("laporan: ")[1].split()[0]] if number == 4 else []
        result = registri(repo, "step", str(number), ident, *extra, env=at(f"{day}T{clock}:00+08:00"))
        assert result.returncode == 0, result.stdout + result.stderr


def raw_steps(repo: Path, ident: str, day: str) -> None:
    """Steps 1-4 as plain commits with the convention's trailers (what `registri step` writes)."""
    final = (PROJECT / "records" / ident.split("-")[1] / f"{ident}.yaml").read_text(encoding="utf-8")
    plan = [(1, "divalidasi", "nurul", "PPID"), (2, "diklasifikasi", "nurul", "PPID"),
            (3, "didokumentasikan", "siti", "Pengadministrasi Umum"), (4, "dilaporkan", "nurul", "PPID")]
    for number, status, person, role in plan:
        as_person(repo, person)
        rel = write_record(repo, ident, final if status == "dilaporkan" else version_at(final, status))
        git(repo, "add", rel)
        git(repo, "commit", "-q", "--no-verify", "-m", f"Langkah {number} {ident}\n\nLangkah-POS: {number}\nPelaksana: {role}",
            env=at(f"{day}T{9 + number}:00:00+08:00"))


def accept(repo: Path, branch: str, when: str) -> None:
    as_person(repo, "hendra")
    git(repo, "switch", "-q", "main")
    result = registri(repo, "accept", branch, env=at(when))
    assert result.returncode == 0, result.stdout + result.stderr


def workflow_commands(path: Path, job: str, starts: tuple[str, ...]) -> list[tuple[str, dict]]:
    document = load_yaml(path)
    job_doc = document["jobs"][job]
    found = []
    for step in job_doc["steps"]:
        env = {**document.get("env", {}), **job_doc.get("env", {}), **step.get("env", {})}
        found += [(line.strip(), env) for line in step.get("run", "").splitlines() if line.strip().startswith(starts)]
    return found


def run_in(repo: Path, line: str, env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """One workflow line through bash, with the workflow's env and `registri`/`pre-commit` on PATH."""
    path = os.pathsep.join([str(Path(sys.executable).parent), shim_path(tmp_path)])
    full_env = {**os.environ, **env, "PATH": path, "PYTHONPATH": str(PROJECT / "tooling"), "REGISTRI_TODAY": TODAY}
    result = subprocess.run(["bash", "-c", f"set -euo pipefail\n{line}"], cwd=repo, env=full_env,
                            capture_output=True, text=True)
    return subprocess.CompletedProcess(result.args, result.returncode, ANSI.sub("", result.stdout),
                                       ANSI.sub("", result.stderr))


@pytest.fixture(scope="module")
def bypassed(tmp_path_factory) -> dict:
    """A PR branch whose bad record was committed with --no-verify past installed hooks."""
    repo = register_repo(tmp_path_factory.mktemp("gate") / "repo")
    pre_commit = Path(sys.executable).parent / "pre-commit"
    installed = subprocess.run([str(pre_commit), "install"], cwd=repo, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    base = sha(repo)
    git(repo, "switch", "-q", "-c", "dik/usulan")
    final = (PROJECT / "records" / "2025" / "DIK-2025-003.yaml").read_text(encoding="utf-8")
    bad = version_at(final, "divalidasi")
    bad = re.sub(r"(?m)^judul: .*$", "judul: Peraturan Kepala Balai tentang penilaian kinerja pegawai tahun 2025", bad)
    rel = write_record(repo, "DIK-2025-003", bad)
    git(repo, "add", rel)
    refused = git(repo, "commit", "-q", "-m", "Tambah catatan penilaian kinerja", check=False)
    assert refused.returncode != 0, "the installed hook should refuse this commit"
    git(repo, "commit", "-q", "--no-verify", "-m", "Tambah catatan penilaian kinerja",
        env=at("2025-12-02T09:00:00+08:00"))
    return {"repo": repo, "env": {"BASE_SHA": base, "HEAD_SHA": sha(repo), "WAJIB_TANDA_TANGAN": ""},
            "record": rel}


def pr_command(prefix: str) -> tuple[str, dict]:
    found = workflow_commands(PR_WORKFLOW, "periksa", (prefix,))
    assert len(found) == 1, f"the PR workflow should run `{prefix}` once"
    return found[0]


@pytest.mark.slow
def test_pre_commit_over_all_files_fails_on_the_bypassed_record(bypassed: dict, tmp_path: Path):
    line, _ = pr_command("pre-commit run --all-files")
    result = run_in(bypassed["repo"], line, bypassed["env"], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"{bypassed['record']}" in output and NEVER_EXEMPT_TITLE.code in output
    assert "Pasal 18" in output


def test_validate_fails_with_the_rule_code_and_indonesian_message(bypassed: dict, tmp_path: Path):
    line, _ = pr_command("registri validate")
    result = run_in(bypassed["repo"], line, bypassed["env"], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    finding = next(l for l in result.stdout.splitlines() if NEVER_EXEMPT_TITLE.code in l)
    assert finding.startswith(f"{bypassed['record']}:")
    assert "[kesalahan]" in finding and "Pasal 18" in finding


def test_audit_of_the_pr_commits_fails_on_the_missing_trailers(bypassed: dict, tmp_path: Path):
    line, env = pr_command("registri audit")
    assert '"$BASE_SHA..$HEAD_SHA"' in line
    result = run_in(bypassed["repo"], line, bypassed["env"], tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert AUD_CODE["missing"] in result.stdout
    assert bypassed["env"]["HEAD_SHA"][:10] in result.stdout


@pytest.fixture(scope="module")
def accepted(tmp_path_factory) -> Path:
    """main with one record brought through steps 1-4 and accepted by the Atasan PPID's merge."""
    repo = register_repo(tmp_path_factory.mktemp("utama") / "repo")
    steps_1_to_4(repo, "DIK-2025-003", "2025-12-02")
    accept(repo, "dik/DIK-2025-003", "2025-12-03T10:00:00+08:00")
    return repo


def test_an_accepted_branch_passes_the_same_pr_commands(accepted: Path, tmp_path: Path):
    """Control: the gate is not simply always red — a correct submission passes validate and audit."""
    env = {"BASE_SHA": sha(accepted, "main^1"), "HEAD_SHA": sha(accepted, "main^2"), "WAJIB_TANDA_TANGAN": ""}
    for prefix in ("registri validate", "registri audit"):
        line, _ = pr_command(prefix)
        result = run_in(accepted, line, env, tmp_path)
        assert result.returncode == 0, f"{line}\n{result.stdout}{result.stderr}"


def main_audit_line() -> tuple[str, dict]:
    found = workflow_commands(MAIN_WORKFLOW, "audit", ("registri audit",))
    assert len(found) == 1
    return found[0]


def test_main_audit_passes_on_a_history_of_accepting_merges(accepted: Path, tmp_path: Path):
    line, env = main_audit_line()
    result = run_in(accepted, line, {"WAJIB_TANDA_TANGAN": ""}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_main_audit_reports_a_squash_merge(accepted: Path, tmp_path: Path):
    repo = tmp_path / "squash"
    git(tmp_path, "clone", "-q", str(accepted), str(repo))
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "switch", "-q", "-c", "dik/DIK-2025-004")
    raw_steps(repo, "DIK-2025-004", "2025-12-04")
    as_person(repo, "hendra")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--squash", "dik/DIK-2025-004")
    git(repo, "commit", "-q", "--no-verify", "-m", "Laporan DIK-2025-004 (#2)", env=at("2025-12-05T10:00:00+08:00"))
    squashed = sha(repo)
    assert len(git(repo, "rev-list", "--parents", "-1", "HEAD").stdout.split()) == 2   # not a merge commit

    line, _ = main_audit_line()
    result = run_in(repo, line, {"WAJIB_TANDA_TANGAN": ""}, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert SQUASH.code in result.stdout and squashed[:10] in result.stdout

    as_json = run_in(repo, f"{line} --format json", {}, tmp_path)
    codes = {(f["code"], f["commit"]) for f in json.loads(as_json.stdout)["temuan"]}
    assert (SQUASH.code, squashed) in codes


def test_main_audit_refuses_a_shallow_clone_with_a_clear_message(accepted: Path, tmp_path: Path):
    shallow = tmp_path / "dangkal"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{accepted}", str(shallow))
    line, _ = main_audit_line()
    result = run_in(shallow, line, {}, tmp_path)
    assert result.returncode == 2
    assert "dangkal" in result.stderr and "fetch-depth: 0" in result.stderr
    assert "Traceback" not in result.stderr
