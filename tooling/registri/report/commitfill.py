"""A period's report files made once, the commit they were computed from filled in afterwards.

Section I (and the notes) name the commit the report was computed from, so after any commit every
period's files would differ, although a closed period's figures have not moved. The site renders
a report with a stand-in for the commit instead: a token of the same length, made from the
report's own content (no record text can hold it: it would have to contain a hash of itself).
The rendered file is cached under a key of the report without its commit, and the commit is
written over the token in every file that holds it as text: Markdown, CSV, JSON, the XML members
of an XLSX, and the PDF. The site's period PDF is made for this: its pages' content streams are
not compressed, and its fonts keep ASCII as ASCII (pdfkit.fonts), so the token is its own bytes
there; and the token and the commit are laid out alike, so the filled PDF is the PDF rendered with
the commit (tests/test_report_cache.py): the footer ends with the commit, section I's cell holds
any 40 hex digits on one line, and the notes set it in the monospaced font.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

from registri.cache import digest
from registri.report.figures import Report

SHORT = 12            # the short commit id the report shows beside the full one


@dataclasses.dataclass(frozen=True)
class Fill:
    token: str         # stands for the commit in the rendered files
    commit: str

    def __call__(self, path: str, content: str | bytes) -> str | bytes:
        """`content` (the file at site `path`) with the commit over the token."""
        pairs = ((self.token, self.commit), (self.token[:SHORT], self.commit[:SHORT]))
        if path.endswith(".xlsx"):
            return _fill_zip(content, [(a.encode(), b.encode()) for a, b in pairs])
        if isinstance(content, bytes):
            for old, new in pairs:
                content = content.replace(old.encode(), new.encode())
            return content
        for old, new in pairs:
            content = content.replace(old, new)
        return content


def without_commit(report: Report) -> tuple[Report, Report, Fill | None]:
    """(the report as the key sees it, the report to render, the fill); the same report twice and
    no fill when it names no commit (not a Git repository)."""
    commit = report.identity.commit
    if not commit:
        return report, report, None
    keyed = _with_commit(report, commit, "-" * len(commit))
    token = digest("commit-token", repr(keyed))[:len(commit)]
    return keyed, _with_commit(report, commit, token), Fill(token, commit)


def _with_commit(report: Report, commit: str, stand_in: str) -> Report:
    notes = tuple(note.replace(commit[:SHORT], stand_in[:SHORT]) for note in report.notes)
    return dataclasses.replace(report, identity=dataclasses.replace(report.identity, commit=stand_in), notes=notes)


def _fill_zip(data: bytes, pairs: list[tuple[bytes, bytes]]) -> bytes:
    """The zip with each member's bytes filled, members and their settings as they were (the same
    bytes as the zip XlsxWriter writes with the commit itself: tests/test_report_cache.py)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            for old, new in pairs:
                content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()
