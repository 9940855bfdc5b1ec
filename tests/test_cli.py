"""The command-line boundary: Indonesian usage errors, no tracebacks, quiet broken pipes."""

from __future__ import annotations

import sys

from conftest import PROJECT, registri
from registri import cli


def test_unknown_command_is_a_usage_error_in_indonesian(tmp_path):
    result = registri(PROJECT, "frobnikasi")
    assert result.returncode == 2
    assert "tidak dikenal" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_required_argument_is_explained(tmp_path):
    result = registri(PROJECT, "history")
    assert result.returncode == 2
    assert "argumen wajib belum diisi" in result.stderr


def test_outside_a_register_the_user_is_told_where_to_run(tmp_path):
    result = registri(tmp_path, "validate")
    assert result.returncode == 2
    assert "registri.yaml tidak ditemukan" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_internal_bug_shows_a_sentence_and_a_log_not_a_traceback(monkeypatch, capsys, tmp_path):
    def explode(args):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr("registri.commands.validate.run", explode)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    code = cli.main(["validate", "--root", str(PROJECT)])
    err = capsys.readouterr().err
    assert code == 2
    assert "kesalahan internal" in err and "Traceback" not in err
    log = err.strip().rsplit(" ", 1)[-1]
    assert "ZeroDivisionError" in open(log, encoding="utf-8").read()


def test_output_piped_into_a_closed_reader_ends_quietly(monkeypatch, capsys, tmp_path):
    def write_to_closed_pipe(args):
        raise BrokenPipeError(32, "Broken pipe")  # what print() raises after `| head` exits

    monkeypatch.setattr("registri.commands.validate.run", write_to_closed_pipe)
    monkeypatch.setattr(sys, "stdout", sys.stdout)  # main() swaps stdout; restore it after the test
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert cli.main(["validate", "--root", str(PROJECT)]) == 0
    assert "kesalahan internal" not in capsys.readouterr().err
    assert not list(tmp_path.rglob("galat-*.log"))
