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
    "registri.inherited_trail",
    "registri.commitmsg",
    "registri.importer",
    "registri.import_plan",
    "registri.workflow",
)


@dataclass(frozen=True)
class Rule:
    code: str            # stable, e.g. DIK012
    level: Level
    title: str           # short Indonesian name
    meaning: str         # what it means, Indonesian
    fix: str             # how to fix it, Indonesian
    # May a record set it aside in abaikan_aturan with a written reason? Validation allows this
    # for warnings only (tested); scan allows it for personal-data shapes, which are errors until
    # a record explains why the number is not personal data (domain.md section 7).
    waivable: bool = False


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
