"""Every call that READS Git for the audit trail, in one place.

The whole history of records/ is read with ONE `git log` (plus one cheap `git rev-list
--first-parent` for main's line and one `git cat-file --batch` for the record versions whose
status is not cached yet). Never one Git process per commit or per file: see design.md §8.
All calls go through GitPython's `repo.git`.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from registri.errors import GitError
from registri.paths import RECORDS_DIR

MAIN = "main"
NULL_SHA = "0" * 40
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

# Field and record separators that never occur in commit metadata.
_RS, _FS, _TS = "\x1e", "\x1f", "\x1d"
LOG_FORMAT = _RS + _FS.join((
    "%H", "%P", "%an", "%ae", "%aI", "%ce", "%cI", "%G?", "%GS", "%s",
    f"%(trailers:only,unfold,separator=%x1d)",
)) + _FS

_RAW_LINE = re.compile(r"^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*\t(.*)$")


@dataclass(frozen=True)
class FileChange:
    """One file a commit changed, with the blob ids before and after (NULL_SHA when absent)."""

    path: str
    change: str          # A added, M modified, D deleted, T type change
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class RawCommit:
    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_time: dt.datetime
    committer_email: str
    committer_time: dt.datetime
    signature: str
    signer: str
    subject: str
    trailers: tuple[tuple[str, str], ...]   # in message order, keys as written
    changes: tuple[FileChange, ...]          # record files only; merges: vs the first parent


def is_record_path(path: str) -> bool:
    return path.startswith(RECORDS_DIR + "/") and path.endswith((".yaml", ".yml"))


def open_repo(root: Path):
    """The GitPython Repo holding `root`, or None when `root` is not in a Git work tree."""
    import git  # imported here: commands that never read Git stay light

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _errors():
    import git

    return (git.GitCommandError,)


def resolve(repo, rev: str) -> str | None:
    """The commit id `rev` names, or None when it names no commit (e.g. an empty repository)."""
    try:
        return repo.git.rev_parse("--verify", "-q", f"{rev}^{{commit}}").strip() or None
    except _errors():
        return None


def ref_exists(repo, rev: str) -> bool:
    """Does `rev` name something, without reading the object (tells a damaged object from an unborn branch)?"""
    try:
        return bool(repo.git.rev_parse("--verify", "-q", rev).strip())
    except _errors():
        return False


def main_ref(repo) -> str | None:
    """The branch whose first-parent line is 'main': local main, else origin/main."""
    for candidate in (f"refs/heads/{MAIN}", f"refs/remotes/origin/{MAIN}"):
        if resolve(repo, candidate):
            return candidate
    return None


def is_shallow(repo) -> bool:
    try:
        return repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except _errors():
        return False


def common_dir(repo) -> Path:
    return Path(repo.common_dir)


def first_parent_line(repo, ref: str) -> list[str]:
    """Commit ids on `ref`'s first-parent line, newest first."""
    try:
        return repo.git.rev_list("--first-parent", ref).split()
    except _errors() as exc:
        raise GitError(f"Riwayat '{ref}' tidak dapat dibaca: {_detail(exc)}") from None


def rev_list(repo, *args: str, paths: Iterable[str] = ()) -> list[str]:
    try:
        paths = list(paths)
        return repo.git.rev_list(*args, *(["--", *paths] if paths else [])).split()
    except _errors() as exc:
        shown = " ".join(args)
        if "unknown revision" in _detail(exc) or "bad revision" in _detail(exc):
            raise GitError(f"Rentang atau commit '{shown}' tidak dikenal: kedua ujungnya harus nama cabang, tag, "
                           "atau id commit yang ada di repositori ini (lihat `git log --oneline --all`).") from None
        raise GitError(f"Rentang '{shown}' tidak dapat dibaca: {_detail(exc)}") from None


CORRUPT_HINT = ("Repositori Git ini rusak. Jangan ubah apa pun; jalankan `git fsck` untuk melihat kerusakannya "
                "dan pulihkan dengan meng-clone ulang dari GitHub (riwayat di sana utuh).")


def _detail(exc: Exception) -> str:
    """Git's own reason in a few lines: the `fatal:` line, not hundreds of `error:` lines."""
    text = (getattr(exc, "stderr", "") or str(exc)).strip()
    text = text.removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith("fatal:")]
    shown = fatal[-1] if fatal else (lines[-1] if lines else "")
    if len(lines) > 1:
        shown += f" (dan {len(lines) - 1} baris pesan Git lain)"
    if any(word in text for word in ("corrupt", "inflate", "bad object", "loose object", "failed to read")):
        shown += ". " + CORRUPT_HINT
    return shown


WALK = ("--full-history", "--topo-order", "--reverse")     # the commits of read_log, and their order


