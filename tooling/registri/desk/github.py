"""Opening the pull request for "Kirim ke Atasan PPID": the GitHub CLI when it is installed and
logged in, otherwise GitHub's compare page with the title and body filled in."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

_GITHUB = re.compile(r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
                     r"(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")
MAX_URL_BODY = 6000     # browsers and GitHub cut very long addresses; the rest is in the PR checks


@dataclass(frozen=True)
class PullRequest:
    url: str | None           # the pull request (gh) or the compare page to open
    made: bool                # True when gh created it


def github_repo(remote_url: str | None) -> tuple[str, str] | None:
    match = _GITHUB.match(remote_url or "")
    return (match["owner"], match["repo"]) if match else None


def compare_url(owner: str, repo: str, base: str, branch: str, title: str, body: str) -> str:
    if len(body) > MAX_URL_BODY:
        body = body[:MAX_URL_BODY] + "\n\n(Laporan lengkap ada di ringkasan pemeriksaan usulan.)"
    query = urlencode({"expand": "1", "title": title, "body": body})
    return f"https://github.com/{owner}/{repo}/compare/{quote(base)}...{quote(branch, safe='/')}?{query}"


def gh_ready(root: Path) -> bool:
    exe = shutil.which("gh")
    if not exe:
        return False
    try:
        done = subprocess.run([exe, "auth", "status"], cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def open_pull_request(root: Path, remote_url: str | None, base: str, branch: str, title: str, body: str) -> PullRequest:
    """Through `gh pr create` when possible; else the compare page (None when not on GitHub)."""
    where = github_repo(remote_url)
    if where is None:
        return PullRequest(None, False)
    if gh_ready(root):
        try:
            done = subprocess.run([shutil.which("gh") or "gh", "pr", "create", "--base", base, "--head", branch,
                                   "--title", title, "--body", body], cwd=root, capture_output=True, text=True,
                                  timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            done = None
        if done is not None and done.returncode == 0:
            url = next((line for line in done.stdout.splitlines() if line.startswith("https://")), None)
            return PullRequest(url, True)
    return PullRequest(compare_url(*where, base, branch, title, body), False)
