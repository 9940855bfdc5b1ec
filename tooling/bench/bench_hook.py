"""How long the commit hooks take for one changed record in the sample register, before and after.

Builds a throw-away Git repository holding a copy of the register and the tooling, installs the
hooks, changes one record, then times (median of --runs):
  - `pre-commit run --files <record>`: everything the pre-commit stage runs, pre-commit itself
    included (the figure issue 12 asks to bring to 0.5 s). With --before REV, the same is measured
    for the code at REV (default: main), runs of the two alternating so machine load hits both alike;
  - each hook alone through pre-commit;
  - the bare hook entries (`python tooling/hook.py …`) in the hook's own environment, i.e. what
    the register's code costs without pre-commit around it, and the commit-msg hook;
  - the headline again with the record's content changed before every run (a blob no hook has
    seen: what a commit of a new change costs; the runs above repeat one content, which the
    hook's outcome cache answers after the first).
Wall time is shown with CPU time (user+sys of the child processes): on a busy machine wall time
grows, CPU time much less.

    .venv/bin/python tooling/bench/bench_hook.py [--runs 5] [--before main|REV|none] [--keep]

Hook environments come from pre-commit's usual store (~/.cache/pre-commit); the first run on a
machine builds them, and the first hook run fills the caches a hook keeps (not timed).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[2]
RECORD = "records/2026/DIK-2026-003.yaml"
TODAY = "2026-11-26"
ENV = {**os.environ, "REGISTRI_TODAY": TODAY}
# A staff member's Python keeps compiled modules (tooling/registri/__pycache__, ignored by Git); a
# PYTHONDONTWRITEBYTECODE=1 in the environment makes every hook run compile the package from
# source (~0.05 s more). Measured as on a staff machine unless --env-as-is.
AS_IS = dict(ENV)
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def run(cmd: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=ENV, text=True, capture_output=True)
    if check and result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (children's user+sys) over `runs`."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run(cmd, cwd)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


CODE_PATHS = ("registri.yaml", ".pre-commit-config.yaml", ".yamllint.yaml", ".gitattributes", "records", "tooling")


def export(rev: str, where: Path) -> Path:
    """The register and tooling as they were at `rev` (a commit of this repository)."""
    code = where / f"code-{rev.replace('/', '-')}"
    code.mkdir()
    present = run(["git", "ls-tree", "--name-only", rev], PROJECT).stdout.split()
    archive = subprocess.run(["git", "archive", rev, *[p for p in CODE_PATHS if p in present]], cwd=PROJECT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    return code


def make_repo(where: Path, code: Path, name: str) -> Path:
    repo = where / name
    repo.mkdir()
    for item in CODE_PATHS[:4]:
        if (code / item).exists():
            shutil.copy2(code / item, repo / item)
    shutil.copytree(code / "records", repo / "records")
    shutil.copytree(code / "tooling", repo / "tooling", ignore=shutil.ignore_patterns("__pycache__", "bench"))
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "config", "user.name", "Nurul Hasanah, S.Sos."],
                ["git", "config", "user.email", "nurul.hasanah@bpmp-kalsel.example"],
                ["git", "config", "commit.gpgsign", "false"],
                [sys.executable, "-m", "pre_commit", "install", "--install-hooks"],
                ["git", "add", "-A"], ["git", "commit", "-q", "--no-verify", "-m", "Register awal"],
                ["git", "switch", "-q", "-c", "dik/bench"]):   # staff change records on a branch, never main
        run(cmd, repo)
    record = repo / RECORD
    record.write_text(record.read_text(encoding="utf-8").replace("tahun 2026", "tahun anggaran 2026", 1), encoding="utf-8")
    run(["git", "add", RECORD], repo)
    run([sys.executable, "-m", "pre_commit", "run", "--files", RECORD], repo)   # fills the hooks' caches
    return repo


FLOOR_CONFIG = """repos:
  - repo: local
    hooks:
      - id: trivial
        name: trivial
        entry: python -c pass
        language: python
"""


def floor_repo(where: Path) -> Path:
    """pre-commit's own cost: one `language: python` hook that does nothing, over one file."""
    repo = where / "floor"
    (repo / "records").mkdir(parents=True)
    (repo / RECORD.rsplit("/", 1)[-1]).write_text("x\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(FLOOR_CONFIG, encoding="utf-8")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                [sys.executable, "-m", "pre_commit", "install-hooks"]):
        run(cmd, repo)
    return repo


def fresh_content(repo: Path) -> None:
    """Give the record a content no run has seen (a comment line with the time) and stage it."""
    record = repo / RECORD
    lines = [line for line in record.read_text(encoding="utf-8").split("\n") if not line.startswith("# bench ")]
    lines.insert(1, f"# bench {time.time_ns()}")
    record.write_text("\n".join(lines), encoding="utf-8")
    run(["git", "add", RECORD], repo)


def hooks_of(repo: Path) -> list[dict]:
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))  # our own file
    return [hook for r in config["repos"] for hook in r["hooks"]]


