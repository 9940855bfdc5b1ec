"""A small builder of real Git histories for the audit-trail tests (history, audit, hook).

`Trail` writes record files at a given status and commits them as a given person at a given
time with the right (or deliberately wrong) trailers, on branches, and merges them into main.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import PROJECT, copy_register, git, init_repo

STAFF = {
    "nurul": ("Nurul Hasanah, S.Sos.", "nurul.hasanah@bpmp-kalsel.example"),
    "fajar": ("Muhammad Fajar Ramadhan, S.Kom.", "fajar.ramadhan@bpmp-kalsel.example"),
    "siti": ("Siti Aminah", "siti.aminah@bpmp-kalsel.example"),
    "hendra": ("Dr. Hendra Wijaya, M.Pd.", "hendra.wijaya@bpmp-kalsel.example"),
    "tamu": ("Tamu Tak Dikenal", "tamu@luar.example"),
}
STATUS = {1: "divalidasi", 2: "diklasifikasi", 3: "didokumentasikan", 4: "dilaporkan"}
ROLE_OF_STEP = {1: ("nurul", "PPID"), 2: ("nurul", "PPID"), 3: ("siti", "Pengadministrasi Umum"), 4: ("nurul", "PPID")}
TEMPLATE = (PROJECT / "records" / "2026" / "DIK-2026-003.yaml").read_text(encoding="utf-8")


def record_text(record_id: str, status: str, source_day: str = "2026-02-03") -> str:
    text = re.sub(r"(?m)^id: .*$", f"id: {record_id}", TEMPLATE)
    text = re.sub(r"(?m)^status: .*$", f"status: {status}", text)
    return re.sub(r"(?m)^(  tanggal: )2026-02-03$", rf"\g<1>{source_day}", text)


def trailers(step: int | None = None, role: str | None = None, change: str | None = None) -> str:
    lines = []
    if step is not None:
        lines.append(f"Langkah-POS: {step}")
    if change is not None:
        lines.append(f"Perubahan: {change}")
    if role is not None:
        lines.append(f"Pelaksana: {role}")
    return "\n".join(lines)


class Trail:
    """A real repository holding registri.yaml and records/ (records start empty)."""

    def __init__(self, path: Path, config_text: str | None = None) -> None:
        self.root = init_repo(copy_register(path, with_records=False))
        (self.root / "records" / "2026").mkdir(parents=True, exist_ok=True)
        if config_text is not None:
            (self.root / "registri.yaml").write_text(config_text, encoding="utf-8")
        git(self.root, "add", "registri.yaml")
        self.commit("Konfigurasi kantor", "nurul", "2026-03-02T07:00:00+08:00", paths=["registri.yaml"])

    def path(self, record_id: str) -> str:
        return f"records/{record_id[4:8]}/{record_id}.yaml"

    def write(self, record_id: str, status: str, source_day: str = "2026-02-03") -> str:
        rel = self.path(record_id)
        (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.root / rel).write_text(record_text(record_id, status, source_day), encoding="utf-8")
        return rel

    def env(self, who: str, when: str) -> dict:
        name, email = STAFF[who]
        return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when}

    def commit(self, message: str, who: str, when: str, paths: list[str] | None = None, *extra: str) -> str:
        if paths:
            git(self.root, "add", "-A", "--", *paths)
        git(self.root, "commit", "-q", "--no-verify", "--allow-empty", "-m", message, *extra, env=self.env(who, when))
        return self.head()

    def head(self) -> str:
        return git(self.root, "rev-parse", "HEAD").stdout.strip()

    def step(self, number: int, ids: list[str], when: str, who: str | None = None, role: str | None = None,
             status: str | None = None, message: str | None = None) -> str:
        default_who, default_role = ROLE_OF_STEP[number]
        paths = [self.write(i, status or STATUS[number]) for i in ids]
        body = message if message is not None else trailers(number, role or default_role)
        return self.commit(f"Langkah {number}: {', '.join(ids)}\n\n{body}", who or default_who, when, paths)

    def change(self, kind: str, ids: list[str], when: str, status: str, who: str = "nurul", role: str = "PPID",
               source_day: str = "2026-02-05") -> str:
        paths = [self.write(i, status, source_day) for i in ids]
        return self.commit(f"{kind} {', '.join(ids)}\n\n{trailers(role=role, change=kind)}", who, when, paths)

    def delete(self, record_id: str, when: str, message: str) -> str:
        git(self.root, "rm", "-q", self.path(record_id))
        return self.commit(message, "nurul", when)

    def branch(self, name: str) -> None:
        git(self.root, "switch", "-q", "-c", name)

    def switch(self, name: str) -> None:
        git(self.root, "switch", "-q", name)

    def merge(self, branch: str, when: str, who: str = "hendra", message: str | None = None) -> str:
        self.switch("main")
        text = message if message is not None else self.merge_message(branch)
        git(self.root, "merge", "-q", "--no-ff", "--no-verify", "-m", text, branch, env=self.env(who, when))
        return self.head()

    def merge_message(self, branch: str) -> str:
        """What `registri accept` writes: step 5 when the branch brings a record to dilaporkan,
        otherwise a plain merge with only `Pelaksana`."""
        changed = git(self.root, "diff", "--name-only", f"main...{branch}", "--", "records").stdout.split()

        def status(rev: str, path: str) -> str | None:
            shown = git(self.root, "show", f"{rev}:{path}", check=False)
            match = re.search(r"(?m)^status: (\S+)", shown.stdout) if shown.returncode == 0 else None
            return match.group(1) if match else None

        if any(status(branch, p) == "dilaporkan" and status("main", p) != "dilaporkan" for p in changed):
            return f"Terima laporan pendokumentasian: {branch}\n\n{trailers(5, 'Atasan PPID')}"
        return f"Gabungkan perubahan: {branch}\n\n{trailers(role='Atasan PPID')}"

    def full_cycle(self, ids: list[str], branch: str = "dik/batch-1", start_day: str = "2026-03-03") -> dict[int, str]:
        """Steps 1-4 on a branch by the right people at office hours, accepted by the Atasan."""
        self.branch(branch)
        shas = {
            1: self.step(1, ids, f"{start_day}T09:00:00+08:00"),
            2: self.step(2, ids, f"{start_day}T09:40:00+08:00"),
            3: self.step(3, ids, f"{start_day}T10:30:00+08:00"),
            4: self.step(4, ids, f"{start_day}T11:00:00+08:00"),
        }
        shas[5] = self.merge(branch, f"{start_day}T11:10:00+08:00")
        return shas


def test_record_text_keeps_the_template_shape() -> None:
    text = record_text("DIK-2026-050", "divalidasi", "2026-08-14")
    assert "id: DIK-2026-050" in text and "status: divalidasi" in text and "tanggal: 2026-08-14" in text
    assert "DIK-2026-003" not in text.split("dokumentasi:")[0]
