"""The pre-commit stage in one process (issue 12): which check takes which of a commit's files.

Every pre-commit hook costs a Python start-up plus its imports (about 0.25 s each on a 2-core
machine), so the checks of the files a commit changes run in one hook, `registri check-commit`.
Each check is still the command it always was (its findings, codes and Indonesian messages are
unchanged); this module only says, for each, which files it is given (the `files:` patterns the
separate hooks had) and the title that heads its output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from registri.hygiene import ALL as ALL_FILE_CHECKS


@dataclass(frozen=True)
class Check:
    title: str              # heads the check's output (the name its hook used to have)
    command: tuple[str, ...]  # the registri command and its options, before the files
    pattern: re.Pattern | None  # the files it takes (paths relative to the repository, POSIX); None: every file


RECORD_YAML = re.compile(r"^records/.*\.ya?ml$")
CHECKS = (
    Check("registri validate (skema dan aturan catatan)", ("validate",), RECORD_YAML),
    Check("registri scan (data pribadi, rahasia, dokumen)", ("scan",), re.compile(r"^records/")),
    Check("yamllint (nilai ya/tidak, kunci ganda, spasi; pesan berbahasa Indonesia)", ("lint-yaml",),
          re.compile(r"^(records/.*\.ya?ml|registri\.yaml|tooling/registri/(sop|pasal17)\.yaml)$")),
    Check("berkas besar (batas {maxkb} KB), penanda konflik penggabungan, kunci privat",
          ("check-files", "--maxkb={maxkb}", ALL_FILE_CHECKS), None),
)


def plan(files: list[tuple[str, str]], maxkb: int) -> list[tuple[str, list[str]]]:
    """(title, registri argv) for every check that has files to look at.

    `files` pairs each file as given (passed on unchanged, so findings name it as before) with its
    path relative to the repository (what the patterns match)."""
    planned = []
    for check in CHECKS:
        chosen = [given for given, rel in files if check.pattern is None or check.pattern.match(rel)]
        if chosen:
            command = [part.format(maxkb=maxkb) for part in check.command]
            planned.append((check.title.format(maxkb=maxkb), [*command, *chosen]))
    return planned