def hook_python(repo: Path) -> Path:
    """The interpreter of the registri hooks' environment, as pre-commit installed it."""
    first = next(h["id"] for h in hooks_of(repo) if h["entry"].startswith("python tooling/hook.py"))
    probe = ("import sys; from pre_commit.store import Store; from pre_commit.clientlib import load_config;"
             "from pre_commit.repository import all_hooks; from pre_commit.lang_base import environment_dir;"
             f"h=[h for h in all_hooks(load_config('.pre-commit-config.yaml'), Store()) if h.id=={first!r}][0];"
             "from pre_commit.languages import python;"
             "print(h.prefix.path(environment_dir(h.prefix, python.ENVIRONMENT_DIR, h.language_version)))")
    env_dir = Path(run([sys.executable, "-c", probe], repo).stdout.strip())
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


PRE_COMMIT = [sys.executable, "-m", "pre_commit", "run"]
WHOLE = PRE_COMMIT + ["--files", RECORD]


def rows(repo: Path) -> list[tuple[str, list[str]]]:
    """What to time in one repository: each pre-commit-stage hook through pre-commit, the bare entries."""
    python = hook_python(repo)
    message = repo / ".git" / "BENCH_MSG"
    message.write_text("Koreksi uraian DIK-2026-003\n\nPerubahan: koreksi\nPelaksana: PPID\n", encoding="utf-8")
    staged = [h for h in hooks_of(repo) if "pre-commit" in h.get("stages", ["pre-commit"])]
    out = [(f"  pre-commit run {h['id']}", PRE_COMMIT + [h["id"], "--files", RECORD]) for h in staged]
    for hook in staged:
        if hook["entry"].startswith("python tooling/hook.py") and hook.get("pass_filenames", True):
            entry = hook["entry"].split()[1:]
            out.append((f"bare: python {' '.join(entry[:2])} <1 record>", [str(python), *entry, RECORD]))
    out.append(("bare: python tooling/hook.py check-message <msg>",
                [str(python), "tooling/hook.py", "check-message", str(message)]))
    out.append(("bare: python -c pass (interpreter start-up)", [str(python), "-c", "pass"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", default="main",
                        help="commit to measure as 'before' (default main; 'none': only this working tree)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary repositories")
    parser.add_argument("--env-as-is", action="store_true",
                        help="keep PYTHONDONTWRITEBYTECODE if set (default: Python writes bytecode, as on staff machines)")
    args = parser.parse_args()
    if args.env_as_is:
        ENV.clear()
        ENV.update(AS_IS)
    where = Path(tempfile.mkdtemp(prefix="registri-bench-hook-"))
    try:
        versions = {"after": make_repo(where, PROJECT, "after")}
        if args.before != "none":
            versions = {"before": make_repo(where, export(args.before, where), "before"), **versions}
        print(f"one changed record ({RECORD}) in a register of "
              f"{len(list((versions['after'] / 'records').rglob('*.yaml')))} records; median of {args.runs}; "
              f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
              f"PYTHONDONTWRITEBYTECODE={ENV.get('PYTHONDONTWRITEBYTECODE', '(unset)')}")
        print(f"{'what':<66} {'wall s':>7} {'cpu s':>7}")
        for label, repo in versions.items():
            shown = args.before if label == "before" else "working tree"
            print(f"{label} ({shown}):")
            for what, cmd in rows(repo):
                wall, cpu = timed(cmd, repo, args.runs)
                print(f"{what:<66} {wall:7.3f} {cpu:7.3f}")
        # The headline, both versions in alternation: load that comes and goes hits both alike.
        floor = floor_repo(where)
        samples: dict[str, list[tuple[float, float]]] = {label: [] for label in [*versions, "floor"]}
        for _ in range(args.runs):
            for label, repo in versions.items():
                samples[label].append(timed(WHOLE, repo, 1))
            samples["floor"].append(timed(PRE_COMMIT + ["--files", RECORD.rsplit("/", 1)[-1]], floor, 1))
        print(f"pre-commit run --files <1 record> (all pre-commit-stage hooks), {args.runs} runs each, alternating "
              "(floor: pre-commit with one do-nothing python hook):")
        for label, got in samples.items():
            walls = sorted(w for w, _ in got)
            print(f"  {label:<6} median {statistics.median(walls):.3f} s wall "
                  f"(min {walls[0]:.3f}, max {walls[-1]:.3f}), {statistics.median(c for _, c in got):.3f} s cpu")
        fresh: dict[str, list[tuple[float, float]]] = {label: [] for label in versions}
        for _ in range(args.runs):
            for label, repo in versions.items():
                fresh_content(repo)
                fresh[label].append(timed(WHOLE, repo, 1))
        print(f"the same, with the record's content changed before every run (a blob never checked before):")
        for label, got in fresh.items():
            walls = sorted(w for w, _ in got)
            print(f"  {label:<6} median {statistics.median(walls):.3f} s wall "
                  f"(min {walls[0]:.3f}, max {walls[-1]:.3f}), {statistics.median(c for _, c in got):.3f} s cpu")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep:
            print(f"kept: {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
