"""The record tables' data: every row as compact JSON, in files small enough to fetch quickly.

The register table and the per-Pasal, per-status and per-year pages show their first rows in the
HTML and read the rest from these files (assets/registri/js: registri.js). The field order is the
one registri.js reads (its `F`). File names carry a hash of their content, so a browser never
mixes files of two builds.
"""

from __future__ import annotations

import hashlib
import json
from typing import Iterable

from registri.site import urls, views

CHUNK_ROWS = 2500            # about 0.6 MB a file at 10,000 records; the ceiling is 1.5 MB
FIRST_ROWS = 100             # rows written into the HTML (the page the script shows first)
DATA_DIR = f"{urls.ASSETS}/daftar"
EXPIRED, OVERDUE = 1, 2


def as_list(row: views.Row) -> list:
    return [row.id, row.sort_id, row.title, row.unit, list(row.pasal), list(row.letters), row.year, row.period,
            row.start, row.start_sort, row.until, row.until_sort, row.security, row.security_code, row.status,
            row.status_label, (EXPIRED if row.expired else 0) | (OVERDUE if row.review_overdue else 0)]


def data_files(rows: Iterable[views.Row]) -> dict[str, bytes]:
    """Site path -> JSON bytes, rows in id order, CHUNK_ROWS a file."""
    ordered = sorted(rows, key=lambda r: r.sort_id)
    files = {}
    for start in range(0, max(len(ordered), 1), CHUNK_ROWS):
        # ensure_ascii keeps every file plain ASCII: no encoding question for any server.
        text = json.dumps([as_list(r) for r in ordered[start:start + CHUNK_ROWS]], separators=(",", ":"))
        data = text.encode("ascii")
        tag = hashlib.sha256(data).hexdigest()[:12]
        files[f"{DATA_DIR}/rows-{start // CHUNK_ROWS}-{tag}.json"] = data
    return files