def read_log(repo, ref: str, allowed_signers: Path | None, only: list[str] | None = None) -> list[RawCommit]:
    """THE history pass: every commit reachable from `ref` that touches records/, oldest first.

    --full-history keeps branch commits and the merges that bring records to main;
    --diff-merges=first-parent shows what each merge brought (its diff against main before it);
    --no-renames because records made from one template look alike (design.md §8);
    --raw --no-abbrev gives the blob ids whose status we read later.

    `only`: just these commits (ids), in this order, each as the whole pass shows it (a commit's
    entry depends on the commit alone, so the entries of commits read before can be kept).
    """
    options = ["-c", "core.quotepath=off", "-c", "log.showSignature=false"]
    if allowed_signers is not None:
        options += ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers.as_posix()}"]
    walk = ["--no-walk=unsorted", "--stdin"] if only is not None else [*WALK, ref]
    args = ["git", *options, "log", f"--format={LOG_FORMAT}", "--raw", "--no-abbrev", "--no-renames",
            "--diff-merges=first-parent", "--no-color", *walk, "--", RECORDS_DIR]
    if only == []:
        return []
    try:
        if only is None:
            out = repo.git.execute(args, strip_newline_in_stdout=False)
        else:
            with tempfile.TemporaryFile() as request:
                request.write(("\n".join(only) + "\n").encode())
                request.seek(0)
                out = repo.git.execute(args, istream=request, strip_newline_in_stdout=False)
    except _errors() as exc:
        raise GitError(f"Riwayat Git tidak dapat dibaca: {_detail(exc)}") from None
    return list(parse_log(out))


def log_order(repo, ref: str) -> list[str]:
    """The ids of the commits read_log(ref) gives, in its order, without their diffs."""
    try:
        return repo.git.rev_list(*WALK, ref, "--", RECORDS_DIR).split()
    except _errors() as exc:
        raise GitError(f"Riwayat Git tidak dapat dibaca: {_detail(exc)}") from None


def order_on_top(repo, before: str, ref: str) -> list[str] | None:
    """The ids log_order(ref) gives after those of log_order(before), when `ref` is `before` with
    commits of one parent each added on top (the usual new commit): only those are walked. None
    when it is not (a merge, a rewritten or another branch): then only the whole walk tells."""
    if before == ref:
        return []
    try:
        chain = [line.split() for line in repo.git.rev_list("--parents", f"{before}..{ref}").splitlines()]
    except _errors():
        return None
    expected = ref
    for sha, *parents in chain:                     # newest first
        if sha != expected or len(parents) != 1:
            return None
        expected = parents[0]
    if expected != before:
        return None
    try:
        return repo.git.rev_list(*WALK, f"{before}..{ref}", "--", RECORDS_DIR).split()
    except _errors():
        return None


def parse_log(out: str) -> Iterator[RawCommit]:
    for chunk in out.split(_RS):
        if not chunk.strip():
            continue
        fields = chunk.split(_FS)
        if len(fields) < 12:
            continue
        (sha, parents, an, ae, ad, ce, cd, sig, signer, subject, trailers) = fields[:11]
        changes = []
        for line in fields[11].splitlines():
            match = _RAW_LINE.match(line)
            if not match:
                continue
            path = _unquote(match.group(6))
            if is_record_path(path):
                changes.append(FileChange(path, match.group(5), match.group(3), match.group(4)))
        yield RawCommit(
            sha=sha, parents=tuple(parents.split()), author_name=an, author_email=ae.strip().lower(),
            author_time=dt.datetime.fromisoformat(ad), committer_email=ce.strip().lower(),
            committer_time=dt.datetime.fromisoformat(cd), signature=sig.strip() or "N",
            signer=signer.strip(), subject=subject, trailers=parse_trailer_lines(trailers.split(_TS)),
            changes=tuple(changes))


