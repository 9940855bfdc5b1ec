"""Every call that changes a Git repository (add, commit, branch, switch, merge), in one place.

The staff commands (`step`, `accept`, `import`) go through here, always via GitPython's
`repo.git`, so the exact Git invocations can be read and tested in one module. The few reads
those commands need before writing (current branch, clean tree, who is committing) live here
too; the history itself is read by registri.gitlog / registri.history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from registri.errors import GitError

MAIN = "main"


@dataclass(frozen=True)
class Identity:
    """Who a commit is written as; `when` None means now."""

    name: str
    email: str
    when: dt.datetime | None = None


def _git_error(exc: Exception, doing: str) -> GitError:
    detail = (getattr(exc, "stderr", "") or str(exc)).strip()
    detail = detail.removeprefix("stderr:").strip().strip("'").strip()
    return GitError(f"Git menolak saat {doing}:\n{detail}")


class Workspace:
    """A Git working tree that the staff commands write to."""

    def __init__(self, root: Path) -> None:
        import git  # GitPython: imported here so commands that never write stay light

        try:
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            raise GitError(f"Folder {root} bukan repositori Git. Jalankan `git init -b main` atau "
                           "`git clone` repositori register terlebih dahulu.") from None
        self.root = Path(self.repo.working_tree_dir or root)
        self._errors = (git.GitCommandError,)

    def _run(self, doing: str, *args: str, env: dict | None = None) -> str:
        """Run one Git command; GitPython merges `env` over the process environment."""
        try:
            return self.repo.git.execute(["git", *args], env=env or None)
        except self._errors as exc:
            raise _git_error(exc, doing) from None

    # Reads the writes depend on ----------------------------------------------------------
    def config(self, key: str) -> str | None:
        try:
            value = self.repo.git.config("--get", key)
        except self._errors:
            return None
        return value.strip() or None

    def user(self) -> Identity:
        """The identity Git would commit as (git config user.name / user.email)."""
        email = self.config("user.email")
        if not email:
            raise GitError("Identitas Git belum diatur. Jalankan:\n"
                           "  git config user.name \"Nama Lengkap\"\n"
                           "  git config user.email alamat@kantor.example\n"
                           "dengan alamat e-mail yang tercatat untuk Anda di registri.yaml.")
        return Identity(self.config("user.name") or email, email)

    def has_commits(self) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "-q", "HEAD")
        except self._errors:
            return False
        return True

    def branch(self) -> str | None:
        """The current branch name, None when HEAD is detached."""
        try:
            name = self.repo.git.symbolic_ref("-q", "--short", "HEAD").strip()
        except self._errors:
            return None
        return name or None

    def branch_exists(self, name: str) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "-q", f"refs/heads/{name}")
        except self._errors:
            return False
        return True

    def resolves(self, rev: str) -> bool:
        try:
            self.repo.git.rev_parse("--verify", "-q", f"{rev}^{{commit}}")
        except self._errors:
            return False
        return True

    def is_tracked(self, path: str) -> bool:
        """Whether `path` (repository-relative) is in HEAD."""
        if not self.has_commits():
            return False
        return bool(self.repo.git.ls_tree("--name-only", "HEAD", "--", path).strip())

    def dirty_tracked(self) -> list[str]:
        """Tracked files with changes (staged or not); untracked files are ignored."""
        out = self.repo.git.status("--porcelain", "--untracked-files=no")
        return [line[3:] for line in out.splitlines() if line.strip()]

    def staged(self) -> list[str]:
        if not self.has_commits():
            out = self.repo.git.diff("--cached", "--name-only", "--no-renames", _EMPTY_TREE)
        else:
            out = self.repo.git.diff("--cached", "--name-only", "--no-renames", "HEAD")
        return [line for line in out.splitlines() if line.strip()]

    def staged_among(self, paths: Iterable[str]) -> list[str]:
        """Which of `paths` differ in the index from HEAD (after `add`): what a commit would hold."""
        paths = list(paths)
        base = "HEAD" if self.has_commits() else _EMPTY_TREE
        out = self.repo.git.diff("--cached", "--name-only", "--no-renames", base, "--", *paths)
        return [line for line in out.splitlines() if line.strip()]

    def changed_between(self, base: str, tip: str, under: str) -> list[str]:
        """Files under `under` that `tip` changed since it left `base` (three-dot diff)."""
        out = self.repo.git.diff("--name-only", "--no-renames", f"{base}...{tip}", "--", under)
        return [line for line in out.splitlines() if line.strip()]

    def show(self, rev: str, path: str) -> bytes | None:
        try:
            return self.repo.git.show(f"{rev}:{path}", stdout_as_string=False)
        except self._errors:
            return None

    # Writes ------------------------------------------------------------------------------
    def switch_new(self, name: str) -> None:
        self._run(f"membuat cabang {name}", "switch", "-q", "-c", name)

    def switch(self, name: str) -> None:
        self._run(f"pindah ke cabang {name}", "switch", "-q", name)

    def delete_branch(self, name: str) -> None:
        self._run(f"menghapus cabang {name}", "branch", "-q", "-D", name)

    def add(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if paths:
            self._run("menambahkan berkas ke commit", "add", "--", *paths)

    def unstage(self, paths: Iterable[str]) -> None:
        """Take new files back out of the index (after a refused commit)."""
        paths = list(paths)
        if paths:
            self._run("mengembalikan indeks", "rm", "-q", "--cached", "--ignore-unmatch", "--", *paths)

    def commit(self, message: str, paths: Iterable[str], author: Identity | None = None) -> str:
        """Commit exactly `paths` (other staged changes stay staged) and return the commit id.

        Hooks run as usual (pre-commit validation, the commit-msg check), so the commit Git
        makes here is held to the same rules as one typed by hand.
        """
        paths = list(paths)
        self.add(paths)
        only = ["--only"] if self.has_commits() else []
        self._run("membuat commit", "commit", "-q", "-m", message, *only, "--", *paths, env=_author_env(author))
        return self.repo.git.rev_parse("HEAD").strip()

    def commit_empty(self, message: str) -> str:
        """A commit that changes no file (registri lengkapi); hooks run as usual."""
        self._run("membuat commit", "commit", "-q", "--allow-empty", "--only", "-m", message)
        return self.repo.git.rev_parse("HEAD").strip()

    def merge_no_ff(self, branch: str, message: str, author: Identity | None = None) -> str:
        """`git merge --no-ff` of `branch` into the current branch with `message`."""
        try:
            self._run(f"menggabungkan cabang {branch}", "merge", "--no-ff", "--no-edit", "-q", "-m", message, branch,
                      env=_author_env(author))
        except GitError:
            if self._merging():  # leave the tree as it was before the merge
                self.repo.git.merge("--abort")
            raise
        return self.repo.git.rev_parse("HEAD").strip()

    def _merging(self) -> bool:
        return (Path(self.repo.git_dir) / "MERGE_HEAD").exists()


_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


def _author_env(author: Identity | None) -> dict:
    if author is None:
        return {}
    env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
    if author.when is not None:
        env["GIT_AUTHOR_DATE"] = author.when.isoformat()
    return env
