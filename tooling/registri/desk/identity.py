"""Who is at the desk: `git config user.email` mapped to a person in registri.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from registri.config import Office, Person
from registri.errors import UsageError
from registri.gitwrite import Workspace
from registri.sop import Sop


@dataclass(frozen=True)
class Me:
    email: str | None
    person: Person | None
    role_names: tuple[str, ...]

    @property
    def known(self) -> bool:
        return self.person is not None


def who_am_i(ws: Workspace, office: Office, sop: Sop) -> Me:
    email = ws.config("user.email")
    person = office.person_by_email(email) if email else None
    roles = tuple(sop.role_names.get(r, r) for r in person.roles) if person else ()
    return Me(email, person, roles)


def choose(ws: Workspace, office: Office, key: str) -> Person:
    """Set this repository's `user.email` (and `user.name` when it has none) to a staff member."""
    person = next((p for p in office.staff if p.key == key), None)
    if person is None or not person.emails:
        raise UsageError("Pegawai itu tidak ada di registri.yaml. Pilih nama Anda dari daftar pegawai.")
    ws.set_local_config("user.email", person.emails[0])
    if not ws.config("user.name"):
        ws.set_local_config("user.name", person.name)
    return person