def read_completions(repo, ref: str, key: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(sha, author e-mail, trailers) of every commit reachable from `ref` whose message names
    `key` (the `Melengkapi:` follow-up commits; they touch no record, so read_log misses them).
    One `git log --grep` pass: Git filters the messages, Python parses a handful."""
    fmt = _RS + _FS.join(("%H", "%ae", "%(trailers:only,unfold,separator=%x1d)"))
    try:
        out = repo.git.execute(["git", "-c", "log.showSignature=false", "log", f"--format={fmt}", "-i",
                                f"--grep=^{key}:", "--no-color", ref], strip_newline_in_stdout=False)
    except _errors() as exc:
        raise GitError(f"Riwayat Git tidak dapat dibaca: {_detail(exc)}") from None
    rows = []
    for chunk in out.split(_RS):
        parts = chunk.strip("\n").split(_FS)
        if len(parts) == 3 and parts[0]:
            rows.append((parts[0].strip(), parts[1].strip().lower(), parse_trailer_lines(parts[2].split(_TS))))
    return rows


def parse_trailer_lines(lines: Iterable[str]) -> tuple[tuple[str, str], ...]:
    found = []
    for line in lines:
        key, sep, value = line.partition(":")
        if sep and key.strip():
            found.append((key.strip(), value.strip()))
    return tuple(found)


def _unquote(path: str) -> str:
    """Git quotes unusual paths C-style even with core.quotepath=off."""
    if len(path) >= 2 and path[0] == path[-1] == '"':
        body = path[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        return body.encode("latin-1", "replace").decode("utf-8", "replace")
    return path


def read_blobs(repo, blob_ids: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """Contents of many blobs through ONE `git cat-file --batch`, streamed (memory stays flat)."""
    ids = [b for b in dict.fromkeys(blob_ids) if b and b != NULL_SHA]
    if not ids:
        return
    with tempfile.TemporaryFile() as request:
        request.write(("\n".join(ids) + "\n").encode())
        request.seek(0)
        proc = repo.git.cat_file("--batch", "--buffer", as_process=True, istream=request)
        stream = proc.stdout
        try:
            for _ in ids:
                header = stream.readline().decode().split()
                if len(header) < 3 or header[1] != "blob":
                    continue  # "<id> missing": a broken or partial clone
                size = int(header[2])
                data = stream.read(size)
                stream.read(1)  # the newline after every object
                yield header[0], data
        finally:
            stream.close()
            proc.wait()


def read_paths_at(repo, names: Iterable[str]) -> dict[str, bytes]:
    """Contents of `<rev>:<path>` names (e.g. 'HEAD:records/x.yaml', ':records/x.yaml' for the
    staged version) through one `git cat-file --batch`; missing names are left out."""
    names = list(dict.fromkeys(names))
    found: dict[str, bytes] = {}
    if not names:
        return found
    with tempfile.TemporaryFile() as request:
        request.write(("\n".join(names) + "\n").encode("utf-8"))
        request.seek(0)
        proc = repo.git.cat_file("--batch", "--buffer", as_process=True, istream=request)
        stream = proc.stdout
        try:
            for name in names:
                header = stream.readline().decode(errors="replace").split()
                if len(header) < 3 or header[-1] == "missing" or header[1] != "blob":
                    continue
                data = stream.read(int(header[2]))
                stream.read(1)
                found[name] = data
        finally:
            stream.close()
            proc.wait()
    return found


def staged_changes(repo) -> list[FileChange]:
    """Record files staged for the next commit, against HEAD (the empty tree before the first)."""
    base = "HEAD" if resolve(repo, "HEAD") else EMPTY_TREE
    try:
        out = repo.git.execute(["git", "-c", "core.quotepath=off", "diff", "--cached", "--raw", "--no-abbrev",
                                "--no-renames", base, "--", RECORDS_DIR], strip_newline_in_stdout=False)
    except _errors() as exc:
        raise GitError(f"Perubahan yang akan di-commit tidak dapat dibaca: {_detail(exc)}") from None
    changes = []
    for line in out.splitlines():
        match = _RAW_LINE.match(line)
        if match and is_record_path(_unquote(match.group(6))):
            changes.append(FileChange(_unquote(match.group(6)), match.group(5), match.group(3), match.group(4)))
    return changes


def author_ident(repo) -> tuple[str, str]:
    """(name, e-mail) Git will write as the author: GIT_AUTHOR_* first, then user.* config."""
    try:
        ident = repo.git.var("GIT_AUTHOR_IDENT")
    except _errors():
        return "", ""
    match = re.match(r"^(.*?) <(.*?)>", ident)
    return (match.group(1), match.group(2).strip().lower()) if match else ("", "")


def current_branch(repo) -> str | None:
    try:
        return repo.git.symbolic_ref("-q", "--short", "HEAD").strip() or None
    except _errors():
        return None


def merge_in_progress(repo) -> bool:
    return (Path(repo.git_dir) / "MERGE_HEAD").exists()


def signature_log(repo, rev_args: list[str], allowed_signers: Path | None) -> list[tuple[str, str, str, str, str]]:
    """(sha, author e-mail, %G?, signer, committer e-mail) for every commit in `rev_args` (not only
    record commits): only used with --require-signed, where every commit in range must be signed."""
    options = ["-c", "log.showSignature=false"]
    if allowed_signers is not None:
        options += ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers.as_posix()}"]
    try:
        out = repo.git.execute(["git", *options, "log", f"--format={_FS.join(('%H', '%ae', '%G?', '%GS', '%ce'))}{_RS}",
                                *rev_args], strip_newline_in_stdout=False)
    except _errors() as exc:
        raise GitError(f"Tanda tangan commit tidak dapat dibaca: {_detail(exc)}") from None
    rows = []
    for chunk in out.split(_RS):
        parts = chunk.strip("\n").split(_FS)
        if len(parts) == 5 and parts[0]:
            rows.append((parts[0].strip(), parts[1].strip().lower(), parts[2].strip() or "N", parts[3].strip(),
                         parts[4].strip().lower()))
    return rows



def parse_message_trailers(repo, message: str) -> tuple[tuple[str, str], ...]:
    """Trailers of a message exactly as Git will see them (`git interpret-trailers --parse`),
    so the hook and the history pass agree on what is a trailer."""
    with tempfile.TemporaryFile() as text:
        text.write(message.encode("utf-8"))
        text.seek(0)
        try:
            out = repo.git.interpret_trailers("--parse", "--no-divider", istream=text)
        except _errors() as exc:
            raise GitError(f"Trailer pesan commit tidak dapat dibaca: {_detail(exc)}") from None
    return parse_trailer_lines(out.splitlines())
