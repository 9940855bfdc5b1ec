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


def _schema_cases():
    """Every rule-case record, every sample record, and schema edge cases."""
    import copy

    from conftest import PROJECT
    from fixtures.rules.rulecases import apply, bases, cases
    from registri.loader import load_file, to_jsonable

    base = bases()
    out = [(c["name"], to_jsonable(apply(base[c.get("base", "base")], c.get("set")))) for c in cases()]
    for file in sorted((PROJECT / "records").rglob("*.yaml")):
        out.append((file.name, to_jsonable(load_file(file).data)))
    good = to_jsonable(base["base"])
    for label, change in [("quoted impossible date", {"penetapan": {**good["penetapan"], "tanggal": "2026-02-30"}}),
                          ("boolean as text", {"klasifikasi": {**good["klasifikasi"], "pengecualian_sebagian": "no"}}),
                          ("integer as text", {"klasifikasi": {**good["klasifikasi"], "dasar_hukum": [{"jenis": "UU", "nomor": "14", "tahun": 2008}]}}),
                          ("empty documentation", {"dokumentasi": {}}),
                          ("unknown field", {"catatan": "x"})]:
        out.append((label, {**copy.deepcopy(good), **change}))
    return out


@pytest.mark.parametrize("name", ["record"])
def test_fast_validator_agrees_with_the_reference_validator(name):
    from registri.schemas import is_valid, validator

    cases = _schema_cases()
    verdicts = {label: (is_valid(data, name), not any(validator(name).iter_errors(data))) for label, data in cases}
    assert any(not ref for _, ref in verdicts.values()) and any(ref for _, ref in verdicts.values())
    disagree = {label: v for label, v in verdicts.items() if v[0] is not v[1]}
    assert not disagree, f"fast and reference validators disagree: {disagree}"


def test_a_number_where_text_is_expected_suggests_quotes():
    from registri.loader import parse_text
    from registri.schemas import schema_findings

    loaded = parse_text("kantor: {nama: BPMP Kalsel, kota: 2026, zona_waktu: Asia/Makassar}\n"
                        "jam_kerja: {hari: [senin], mulai: '07:30', selesai: '16:00'}\n"
                        "pegawai: [{kode: a, nama: Ani, peran: [ppid], email: [ani@kantor.example]}]\n", "registri.yaml")
    messages = [f.message for f in schema_findings(loaded, "config", code="CFG001")]
    assert messages == ["Kolom 'kantor.kota' harus berupa teks (beri tanda kutip agar dibaca sebagai teks: \"2026\"), bukan 2026."]


def test_compiled_schema_code_is_kept_by_its_inputs_and_a_broken_entry_is_made_again(tmp_path, monkeypatch):
    """The generated validator (~0.1 s to make) is kept in the user's cache folder, keyed by the schema,
    the fastjsonschema version and Python's; what is read back validates exactly like the reference."""
    import fastjsonschema

    from registri import schemas

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = schemas.fast_validator.__wrapped__("record")
    kept = sorted((tmp_path / "registri").glob("schema-record-*.marshal"))
    assert len(kept) == 1

    def refuse(*_args, **_kwargs):
        raise AssertionError("the kept code should have been used")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", refuse)
    cached = schemas.fast_validator.__wrapped__("record")          # read back, not generated again
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept[0].write_bytes(b"not marshal data")                         # a damaged entry is made again
    remade = schemas.fast_validator.__wrapped__("record")
    assert kept[0].read_bytes() != b"not marshal data"

    def verdict(check, data):
        try:
            check(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    reference = schemas.validator("record")
    for label, data in _schema_cases():
        wanted = not any(reference.iter_errors(data))
        assert verdict(fresh, data) is verdict(cached, data) is verdict(remade, data) is wanted, label

    schema = {**schemas._schema("record"), "$schema": "http://json-schema.org/draft-07/schema#"}
    changed = {**schema, "description": "another version of the schema"}
    schemas._generated_code("record", changed, {"date": schemas._real_date}, fastjsonschema)
    assert len(list((tmp_path / "registri").glob("schema-record-*.marshal"))) == 2   # a new key, not the old entry
