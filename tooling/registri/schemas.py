"""JSON Schema validation of loaded YAML, with findings in Indonesian at the field's line."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import marshal
import os
import re
import sys
import types
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from registri.findings import Finding, Level
from registri.loader import Loaded, to_jsonable

if TYPE_CHECKING:   # jsonschema is imported only to explain an invalid file: its import alone costs
    # more than a whole commit hook on a valid record (issue 12)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schema"
RECORD_SCHEMA = SCHEMA_DIR / "record.schema.json"
CONFIG_SCHEMA = SCHEMA_DIR / "config.schema.json"


@lru_cache(maxsize=None)
def _schema(name: str) -> dict:
    # The schema itself is checked against the metaschema in tests, not on every hook run.
    # A plain path, like the SOP and Pasal 17 tables: importlib.resources costs the hook ~10 ms of imports.
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))


@lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    """The reference validator for `record` or `config` (compiled once per process)."""
    from jsonschema import Draft202012Validator, FormatChecker

    return Draft202012Validator(_schema(name), format_checker=FormatChecker())


def _real_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=None)
def fast_validator(name: str) -> Callable[[Any], Any] | None:
    """A generated-code validator for the same schema file: about ten times faster.

    It only answers "valid or not"; when it says not, the reference validator explains why.
    Our schema uses no keyword whose meaning differs between draft 7 (what fastjsonschema
    generates) and 2020-12; tests run both validators over every fixture to keep it so.
    """
    try:
        import fastjsonschema
    except ImportError:  # optional speed-up; the reference validator gives the same verdict
        return None
    schema = {**_schema(name), "$schema": "http://json-schema.org/draft-07/schema#"}
    formats = {"date": _real_date}
    function, code = _generated_code(name, schema, formats, fastjsonschema)
    namespace: dict[str, Any] = {}
    exec(code, namespace)   # noqa: S102 - code fastjsonschema generated from our own schema file
    return partial(namespace[function], custom_formats=formats)


def code_cache() -> Path:
    """Where compiled schema code is kept: the user's cache folder, beside pre-commit's own store."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "registri"


def _generated_code(name: str, schema: dict, formats: dict, fastjsonschema) -> tuple[str, Any]:
    """(root function name, code object) of the validator fastjsonschema generates for `schema`.

    Generating it costs about 0.1 s, more than the rest of a commit hook's validation, so the
    compiled code is kept in code_cache() under a key of everything it is made from: the schema,
    the fastjsonschema version and the Python version (marshal's format is Python's own). An entry
    that cannot be read is made again; one that cannot be written is simply not kept.
    """
    key = hashlib.sha256(json.dumps([schema, sorted(formats), fastjsonschema.VERSION, sys.version],
                                    sort_keys=True).encode("utf-8")).hexdigest()[:32]
    file = code_cache() / f"schema-{name}-{key}.marshal"
    try:
        function, code = marshal.loads(file.read_bytes())
        if isinstance(function, str) and isinstance(code, types.CodeType):
            return function, code
    except (OSError, EOFError, ValueError, TypeError):
        pass
    # fastjsonschema rewrites the $refs of the schema it is given: it gets a copy, so the key and the
    # reference validator keep seeing the schema file as written.
    source = fastjsonschema.compile_to_code(json.loads(json.dumps(schema)), formats=formats)
    function = re.search(r"^def (\w+)\(", source, re.M).group(1)   # the schema's own function comes first
    code = compile(source, f"<schema {name}>", "exec")
    import tempfile

    with contextlib.suppress(OSError):
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps((function, code)))
        os.replace(temp, file)
    return function, code


def is_valid(data: Any, name: str) -> bool | None:
    """True/False from the fast validator, or None when it is not installed."""
    fast = fast_validator(name)
    if fast is None:
        return None
    from fastjsonschema import JsonSchemaException

    try:
        fast(data)
    except JsonSchemaException:
        return False
    return True


