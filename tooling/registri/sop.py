"""The SOP as data (sop.yaml): steps, who may do them, their inputs, time standards and outputs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registri.errors import ConfigError
from registri.findings import Finding, Level, render_text
from registri.loader import load_file

STATUS_ORDER = ("divalidasi", "diklasifikasi", "didokumentasikan", "dilaporkan")
OPENED = "dibuka"
ALL_STATUSES = (*STATUS_ORDER, OPENED)
STATUS_LABEL = {
    "divalidasi": "Divalidasi",
    "diklasifikasi": "Diklasifikasi",
    "didokumentasikan": "Didokumentasikan",
    "dilaporkan": "Dilaporkan",
    "dibuka": "Dibuka (keluar dari DIK)",
}
ROLES = ("ppid", "pengadministrasi_umum", "atasan_ppid")


@dataclass(frozen=True)
class Step:
    number: int
    activity: str
    roles: tuple[str, ...]       # role keys allowed to do it
    input: str                   # kelengkapan
    minutes: int                 # waktu (time standard)
    output: str
    status: str | None           # status the record has after the step (None for step 5)


@dataclass(frozen=True)
class Sop:
    number: str
    name: str
    role_names: dict[str, str]   # key -> display name, e.g. atasan_ppid -> "Atasan PPID"
    steps: tuple[Step, ...]

    def step(self, number: int) -> Step:
        for step in self.steps:
            if step.number == number:
                return step
        raise KeyError(number)

    def step_for_status(self, status: str) -> Step | None:
        return next((s for s in self.steps if s.status == status), None)

    def role_key(self, text: str) -> str | None:
        """The role key for a trailer value such as 'Atasan PPID' or 'atasan_ppid'."""
        norm = " ".join(text.replace("_", " ").split()).lower()
        for key, name in self.role_names.items():
            if norm in (name.lower(), key.replace("_", " ")):
                return key
        return None


def sop_file(root: Path) -> Path:
    """An office may keep its own sop.yaml at the repository root; otherwise the packaged one."""
    own = root / "sop.yaml"
    return own if own.is_file() else Path(__file__).with_name("sop.yaml")


def load_sop(root: Path) -> Sop:
    file = sop_file(root)
    shown = "sop.yaml" if file.parent == root else "tooling/registri/sop.yaml"
    loaded = load_file(file, shown)
    problems: list[Finding] = list(loaded.findings)
    if not problems:
        try:
            data = loaded.data
            roles = {str(k): str(v) for k, v in data["peran"].items()}
            steps = tuple(
                Step(number=int(s["nomor"]), activity=str(s["kegiatan"]), roles=tuple(s["pelaksana"]),
                     input=str(s["kelengkapan"]), minutes=int(s["waktu"]), output=str(s["output"]),
                     status=s.get("status"))
                for s in data["langkah"]
            )
            sop = Sop(number=str(data["nomor"]), name=str(data["nama"]), role_names=roles, steps=steps)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            problems.append(Finding(shown, None, "CFG001", Level.ERROR,
                                    f"sop.yaml tidak lengkap atau salah bentuk (bagian {exc!s}); bandingkan dengan sop.yaml bawaan."))
        else:
            problems.extend(_check(sop, shown, loaded))
            if not problems:
                return sop
    raise ConfigError(f"{shown} tidak dapat dipakai:\n{render_text(problems)}", tuple(problems))


def _check(sop: Sop, shown: str, loaded) -> list[Finding]:
    problems = []
    if [s.number for s in sop.steps] != [1, 2, 3, 4, 5]:
        problems.append(Finding(shown, loaded.line_of("langkah"), "CFG001", Level.ERROR,
                                "sop.yaml harus berisi langkah 1 sampai 5 secara berurutan."))
    for i, step in enumerate(sop.steps):
        for role in step.roles:
            if role not in sop.role_names or role not in ROLES:
                problems.append(Finding(shown, loaded.line_of(f"langkah[{i}].pelaksana"), "CFG001", Level.ERROR,
                                        f"Langkah {step.number}: pelaksana '{role}' tidak dikenal; pakai {', '.join(ROLES)}."))
        if step.minutes <= 0:
            problems.append(Finding(shown, loaded.line_of(f"langkah[{i}].waktu"), "CFG001", Level.ERROR,
                                    f"Langkah {step.number}: waktu harus lebih dari 0 menit."))
    statuses = tuple(s.status for s in sop.steps[:4])
    if not problems and statuses != STATUS_ORDER:
        problems.append(Finding(shown, loaded.line_of("langkah"), "CFG001", Level.ERROR,
                                f"Status langkah 1-4 harus {', '.join(STATUS_ORDER)}."))
    return problems
