"""The README's two set-up commands are exactly what CI runs."""

from __future__ import annotations

import re

from conftest import PROJECT


def readme_commands() -> list[str]:
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert first_block, "README must start with a bash block of set-up commands"
    return [line.strip() for line in first_block.group(1).splitlines() if line.strip()]


def test_readme_has_exactly_two_setup_commands():
    assert len(readme_commands()) == 2


def test_ci_runs_the_readme_commands_verbatim():
    ci_lines = [line.strip() for line in (PROJECT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    for command in readme_commands():
        assert command in ci_lines, f".ci/run does not run the README command: {command}"


def test_readme_block_comes_before_any_other_section():
    text = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert text.index("```bash") < text.index("\n## ")


def test_the_template_repository_passes_its_own_main_workflow_audit():
    """main.yml audits the whole history; sample records count as imported (mulai_jejak)."""
    import pytest

    from conftest import git, registri

    if git(PROJECT, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() != "false":
        pytest.skip("needs the full Git history of this repository")
    result = registri(PROJECT, "audit", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"AUD019"' in result.stdout  # the samples are reported as imported, not silently skipped
