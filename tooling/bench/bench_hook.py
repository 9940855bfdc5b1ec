"""How long the commit hooks take for one changed record in the sample register.

Builds a throw-away Git repository holding a copy of the register and the tooling, installs the
hooks, changes one record, then times (median of 5):
  - `pre-commit run --files <record>`: everything a commit runs, pre-commit itself included;
  - each hook alone through pre-commit;
  - the bare hook entries (`python tooling/hook.py validate|scan <record>`) in the hook's own
    environment, i.e. what the register's code costs without pre-commit around it.
Wall time is shown with CPU time (user+sys of the child processes): on a busy machine wall time
grows, CPU time much less.

    .venv/bin/python tooling/bench/bench_hook.py [--runs 5] [--keep]

Hook environments come from pre-commit's usual store (~/.cache/pre-commit); the first run on a
machine builds them (not timed).
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


def make_repo(where: Path) -> Path:
    repo = where / "register"
    repo.mkdir()
    for name in ("registri.yaml", ".pre-commit-config.yaml", ".yamllint.yaml", ".gitattributes"):
        shutil.copy2(PROJECT / name, repo / name)
    shutil.copytree(PROJECT / "records", repo / "records")
    shutil.copytree(PROJECT / "tooling", repo / "tooling", ignore=shutil.ignore_patterns("__pycache__", "bench"))
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
    return repo


def hook_python(repo: Path) -> Path:
    """The interpreter of the registri hooks' environment, as pre-commit installed it."""
    probe = ("import sys; from pre_commit.store import Store; from pre_commit.clientlib import load_config;"
             "from pre_commit.repository import all_hooks; from pre_commit.lang_base import environment_dir;"
             "h=[h for h in all_hooks(load_config('.pre-commit-config.yaml'), Store()) if h.id=='registri-scan'][0];"
             "from pre_commit.languages import python;"
             "print(h.prefix.path(environment_dir(h.prefix, python.ENVIRONMENT_DIR, h.language_version)))")
    env_dir = Path(run([sys.executable, "-c", probe], repo).stdout.strip())
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary repository")
    args = parser.parse_args()
    where = Path(tempfile.mkdtemp(prefix="registri-bench-hook-"))
    try:
        repo = make_repo(where)
        python = hook_python(repo)
        config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))  # our own file
        hooks = [hook["id"] for r in config["repos"] for hook in r["hooks"]
                 if "pre-commit" in hook.get("stages", config.get("default_stages", ["pre-commit"]))]
        message = repo / ".git" / "BENCH_MSG"
        message.write_text("Koreksi uraian DIK-2026-003\n\nPerubahan: koreksi\nPelaksana: PPID\n", encoding="utf-8")
        pre_commit = [sys.executable, "-m", "pre_commit", "run"]
        rows = [("pre-commit run --files <1 record> (all hooks)", pre_commit + ["--files", RECORD])]
        rows += [(f"  pre-commit run {hook}", pre_commit + [hook, "--files", RECORD]) for hook in hooks]
        rows += [(f"bare: python tooling/hook.py {c} <1 record>", [str(python), "tooling/hook.py", c, RECORD])
                 for c in ("validate", "scan")]
        rows += [("bare: python tooling/hook.py check-message <msg>",
                  [str(python), "tooling/hook.py", "check-message", str(message)])]
        rows += [("bare: python -c pass (interpreter start-up)", [str(python), "-c", "pass"]),
                 (f"pre-commit run --files <1 record> ({args.runs} runs, again)", pre_commit + ["--files", RECORD])]
        print(f"one changed record ({RECORD}) in a register of "
              f"{len(list((repo / 'records').rglob('*.yaml')))} records; median of {args.runs}; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
        print(f"{'what':<58} {'wall s':>7} {'cpu s':>7}")
        for label, cmd in rows:
            wall, cpu = timed(cmd, repo, args.runs)
            print(f"{label:<58} {wall:7.3f} {cpu:7.3f}")
        print(f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        if args.keep:
            print(f"kept: {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
