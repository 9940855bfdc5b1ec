"""The next free record id: highest DIK-<year>-nnn in the working tree or on any branch, plus one.

Two staff members preparing records on different branches (or one not yet pulled) must not both
take the same number, so every local branch and every remote-tracking branch is read too:
`git for-each-ref refs/heads refs/remotes`, then one `git ls-tree` of records/<year>/ per branch.
A folder that is not a Git repository uses the working tree alone.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from registri.errors import GitError
from registri.paths import RECORDS_DIR

NUMBER = re.compile(r"^DIK-(\d{4})-(\d{3,5})$")


def record_id(year: int, number: int) -> str:
    return f"DIK-{year}-{number:03d}"


def _numbers(names, year: int) -> set[int]:
    found = set()
    for name in names:
        match = NUMBER.match(PurePosixPath(name).stem)
        if match and int(match.group(1)) == year:
            found.add(int(match.group(2)))
    return found


def working_tree_numbers(root: Path, year: int) -> set[int]:
    """Numbers of `year` used by files anywhere under records/ (a misplaced file still holds its id)."""
    folder = root / RECORDS_DIR
    return _numbers((p.name for p in folder.rglob(f"DIK-{year}-*")), year) if folder.is_dir() else set()


def branch_numbers(root: Path, year: int) -> set[int]:
    """Numbers of `year` in records/<year>/ on every local and remote-tracking branch."""
    try:
        import git  # GitPython; imported here so validation never pays for it
    except ImportError:  # pragma: no cover - a dependency of the package
        return set()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return set()
    try:
        top = Path(repo.working_tree_dir).resolve()
        prefix = root.resolve().relative_to(top).as_posix()
        folder = f"{prefix}/{RECORDS_DIR}/{year}/" if prefix != "." else f"{RECORDS_DIR}/{year}/"
        refs = repo.git.for_each_ref("--format=%(refname)", "refs/heads", "refs/remotes").split()
        found: set[int] = set()
        for ref in refs:
            if ref.endswith("/HEAD"):
                continue   # origin/HEAD points at a branch listed anyway
            listing = repo.git.ls_tree("-r", "--name-only", ref, "--", folder)
            found |= _numbers(listing.splitlines(), year)
        return found
    except git.GitCommandError as exc:
        raise GitError(f"Git tidak dapat membaca cabang untuk menghitung nomor catatan: {exc.stderr.strip() or exc}") from None
    except (ValueError, TypeError):
        return set()   # a bare repository or a root outside the work tree: no branches to read


def next_ids(root: Path, year: int, count: int = 1) -> list[str]:
    """The next `count` free ids of `year`, after the highest number used anywhere."""
    used = working_tree_numbers(root, year) | branch_numbers(root, year)
    start = max(used, default=0) + 1
    return [record_id(year, n) for n in range(start, start + count)]


def next_id(root: Path, year: int) -> str:
    return next_ids(root, year, 1)[0]
