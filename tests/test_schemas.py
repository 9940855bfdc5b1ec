"""The packaged JSON Schemas are valid 2020-12 schemas (checked here, not on every hook run)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from registri.schemas import SCHEMA_DIR


@pytest.mark.parametrize("name", ["record", "config"])
def test_schema_is_valid_against_the_metaschema(name):
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)


def test_a_broken_schema_is_caught_by_the_metaschema_check():
    with pytest.raises(SchemaError):
        Draft202012Validator.check_schema({"type": "teks"})
