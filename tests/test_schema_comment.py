"""The `$schema` comment of every record names the very schema file the checker validates with."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import PROJECT
from registri.schemas import RECORD_SCHEMA

PREFIX = "# yaml-language-server: $schema="
RECORDS = sorted((PROJECT / "records").rglob("*.yaml"))
FIXTURES = sorted((PROJECT / "tests/fixtures/rules").glob("*.yaml"))


def schema_of(record: Path) -> Path:
    first = record.read_text("utf-8").splitlines()[0]
    assert first.startswith(PREFIX), f"{record}: first line must be the $schema comment"
    return (record.parent / first.removeprefix(PREFIX).strip()).resolve()


def test_the_checker_reads_record_schema_json() -> None:
    used = Path(str(resources.files("registri").joinpath("schema", "record.schema.json"))).resolve()
    assert used == RECORD_SCHEMA.resolve()
    Draft202012Validator.check_schema(json.loads(RECORD_SCHEMA.read_text("utf-8")))


@pytest.mark.parametrize("record", RECORDS + [f for f in FIXTURES if f.name != "cases.yaml"],
                         ids=lambda p: str(p.relative_to(PROJECT)))
def test_schema_comment_resolves_to_the_checker_schema(record: Path) -> None:
    assert schema_of(record) == RECORD_SCHEMA.resolve()


def test_sample_register_has_the_promised_shape() -> None:
    assert 12 <= len(RECORDS) <= 15
    years = {p.parent.name for p in RECORDS}
    assert years == {"2025", "2026"}


@pytest.mark.skipif(shutil.which("check-jsonschema", path=str(Path(__file__).parents[1] / ".venv/bin")) is None,
                    reason="check-jsonschema not installed")
def test_an_editor_style_checker_accepts_a_sample_record_with_the_same_schema() -> None:
    """What an editor does with the comment: validate the YAML against that file (check-jsonschema)."""
    record = PROJECT / "records/2026/DIK-2026-003.yaml"
    exe = shutil.which("check-jsonschema", path=str(PROJECT / ".venv/bin"))
    result = subprocess.run([exe, "--schemafile", str(schema_of(record)), str(record)], text=True, capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr
