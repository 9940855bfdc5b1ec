"""The rules JSON Schema cannot express, grouped by topic; `RULES` lists every DIK code.

Each topic module declares its `RULES` and a `check(record, ctx)` that yields findings.
DIK001 (the schema itself) is emitted by registri/schemas.py while loading.
"""

from __future__ import annotations

from registri.catalog import Rule
from registri.findings import Level
from registri.rules import (consequence, consequence_texts, documentation, identity, legal_basis, lifecycle,
                            must_publish, opening, pasal_letter, period, security, titles, waivers)
from registri.rules.base import Context, RecordCheck

SCHEMA = Rule(
    "DIK001", Level.ERROR, "Catatan tidak sesuai skema",
    "Kolom wajib kosong, nama kolom salah eja, tipe nilai salah (mis. teks di tempat tanggal), atau nilai di luar "
    "pilihan. Kolom wajib bertambah sesuai status (kelengkapan POS).",
    "Perbaiki kolom yang disebut; editor dengan dukungan YAML (VS Code + ekstensi YAML) menandai kesalahan ini "
    "saat mengetik karena setiap catatan menunjuk ke skemanya di baris pertama.")

TOPICS = (identity, legal_basis, consequence, period, titles, security, documentation, opening, lifecycle)
# Checks learned from offices' real published lists (issue 13); codes after the waiver rules.
LEARNED = (must_publish, consequence_texts, pasal_letter)

RECORD_CHECKS: tuple[RecordCheck, ...] = tuple(module.check for module in (*TOPICS, *LEARNED))

RULES: tuple[Rule, ...] = (SCHEMA, *(rule for module in TOPICS for rule in module.RULES), *waivers.RULES,
                          *(rule for module in LEARNED for rule in module.RULES))

BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "Context", "RECORD_CHECKS", "RULES"]
