"""Errors that reach a user. Each carries an Indonesian sentence, never a traceback."""

from __future__ import annotations


class RegistriError(Exception):
    """A failure the user can fix; `message` is shown as is. Exit code 2 by default."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(RegistriError):
    """Wrong command-line use."""


class ConfigError(RegistriError):
    """registri.yaml, sop.yaml or pasal17.yaml cannot be used; `findings` say where."""

    def __init__(self, message: str, findings: tuple = ()) -> None:
        super().__init__(message)
        self.findings = findings


class GitError(RegistriError):
    """Git refused or the repository is not usable for what was asked."""
