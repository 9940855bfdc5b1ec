"""SSH commit signatures, verified with Git's own allowed-signers mechanism.

registri.yaml lists each person's public keys (`kunci_ssh`). We write them as an
`allowed_signers` file (principal = the person's e-mail addresses) to a temporary path and pass
`-c gpg.ssh.allowedSignersFile=…` to the history pass, so `%G?` says G only for a good signature
from a listed key, and `%GS` names whose key it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from registri.config import Office, Person

GOOD = "G"
SIGNATURE_WORDS = {
    "G": "tanda tangan sah",
    "B": "tanda tangan RUSAK (isi commit tidak cocok dengan tanda tangan)",
    "U": "tanda tangan sah tetapi kuncinya tidak dipercaya",
    "X": "tanda tangan kedaluwarsa",
    "Y": "tanda tangan dengan kunci kedaluwarsa",
    "R": "tanda tangan dengan kunci yang dicabut",
    "E": "tanda tangan tidak dapat diperiksa (kunci tidak terdaftar di registri.yaml)",
    "N": "tanpa tanda tangan",
}


def allowed_signers_text(office: Office) -> str:
    """One line per listed key: `email1,email2 namespaces="git" ssh-ed25519 AAAA…`."""
    lines = []
    for person in office.staff:
        principals = ",".join(person.emails)
        for key in person.ssh_keys:
            key_type_and_body = " ".join(key.split()[:2])  # drop the comment after the key
            lines.append(f'{principals} namespaces="git" {key_type_and_body}')
    return "\n".join(lines) + ("\n" if lines else "")


@contextlib.contextmanager
def allowed_signers_file(office: Office) -> Iterator[Path]:
    """A temporary allowed_signers file for one Git call; removed afterwards."""
    handle, name = tempfile.mkstemp(prefix="registri-allowed-signers-", text=True)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(allowed_signers_text(office))
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def signer_person(office: Office, signer: str) -> Person | None:
    """The person whose listed key made a signature; `signer` is Git's %GS (the principals)."""
    for principal in signer.replace("\n", ",").split(","):
        person = office.person_by_email(principal) if principal.strip() else None
        if person is not None:
            return person
    return None
