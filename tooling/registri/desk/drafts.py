"""From a filled form to the text of the record as it would be written.

Form values become record data (dates, numbers, lists typed as the schema wants them); only the
top-level sections the form shows are rewritten, through the importer's layout, so the rest of
the file (comments, other sections) stays exactly as it was. Nothing is written here.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any, Mapping

from registri import newrecord, steps
from registri.desk.forms import Field, Form
from registri.loader import parse_text
from registri.model import Record

_ROW = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<row>[0-9]+|new)\]\.(?P<name>[a-z_]+)$")
BERAKHIR = "klasifikasi.jangka_waktu.berakhir"


class FormValues:
    """What the browser sent: `get` for one value, `getlist` for multiple choices."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data

    def get(self, key: str) -> str:
        value = self.data.get(key, "")
        return value if isinstance(value, str) else str(value)

    def getlist(self, key: str) -> list[str]:
        if hasattr(self.data, "getlist"):
            return list(self.data.getlist(key))
        value = self.data.get(key)
        return [] if value is None else (list(value) if isinstance(value, (list, tuple)) else [value])


def record_data(text: str) -> dict:
    """The record's data as the strict loader reads it ({} when the text does not load)."""
    loaded = parse_text(text, "-")
    return loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _set(data: dict, dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    node = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value


def _prune(data: Any) -> Any:
    """Drop empty objects left after blank fields were removed."""
    if isinstance(data, dict):
        for key in list(data):
            data[key] = _prune(data[key])
            if data[key] == {}:
                del data[key]
    return data


def shown_value(field: Field, data: dict) -> Any:
    """The value a form field starts with, from the record's data."""
    match = _ROW.match(field.key)
    if match:
        if match["row"] == "new":
            return ""
        rows = _get(data, match["list"])
        row = int(match["row"])
        if isinstance(rows, list) and row < len(rows) and isinstance(rows[row], dict):
            value = rows[row].get(match["name"])
            return "" if value is None else str(value)
        return ""
    value = _get(data, field.key)
    if field.widget in ("checks", "pasal"):
        return [str(v) for v in value] if isinstance(value, list) else []
    if field.widget == "lines":
        return "\n".join(str(v) for v in value) if isinstance(value, list) else ""
    if field.widget == "bool":
        return value is True
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _typed(field: Field, raw: str) -> Any:
    text = raw.strip()
    if field.widget not in ("textarea",):
        text = " ".join(text.split())
    if not text:
        return None
    if field.widget == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text            # the schema says it is not a date, beside this field
    if field.widget == "number":
        return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else text
    if field.widget == "sha256":
        return text.lower()
    if field.widget == "textarea":
        return " ".join(text.split())  # folded into the file by the importer's layout
    return text


def apply(form: Form, values: FormValues, data: dict) -> dict:
    """The record data with the form's values in place (blank fields removed)."""
    new = copy.deepcopy(data)
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    for field in form.fields:
        match = _ROW.match(field.key)
        if match:
            value = _typed(field, values.get(field.key))
            rows.setdefault(match["list"], {}).setdefault(match["row"], {})
            if value is not None:
                rows[match["list"]][match["row"]][match["name"]] = value
            continue
        if field.computed:
            continue
        if field.widget in ("checks", "pasal"):
            chosen = [v for v in values.getlist(field.key) if v]
            value: Any = chosen or None
        elif field.widget == "lines":
            value = [line.strip() for line in values.get(field.key).splitlines() if line.strip()] or None
        elif field.widget == "bool":
            # An unticked box sends nothing: false where the record already says true or false,
            # so a correction elsewhere never deletes `pengecualian_sebagian: false`.
            ticked = values.get(field.key) in ("on", "true", "1")
            value = True if ticked else (False if isinstance(_get(data, field.key), bool) else None)
        else:
            value = _typed(field, values.get(field.key))
        _set(new, field.key, value)
    for name, by_row in rows.items():
        filled = [row for key, row in sorted(by_row.items(), key=lambda kv: kv[0]) if row]
        if any(key == "new" for key in by_row):      # a change appends one entry
            existing = _get(new, name) if isinstance(_get(new, name), list) else []
            _set(new, name, [*existing, *filled] or None)
        else:   # rows beyond those the form shows are kept as written
            existing = _get(new, name) if isinstance(_get(new, name), list) else []
            _set(new, name, [*filled, *existing[len(by_row):]] or None)
    if any(f.key == BERAKHIR for f in form.fields):
        _set(new, BERAKHIR, computed_end(new))
    return _prune(new)


def computed_end(data: dict) -> dt.date | None:
    """`berakhir` of a fixed term, as the register's model computes it (rule DIK015 checks it)."""
    years = _get(data, "klasifikasi.jangka_waktu.tahun")
    if isinstance(years, int) and years < 1:
        return None
    return Record("-", data).computed_end


def touched_sections(form: Form) -> list[str]:
    out: list[str] = []
    for field in form.fields:
        top = field.key.split(".")[0].split("[")[0]
        if top not in out:
            out.append(top)
    return out


def draft_text(text: str, form: Form, values: FormValues) -> tuple[str, dict]:
    """The record's text after the form's values are applied (status is the step's business)."""
    data = record_data(text)
    new = apply(form, values, data)
    for key in touched_sections(form):
        if new.get(key) != data.get(key):
            text = steps.with_section(text, key, new[key]) if key in new else steps.without_sections(text, {key})
    return text, new


def new_values(values: FormValues) -> tuple[dict[str, object], dict[str, str]]:
    """Step-1 values parsed the way `registri new` parses answers, and each field's problem."""
    parsed, problems = {}, {}
    for field in newrecord.FIELDS:
        value, problem = newrecord.parse_value(field, values.get(field.key))
        if problem:
            problems[field.key] = problem
        else:
            parsed[field.key] = value
    return parsed, problems


def new_defaults(office) -> dict[str, str]:
    """What a new record's form starts with (the same defaults `registri new` offers)."""
    return {f.key: f.default(office) for f in newrecord.FIELDS if f.default}
