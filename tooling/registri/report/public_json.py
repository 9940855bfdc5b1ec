"""The public DIK as data (JSON), documented by public.schema.json, for gathering many offices' lists.

A ministry or the Komisi Informasi can merge the files of many offices: each file names its
office, each item carries an identifier that is unique across offices (`kantor.kode` + the record
id) and stays the same from one publication to the next. Only PublicDik is read here, which is
built by whitelist (public.py), so nothing internal can reach the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from registri.report.public import PublicDik, PublicItem

SCHEMA_FILE = Path(__file__).with_name("public.schema.json")
SCHEMA_VERSION = 1
SCHEMA_ID = "https://registri.example/schema/public.schema.json"


def office_code(short_name: str, name: str) -> str:
    """'BPMP Kalsel' -> 'bpmp-kalsel': the office's short name as a lower-case slug."""
    text = unicodedata.normalize("NFKD", short_name or name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "kantor"


def _item(item: PublicItem, code: str) -> dict:
    return {
        "id": item.id,
        "id_global": f"{code}/{item.id}",
        "no": item.no,
        "informasi": item.information,
        "pasal_17": list(item.codes),
        "dasar_hukum": item.legal_basis,
        "peraturan_lain": [{"jenis": law.kind, "nomor": law.number, "tahun": law.year, "pasal": law.article,
                            "tentang": law.about} for law in item.laws],
        "konsekuensi_jika_dibuka": item.if_opened,
        "konsekuensi_jika_ditutup": item.if_closed,
        "jangka_waktu": {
            "jenis": item.period_kind,
            "uraian": item.period,
            "mulai": item.period_start.isoformat() if item.period_start else None,
            "berakhir": item.period_end.isoformat() if item.period_end else None,
        },
    }


def public_data(dik: PublicDik) -> dict:
    code = office_code(dik.short_name, dik.office)
    return {
        "$schema": SCHEMA_ID,
        "versi_skema": SCHEMA_VERSION,
        "kantor": {"kode": code, "nama": dik.office, "singkatan": dik.short_name, "badan_publik": dik.body,
                   "kota": dik.city},
        "keadaan_per": dik.day.isoformat(),
        "jumlah": len(dik.items),
        "informasi": [_item(item, code) for item in dik.items],
    }


def render_public_json(dik: PublicDik) -> str:
    # Compact, one line (as the report JSON): the file is for programs, and at 10,000 records the
    # indentation alone was 1.9 MB of 10.8.
    return json.dumps(public_data(dik), ensure_ascii=False, separators=(",", ":")) + "\n"
