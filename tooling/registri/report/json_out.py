"""The report as JSON: the figures tree as is, dates in ISO form; documented by report.schema.json.

Version 2 leaves out the flat DIK list (`dik`): it is its own file (`…-dik.csv`, and on the site
one list of the whole register), not a copy inside every period's report. Version 3 leaves out
section XII's item list (`items`) for the same reason: it is `…-informasi.csv` (one row per item,
one column per field) and a sheet of the XLSX, and was nine tenths of every period's JSON (10.6 of
11.1 MB of report JSON on the 10,000-record site, issue 12); `items_count` says how many rows
that file holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from registri.report.figures import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")
SCHEMA_VERSION = 3
LEFT_OUT = ("dik", "items")        # Report fields that are files of their own


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def report_data(report: Report) -> dict:
    data: dict[str, Any] = {"versi_skema": SCHEMA_VERSION, "ok": report.ok}
    for field in dataclasses.fields(report):
        if field.name == "items":
            data["items_count"] = len(report.items)     # where the list stood
        elif field.name not in LEFT_OUT:
            data[field.name] = _plain(getattr(report, field.name))
    return data


def render_json(report: Report) -> str:
    # Compact, one line: a year's report at 10,000 records is a sixth smaller than indented, and
    # the file is read by programs (`jq .` shows it indented); key order stays the model's.
    return json.dumps(report_data(report), ensure_ascii=False, separators=(",", ":")) + "\n"
