"""The pre-commit hooks' pinned environments agree with pyproject.toml and cover what they import.

A `repo: local` hook with `language: python` is installed from its `additional_dependencies`
only, so a pin that drifts from pyproject.toml, or a new import in validate/scan/check-message
that the pins do not cover, breaks every staff member's commit. These tests catch both.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import re
import subprocess
import sys
import tomllib

import pytest
import yaml
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import PROJECT
from registri.cli import COMMANDS
from registri.commitchecks import CHECKS as COMMIT_CHECKS

HOOK_SCRIPT = "python tooling/hook.py"


def _config() -> dict:
    # Our own configuration file (not user data); it uses YAML anchors, which the strict loader rejects.
    return yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def _hooks() -> list[dict]:
    return [hook for repo in _config()["repos"] for hook in repo["hooks"]]


def _pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in lines}


def _pins(hook: dict) -> dict[str, str]:
    pins = {}
    for dep in hook.get("additional_dependencies", []):
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([0-9][0-9A-Za-z.\-]*)", dep)
        assert match, f"hook {hook['id']}: '{dep}' must be pinned exactly as name==version"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _registri_hooks() -> list[dict]:
    return [hook for hook in _hooks() if hook["entry"].startswith(HOOK_SCRIPT)]


def test_only_local_python_hooks_and_both_hook_types_installed():
    config = _config()
    assert {"pre-commit", "commit-msg"} <= set(config["default_install_hook_types"])
    assert [repo["repo"] for repo in config["repos"]] == ["local"] * len(config["repos"])
    assert {hook["language"] for hook in _hooks()} == {"python"}


@pytest.mark.parametrize("hook", _hooks(), ids=lambda h: h["id"])
def test_every_pin_satisfies_pyproject(hook):
    wanted = _pyproject_requirements()
    pins = _pins(hook)
    assert pins, f"hook {hook['id']} has no pinned dependencies"
    for name, version in pins.items():
        assert name in wanted, f"hook {hook['id']}: {name} is not declared in pyproject.toml"
        assert wanted[name].specifier.contains(version, prereleases=True), (
            f"hook {hook['id']}: {name}=={version} does not satisfy pyproject.toml's '{wanted[name]}'")


def test_registri_hooks_share_one_environment_and_name_real_commands():
    hooks = _registri_hooks()
    assert {"registri-check-commit", "registri-check-message"} <= {hook["id"] for hook in hooks}
    assert len({tuple(hook["additional_dependencies"]) for hook in hooks}) == 1
    for hook in hooks:
        command = hook["entry"].removeprefix(HOOK_SCRIPT).split()[0]
        assert command in COMMANDS, f"hook {hook['id']}: unknown command {command}"
    assert (PROJECT / "tooling" / "hook.py").is_file()


DEVELOPMENT_EXTRAS = {"test", "tests", "testing", "dev", "doc", "docs", "lint", "typing"}


def _closure(pins: dict[str, str]) -> set[str]:
    """The pinned distributions and everything they require (as installed here), plus the packages
    of their optional extras: a library may try-import those (jsonschema's format checkers import
    idna when present) and works without them."""
    env = {**default_environment(), "extra": ""}
    needed: set[str] = set()
    optional: set[str] = set()
    todo = list(pins)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        for line in metadata.requires(name) or ():
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate(env):
                todo.append(canonicalize_name(req.name))
            elif not any(req.marker.evaluate({**env, "extra": extra}) for extra in DEVELOPMENT_EXTRAS):
                optional.add(canonicalize_name(req.name))
    return needed | optional


_IMPORTED = """
import sys
before = set(sys.modules)  # what the interpreter loaded at start-up (site hooks) is not ours
import importlib, json
from importlib import metadata
for module in ["registri.cli", *sys.argv[1:]]:
    importlib.import_module(module)
owners = metadata.packages_distributions()
loaded = {m.partition(".")[0] for m in set(sys.modules) - before} - {"registri"}
print(json.dumps(sorted({d for m in loaded for d in owners.get(m, ())})))
"""


def test_the_pins_cover_every_third_party_import_of_the_hooked_commands():
    hooks = _registri_hooks()
    commands = {hook["entry"].removeprefix(HOOK_SCRIPT).split()[0] for hook in hooks}
    commands |= {check.command[0] for check in COMMIT_CHECKS}   # what check-commit runs in its process
    # registri.model: scan imports it lazily, only when a file has findings.
    modules = ["registri.model", *(f"registri.commands.{COMMANDS[c][0]}" for c in sorted(commands))]
    result = subprocess.run([sys.executable, "-c", _IMPORTED, *modules], capture_output=True, text=True,
                            env={"PYTHONPATH": str(PROJECT / "tooling")}, cwd=PROJECT)
    assert result.returncode == 0, result.stderr
    imported = {canonicalize_name(d) for d in json.loads(result.stdout)}
    allowed = _closure(_pins(hooks[0]))
    assert imported - allowed == set(), (
        f"{', '.join(modules)} import distributions the hook environment does not install; "
        "add them (pinned) to the registri hooks' additional_dependencies and to pyproject.toml")
