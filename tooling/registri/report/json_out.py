"""The report as JSON: the figures tree as is, dates in ISO form; documented by report.schema.json.

Version 2 leaves out the flat DIK list (`dik`): it is its own file (`…-dik.csv`, and on the site
one list of the whole register), not a copy inside every period's report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from registri.report.figures import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")
SCHEMA_VERSION = 2
LEFT_OUT = ("dik",)        # Report fields that are files of their own


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
    data = _plain(report)
    for name in LEFT_OUT:
        data.pop(name)
    return {"versi_skema": SCHEMA_VERSION, "ok": report.ok, **data}


def render_json(report: Report) -> str:
    # Compact, one line: a year's report at 10,000 records is a sixth smaller than indented, and
    # the file is read by programs (`jq .` shows it indented); key order stays the model's.
    return json.dumps(report_data(report), ensure_ascii=False, separators=(",", ":")) + "\n"