def _field_path(error: ValidationError) -> str:
    out = ""
    for part in error.absolute_path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: ValidationError, field: str) -> str:
    """One Indonesian sentence per JSON Schema keyword: what is wrong and what to write instead."""
    where = f"Kolom '{field}'" if field else "Catatan"
    kw, val = error.validator, error.validator_value
    if kw == "required":
        missing = [name for name in val if isinstance(error.instance, dict) and name not in error.instance]
        names = ", ".join(f"'{m}'" for m in missing) or str(val)
        return f"{where} belum lengkap: kolom {names} wajib diisi."
    if kw == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {}))) if isinstance(error.instance, dict) else []
        return f"{where} berisi kolom yang tidak dikenal: {', '.join(map(repr, extra))}. Periksa ejaan nama kolom."
    if kw == "type":
        kinds = {"string": "teks", "integer": "bilangan bulat", "number": "angka", "boolean": "true/false",
                 "array": "daftar", "object": "pemetaan (kunci: nilai)", "null": "kosong"}
        wanted = " atau ".join(kinds.get(t, t) for t in (val if isinstance(val, list) else [val]))
        hint = " (tulis true atau false; 'yes', 'no', 'ya', 'tidak' tidak berlaku)" if val == "boolean" else ""
        if val == "string" and isinstance(error.instance, (int, float, bool)):
            hint = f' (beri tanda kutip agar dibaca sebagai teks: "{error.instance}")'

        return f"{where} harus berupa {wanted}{hint}, bukan {error.instance!r}."
    if kw in ("enum", "const"):
        options = val if kw == "enum" else [val]
        return f"{where} bernilai {error.instance!r}; pilih salah satu: {', '.join(map(str, options))}."
    if kw == "pattern":
        return f"{where} bernilai {error.instance!r} yang tidak sesuai format yang diminta ({_pattern_hint(field)})."
    if kw == "format" and val == "date":
        return f"{where} bernilai {error.instance!r}: bukan tanggal yang ada. Tulis YYYY-MM-DD."
    if kw == "minLength":
        return f"{where} terlalu pendek (minimal {val} karakter); tuliskan isinya dengan jelas."
    if kw == "maxLength":
        return f"{where} terlalu panjang (maksimal {val} karakter); ringkas isinya."
    if kw == "minItems":
        return f"{where} harus berisi minimal {val} butir."
    if kw == "uniqueItems":
        return f"{where} berisi butir yang sama lebih dari sekali; hapus yang ganda."
    if kw in ("minimum", "maximum"):
        bound = "paling kecil" if kw == "minimum" else "paling besar"
        return f"{where} bernilai {error.instance!r}; nilai {bound} yang diizinkan adalah {val}."
    if kw == "minProperties":
        return f"{where} tidak boleh kosong; isi minimal satu bagian."
    return f"{where} tidak sesuai skema ({kw})."


def _suggestions(error: ValidationError) -> dict[str, str | None]:
    """Unknown field -> the closest known field name (difflib), or None."""
    import difflib   # only to explain an unknown field

    known = sorted(error.schema.get("properties", {}))
    return {str(extra): next(iter(difflib.get_close_matches(str(extra), known, n=1, cutoff=0.6)), None)
            for extra in sorted(set(error.instance) - set(known))}


def _unknown_fields(loaded: Loaded, error: ValidationError, field: str, code: str) -> list[Finding]:
    """One finding per unknown field, at its own line, with the closest known field name."""
    known = sorted(error.schema.get("properties", {}))
    found = []
    for extra, close in _suggestions(error).items():
        path = f"{field}.{extra}" if field else str(extra)
        hint = f" Maksudnya '{close}'?" if close else f" Kolom yang dikenal di sini: {', '.join(known)}."
        where = f"di '{field}'" if field else "di catatan"
        found.append(Finding(loaded.path, loaded.lines.get(path) or loaded.line_of(field) or 1, code, Level.ERROR,
                             f"Kolom '{extra}' {where} tidak dikenal.{hint}", field=path))
    return found


def _pattern_hint(field: str) -> str:
    leaf = field.rsplit(".", 1)[-1].split("[")[0]
    return {
        "id": "DIK-<tahun>-<nomor tiga digit>, mis. DIK-2026-001",
        "pasal": "kode Pasal 17 seperti 17h.4 atau 17b",
        "sha256": "64 karakter heksadesimal huruf kecil",
        "laporan": "periode seperti 2026-T1 atau 2026-S2",
        "kode": "kode aturan seperti DIK014",
        "tanggal": "YYYY-MM-DD",
    }.get(leaf, "lihat panduan pengisian")


def _leaves(error: ValidationError) -> Iterable[ValidationError]:
    """Report the most specific errors of a combinator (if/then, allOf) instead of the wrapper."""
    if error.context:
        for sub in error.context:
            yield from _leaves(sub)
    else:
        yield error


def schema_findings(loaded: Loaded, name: str, code: str = "DIK001") -> list[Finding]:
    """Validate `loaded.data` against schema `name`; each violation becomes one finding."""
    findings = []
    if name == "record" and isinstance(loaded.data, dict):
        from registri.normalise import normalise_record

        normalise_record(loaded)   # canonical SHA-256 and security level; the warnings come from load_record
    data = to_jsonable(loaded.data)
    if is_valid(data, name):
        return findings
    leaves = [leaf for error in validator(name).iter_errors(data) for leaf in _leaves(error)]
    # A misspelled field is one finding ("Maksudnya 'nomor'?"), not also "'nomor' wajib diisi".
    suggested = {(_field_path(leaf), close) for leaf in leaves if leaf.validator == "additionalProperties"
                 and isinstance(leaf.instance, dict) for close in _suggestions(leaf).values() if close}
    for leaf in leaves:
        field = _field_path(leaf)
        if leaf.validator == "additionalProperties" and isinstance(leaf.instance, dict):
            findings += _unknown_fields(loaded, leaf, field, code)
            continue
        if leaf.validator == "required" and isinstance(leaf.instance, dict):
            missing = [m for m in leaf.validator_value if m not in leaf.instance]
            if missing and all((field, m) in suggested for m in missing):
                continue
        findings.append(Finding(loaded.path, loaded.line_of(field) or 1, code, Level.ERROR,
                                _message(leaf, field), field=field or None))
    return sorted(set(findings))
