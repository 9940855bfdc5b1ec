"""The catalogue of rule codes: every check declares its code, level, title and fix here.

Each checking module lists its rules as `RULES` (a tuple of `Rule`); `all_rules()` gathers them
for the site's rule pages and for the test that every code has a failing fixture.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from registri.findings import Level

# Modules that declare RULES. A module that does not exist yet is skipped.
RULE_MODULES = (
    "registri.loader",
    "registri.config",
    "registri.rules",
    "registri.scan",
    "registri.audit",
    "registri.commitmsg",
    "registri.importer",
)


@dataclass(frozen=True)
class Rule:
    code: str            # stable, e.g. DIK012
    level: Level
    title: str           # short Indonesian name
    meaning: str         # what it means, Indonesian
    fix: str             # how to fix it, Indonesian
    waivable: bool = False  # may a record waive it in abaikan_aturan (warnings only)

    def __post_init__(self) -> None:
        if self.waivable and self.level is not Level.WARNING:
            raise ValueError(f"{self.code}: only warning-level rules can be waived")


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        for rule in getattr(module, "RULES", ()):
            if rule.code in rules:
                raise ValueError(f"duplicate rule code {rule.code}")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))
