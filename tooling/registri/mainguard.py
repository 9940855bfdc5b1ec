"""The local guard of main (checked by the commit-msg hook, `registri check-message`): an ordinary
commit on main that changes records is refused before it is made, in Indonesian, saying what to do
instead. The commit-msg hook already reads what is staged, so the guard costs the pre-commit stage
nothing (issue 12: it was a pre-commit hook process of its own, ~0.2 s per commit).

On main records change only through the Atasan PPID's merges (design.md section 4); the audit
reports such a commit anyway (AUD012), but only after it exists. Allowed on main:
- concluding a merge (MERGE_HEAD exists: `git merge --no-ff`, `registri accept`, a merge whose
  conflicts were resolved by hand);
- the one-time adoption of the template (README "Adopting the template": removing the sample
  records before tagging `mulai-jejak`), with the explicit escape REGISTRI_ADOPSI=1.
"""

from __future__ import annotations

import os
from pathlib import Path

from registri import gitlog

ADOPTION_ENV = "REGISTRI_ADOPSI"


def adopting(repo, environ: dict | None = None) -> bool:
    """The adoption escape is on for this commit: on main, no merge, REGISTRI_ADOPSI=1. The
    commit-msg hook then asks for no trailers either (the commit lies before mulai_jejak)."""
    return adoption_asked(environ) and guarded(repo)


def adoption_asked(environ: dict | None = None) -> bool:
    """REGISTRI_ADOPSI=1 (or `ya`) is set for this commit."""
    environ = os.environ if environ is None else environ
    return environ.get(ADOPTION_ENV, "").strip().lower() in ("1", "ya")


def refusal(root: Path, environ: dict | None = None) -> str | None:
    """The Indonesian refusal for the commit being made, or None when it may go ahead."""
    repo = gitlog.open_repo(root)
    if repo is None or not guarded(repo):
        return None
    changes = gitlog.staged_changes(repo)
    if not changes or adopting(repo, environ):
        return None
    return message(changes)


def guarded(repo) -> bool:
    """A commit made now would be an ordinary commit on main (no merge being concluded)."""
    return gitlog.current_branch(repo) == gitlog.MAIN and not gitlog.merge_in_progress(repo)


def message(changes) -> str:
    """The refusal for `changes` (staged record changes, gitlog.FileChange) committed on main."""
    ids = sorted({Path(c.path).stem for c in changes})
    shown = ", ".join(ids[:5]) + (f" dan {len(ids) - 5} lainnya" if len(ids) > 5 else "")
    first = ids[0]
    return (f"Commit ditolak: commit ini mengubah catatan ({shown}) langsung di cabang main.\n"
            "Di main, catatan hanya berubah lewat penggabungan cabang oleh Atasan PPID (langkah 5), agar setiap "
            "langkah tercatat.\n\n"
            "Yang perlu dilakukan:\n"
            f"  1. Pindahkan perubahan ke cabang kerja (perubahan yang belum di-commit ikut pindah):\n"
            f"       git switch -c dik/{first}\n"
            f"  2. Buat commit langkahnya dengan `registri step N {first}` (atau `registri step koreksi {first}`).\n"
            "  3. Kirim cabangnya (`git push -u origin HEAD`) dan ajukan pull request; Atasan PPID menggabungkannya.\n\n"
            "Hanya saat mengadopsi templat (menghapus catatan contoh sebelum menandai mulai-jejak, lihat README), "
            f"izinkan sekali dengan {ADOPTION_ENV}=1:\n"
            f"  Linux/macOS/Git Bash:  {ADOPTION_ENV}=1 git commit -m \"Hapus catatan contoh\"\n"
            f"  Windows PowerShell:    $env:{ADOPTION_ENV}='1'; git commit -m \"Hapus catatan contoh\"; "
            f"Remove-Item Env:{ADOPTION_ENV}")
