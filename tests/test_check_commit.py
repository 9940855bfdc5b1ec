"""`registri check-commit` (the pre-commit hook): the outcome cache and the forked half.

The same inputs give the same output from the cache, and every input a kept outcome was made
from, changed, makes the check run again; yamllint and the file checks in a forked child say
exactly what they say in this process. The checks' own messages are covered in test_precommit.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, git
from test_scan import PRIVATE_KEY, make_nik

RECORD = "records/2026/DIK-2026-003.yaml"
OTHER = "records/2026/DIK-2026-001.yaml"


@pytest.fixture
def repo(git_register: Path, monkeypatch) -> Path:
    """The sample register in Git, one record holding a finding for validate, scan and yamllint."""
    record = git_register / RECORD
    text = record.read_text(encoding="utf-8")
    text = text.replace("tinjau_ulang: 2027-01-28", "tinjau_ulang: 2027-02-30", 1)                      # validate
    text = text.replace("di Kalimantan Selatan.", f"di Kalimantan Selatan, peserta NIK {make_nik(female=False)}.", 1)  # scan
    text = text.replace("pengecualian_sebagian: false", "pengecualian_sebagian: false   ", 1)            # yamllint
    record.write_text(text, encoding="utf-8")
    git(git_register, "add", "-A")
    monkeypatch.chdir(git_register)
    monkeypatch.setenv("REGISTRI_TODAY", TODAY)
    return git_register


@pytest.fixture
def ran(monkeypatch) -> list[str]:
    """The commands check-commit ran (not answered from the cache), in this process."""
    from registri.commands import check_commit

    calls: list[str] = []
    real = check_commit._check
    monkeypatch.setattr(check_commit, "_check", lambda argv: (calls.append(argv[0]), real(argv))[1])
    monkeypatch.setattr(check_commit, "_start", lambda jobs: None)       # every check here, to be seen
    return calls


def hook(capsys, *files: str) -> tuple[int, str]:
    from registri.cli import main

    code = main(["check-commit", "--maxkb=500", *(files or (RECORD,))])
    return code, capsys.readouterr().out


def test_the_same_content_is_answered_from_the_cache_with_the_same_output(repo, ran, capsys):
    first = hook(capsys)
    assert first[0] == 1 and "YML009" in first[1] and "SCN001" in first[1] and "yamllint/trailing-spaces" in first[1]
    assert ran == ["validate", "scan", "lint-yaml", "check-files"]
    ran.clear()
    assert hook(capsys) == first
    assert ran == ["check-files"]                  # Git's state decides the file checks: never kept
    assert (repo / ".git" / "registri-cache" / "commit-checks.marshal").is_file()
    assert not (repo / ".cache").exists() and "??" not in git(repo, "status", "--porcelain").stdout  # work tree untouched


def _change_record(repo: Path) -> None:
    (repo / RECORD).write_text((repo / RECORD).read_text(encoding="utf-8") + "# koreksi\n", encoding="utf-8")


def _change_yamllint(repo: Path) -> None:
    (repo / ".yamllint.yaml").write_text((repo / ".yamllint.yaml").read_text(encoding="utf-8") + "# diubah\n",
                                         encoding="utf-8")


def _change_office(repo: Path) -> None:
    (repo / "registri.yaml").write_text((repo / "registri.yaml").read_text(encoding="utf-8") + "# diubah\n",
                                        encoding="utf-8")


def _change_day(repo: Path) -> None:
    os.environ["REGISTRI_TODAY"] = "2026-11-27"        # monkeypatch (the fixture) restores it


def _add_record_name(repo: Path) -> None:
    (repo / "records" / "2026" / "DIK-2026-003.yml").write_text("# nama ganda\n", encoding="utf-8")


def _add_top_level_entry(repo: Path) -> None:
    (repo / "Records").mkdir()


@pytest.mark.parametrize(("change", "again"), [
    (_change_record, ["validate", "scan", "lint-yaml", "check-files"]),
    (_change_yamllint, ["validate", "scan", "lint-yaml", "check-files"]),
    (_change_office, ["validate", "scan", "lint-yaml", "check-files"]),
    (_change_day, ["validate", "check-files"]),
    (_add_record_name, ["validate", "check-files"]),
    (_add_top_level_entry, ["validate", "check-files"]),
], ids=["record", "yamllint-config", "office-config", "day", "record-file-name", "top-level-entry"])
def test_every_input_of_a_kept_outcome_makes_its_check_run_again(repo, ran, capsys, change, again):
    hook(capsys)
    ran.clear()
    change(repo)
    hook(capsys)
    assert ran == again


def test_a_change_to_the_code_or_the_libraries_makes_every_kept_check_run_again(repo, ran, capsys, monkeypatch,
                                                                                 tmp_path):
    from registri import checkcache

    code = tmp_path / "code"
    code.mkdir()
    (code / "rules.py").write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(checkcache, "PACKAGE", code)
    hook(capsys)
    ran.clear()
    (code / "rules.py").write_text("A = 22\n", encoding="utf-8")            # size and time differ
    hook(capsys)
    assert ran == ["validate", "scan", "lint-yaml", "check-files"]
    ran.clear()
    site = tmp_path / "lib" / "site-packages"
    (site / "yamllint-9.9.dist-info").mkdir(parents=True)                  # another library version
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    hook(capsys)
    assert ran == ["validate", "scan", "lint-yaml", "check-files"]


def test_an_internal_error_is_said_each_time_and_never_kept(repo, ran, capsys, monkeypatch):
    from registri.commands import scan

    monkeypatch.setattr(scan, "run", lambda args: 1 / 0)
    code, output = hook(capsys)
    assert code == 2 and "kesalahan internal" in output and "Traceback" not in output
    ran.clear()
    assert hook(capsys)[0] == 2
    assert "scan" in ran


def test_outside_git_the_checks_run_as_usual_and_nothing_is_written(register_copy, ran, capsys, monkeypatch):
    monkeypatch.chdir(register_copy)
    monkeypatch.setenv("REGISTRI_TODAY", TODAY)
    first, second = hook(capsys), hook(capsys)
    assert "1 catatan diperiksa, tidak ada kesalahan." in first[1] and first[0] == second[0]
    assert ran.count("validate") == ran.count("scan") == ran.count("lint-yaml") == 2
    assert not [p for p in register_copy.rglob("*") if "registri-cache" in p.name or p.suffix == ".marshal"]


RUN = "import os, sys; {}; from registri.cli import main; raise SystemExit(main(sys.argv[1:]))"
# An idle machine, and each fork noted in a file beside the repository: the child must be forked.
FORK = RUN.format("os.getloadavg = lambda: (0.0, 0.0, 0.0); real = os.fork; "
                  "os.fork = lambda: (open('../forked', 'a').write('x'), real())[1]")
NO_FORK = RUN.format("del os.fork")


def test_the_forked_half_says_exactly_what_it_says_in_this_process(repo):
    """yamllint and the file checks in a child (an idle machine with fork) or here: the same bytes out."""
    (repo / "kunci.txt").write_text(PRIVATE_KEY + "\n", encoding="utf-8")
    git(repo, "add", "-A")
    env = {"REGISTRI_TODAY": TODAY}
    args = ("check-commit", "--maxkb=500", RECORD, "kunci.txt", ".yamllint.yaml")
    cache = repo / ".git" / "registri-cache" / "commit-checks.marshal"
    outputs = []
    for script in (FORK, NO_FORK):
        cache.unlink(missing_ok=True)              # each run checks, none reads the other's outcomes
        outputs.append(subprocess.run([sys.executable, "-c", script, *args], cwd=repo, text=True,
                                      capture_output=True, env={**os.environ, **env}))
    forked, serial = outputs
    assert (repo.parent / "forked").read_text() == "x"         # one child, in the first run only
    assert forked.returncode == serial.returncode == 1
    assert forked.stdout == serial.stdout and forked.stderr == serial.stderr == ""
    for section in ("--- registri validate", "--- registri scan", "--- yamllint", "--- berkas besar"):
        assert section in forked.stdout
    assert "kunci.txt: berisi kunci privat" in forked.stdout
