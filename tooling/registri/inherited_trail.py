"""The audit's view of inherited records: a `warisan:` section is written only when the record is made.

An inherited record's gaps are accepted as a backlog (backlog.py), so a `warisan:` section added
later to an ordinary record would turn its errors into "backlog" and slip them past the hooks.
The section is only ever written by `registri import --existing`, in the commit that creates the
record; the audit reports any other commit that brings one in.

Cost: one `git grep` finds the records that are inherited at the tip, and one `git cat-file
--batch` reads their versions; never one Git process per record.
"""

from __future__ import annotations

import re
from typing import Callable

from registri.catalog import Rule
from registri.findings import Finding, Level

ADDED_LATER = Rule(
    "AUD022", Level.ERROR, "Bagian warisan ditambahkan pada catatan yang sudah ada",
    "Bagian warisan: (catatan dari DIK lama kantor) hanya ditulis oleh `registri import --existing` pada commit "
    "yang membuat catatan itu. Kekurangan catatan warisan diterima sebagai tunggakan, sehingga menambahkannya "
    "belakangan pada catatan biasa menyembunyikan kesalahannya.",
    "Hapus bagian warisan dari catatan itu dengan commit `Perubahan: koreksi`, lalu lengkapi catatan seperti biasa.")
RULES = (ADDED_LATER,)

_SECTION = re.compile(rb"(?m)^warisan:")


def has_section(data: bytes) -> bool:
    """This record version (raw bytes) has a top-level `warisan:` section."""
    return bool(_SECTION.search(data))


def findings(repo, history, tip: str, wanted: Callable) -> list[Finding]:
    """AUD022 for every wanted commit that gave an existing record a `warisan:` section."""
    from registri import gitlog

    try:
        listing = repo.git.grep("-l", "-E", "^warisan:", tip, "--", "records/", with_exceptions=False)
    except Exception:   # nothing inherited, or nothing to grep
        return []
    paths = {line.split(":", 1)[1] for line in listing.splitlines() if ":" in line}
    if not paths:
        return []
    versions: dict[str, list] = {}
    for record_id, past in history.records.items():
        events = [e for e in past.events if e.path in paths and e.change_type != "D"]
        if events:
            versions[record_id] = events
    names = [f"{e.commit.sha}:{e.path}" for events in versions.values() for e in events]
    texts = gitlog.read_paths_at(repo, names)
    out = []
    for record_id, events in versions.items():
        had = False
        for event in events:
            has = has_section(texts.get(f"{event.commit.sha}:{event.path}", b""))
            if has and not had and event.change_type != "A" and not event.commit.imported and wanted(event.commit):
                out.append(Finding(event.path, None, ADDED_LATER.code, ADDED_LATER.level,
                                   f"{record_id}: bagian warisan ditambahkan pada commit {event.commit.sha[:10]}, padahal "
                                   "catatan ini dibuat tanpa bagian itu. Hanya `registri import --existing` yang "
                                   "menulisnya, saat catatan dibuat; hapus bagian warisan dengan `Perubahan: koreksi`.",
                                   record=record_id, commit=event.commit.sha))
            had = has
    return out
