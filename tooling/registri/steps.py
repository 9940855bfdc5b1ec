"""What an SOP step changes in a record, who may do it, and the commit message that records it.

Records are edited as text, line by line, so the comments and layout staff wrote stay as they
were: a step only rewrites the top-level `status:` line (and, for step 4, `laporan:`). The same
helpers give the demo its intermediate versions of a record (the record as it looked after
step 1, 2, 3) by dropping the top-level sections later steps add.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from registri.config import Office, Person, load_office
from registri.errors import UsageError
from registri.findings import Finding
from registri.loader import parse_text
from registri.model import Record, Register, record_from
from registri.pasal17 import load_pasal17
from registri.paths import RECORDS_DIR, display_path, record_files
from registri.schemas import schema_findings
from registri.sop import OPENED, STATUS_ORDER, Sop, load_sop

STEP_TRAILER = "Langkah-POS"
ROLE_TRAILER = "Pelaksana"
CHANGE_TRAILER = "Perubahan"
CHANGES = ("koreksi", "peninjauan", "pembukaan")

# Top-level sections each status adds to a record (kelengkapan grows with the status).
SECTIONS_ADDED = {
    "divalidasi": ("id", "judul", "uraian", "unit_penguasa", "status", "sumber", "penetapan", "uji_konsekuensi"),
    "diklasifikasi": ("klasifikasi",),
    "didokumentasikan": ("dokumentasi",),
    "dilaporkan": ("laporan",),
    OPENED: ("dibuka",),
}
# Sections that come from changes outside the steps (a review), never from a step.
CHANGE_SECTIONS = ("peninjauan", "dibuka")

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)\s*:(.*)$")
_STATUS_LINE = re.compile(r"^status[ \t]*:[^#\r\n]*?([ \t]+#[^\r\n]*)?(?=\r?$)", re.M)


# Text edits --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    key: str | None        # None for the lines before the first key (the schema comment)
    lines: tuple[str, ...]  # including its leading comment lines and trailing blank lines


def sections(text: str) -> list[Section]:
    """Split a record's text into top-level sections; comments directly above a key go with it."""
    out: list[Section] = []
    key: str | None = None
    current: list[str] = []
    pending: list[str] = []           # column-0 comments that may belong to the next key
    for line in text.splitlines(keepends=True):
        match = _KEY.match(line)
        if match:
            if current or key is not None:
                out.append(Section(key, tuple(current)))
            key, current = match.group(1), [*pending, line]
            pending = []
        elif line.startswith("#"):
            pending.append(line)
        else:
            if pending and not line.strip():
                current.extend(pending)
                pending = []
            if pending:                # an indented line after a comment: still the same section
                current.extend(pending)
                pending = []
            current.append(line)
    current.extend(pending)
    if current or key is not None:
        out.append(Section(key, tuple(current)))
    return out


def without_sections(text: str, keys: tuple[str, ...] | set[str]) -> str:
    """The record text with the named top-level sections removed (comments above them too)."""
    kept = [s for s in sections(text) if s.key not in keys]
    result = "".join(line for s in kept for line in s.lines)
    return result.rstrip("\n ") + "\n"


def with_status(text: str, status: str) -> str:
    """Rewrite the top-level `status:` line, keeping any comment after the value."""
    if not _STATUS_LINE.search(text):
        raise ValueError("record text has no top-level status line")
    return _STATUS_LINE.sub(lambda m: f"status: {status}{m.group(1) or ''}", text, count=1)


def with_top_level(text: str, key: str, value: str) -> str:
    """Set a one-line top-level `key: value`, replacing it or appending it at the end."""
    line = re.compile(rf"^{re.escape(key)}[ \t]*:[^#\r\n]*?([ \t]+#[^\r\n]*)?(?=\r?$)", re.M)
    if line.search(text):
        return line.sub(lambda m: f"{key}: {value}{m.group(1) or ''}", text, count=1)
    end = "\r\n" if "\r\n" in text else "\n"
    body = text.rstrip("\r\n") + end
    return f"{body}{end}{key}: {value}{end}"


def with_section(text: str, key: str, value: object) -> str:
    """Replace (or append) the top-level section `key` with `value` in the record layout.

    The other sections, their comments and layout stay as they were; the new section is written
    by the importer's emitter (quoting and folding as in the sample records). Windows line ends
    in the file are kept.
    """
    from registri.importer import section_text   # the one place that writes record YAML

    end = "\r\n" if "\r\n" in text else "\n"
    new_lines = section_text(key, value).lstrip("\n").replace("\n", end)   # no leading blank line
    parts = sections(text)
    if not any(s.key == key for s in parts):
        return f"{text.rstrip(chr(13) + chr(10))}{end}{end}{new_lines}"
    out = []
    for s in parts:
        if s.key != key:
            out.append("".join(s.lines))
            continue
        lead = "".join(line for line in s.lines[:_first_key_line(s.lines)])   # comments above the key
        trailing = len(s.lines) - len("".join(s.lines).rstrip("\r\n ").splitlines(keepends=True))
        out.append(lead + new_lines + end * max(trailing, 0))
    return "".join(out)


def _first_key_line(lines: tuple[str, ...]) -> int:
    return next((i for i, line in enumerate(lines) if _KEY.match(line)), 0)


def version_at(final_text: str, status: str) -> str:
    """What a record looked like right after it reached `status` in the SOP (for the demo).

    Later steps' sections and changes outside the steps are dropped; `status` is set.
    """
    if status not in STATUS_ORDER:
        raise ValueError(status)
    later = set(CHANGE_SECTIONS)
    for after in STATUS_ORDER[STATUS_ORDER.index(status) + 1:]:
        later.update(SECTIONS_ADDED[after])
    return with_status(without_sections(final_text, later), status)


# Report periods ----------------------------------------------------------------------------
_PERIOD = re.compile(r"^[0-9]{4}-(T[1-4]|S[12])$")


def report_period(day: dt.date, kind: str) -> str:
    """The report period `day` falls in: 2026-T4 for triwulan, 2026-S2 for semester."""
    if kind == "semester":
        return f"{day.year}-S{1 if day.month <= 6 else 2}"
    if kind == "triwulan":
        return f"{day.year}-T{(day.month - 1) // 3 + 1}"
    raise UsageError("registri.yaml memakai laporan tahunan; sebutkan periode laporan dengan "
                     "--laporan, mis. --laporan 2026-S2.")


def check_period(text: str) -> str:
    if not _PERIOD.match(text.strip()):
        raise UsageError(f"--laporan: '{text}' bukan periode laporan; tulis mis. 2026-T4 (triwulan) atau 2026-S2 (semester).")
    return text.strip()


# Who may do a step ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Actor:
    person: Person
    role: str              # role key, e.g. "ppid"
    role_name: str         # display name for the trailer, e.g. "PPID"


def actor_for(office: Office, sop: Sop, email: str, allowed: tuple[str, ...], what: str,
              wanted: str | None = None) -> Actor:
    """The person behind `email` and the role they act in; refuses with an Indonesian reason."""
    person = office.person_by_email(email)
    if person is None:
        raise UsageError(
            f"Alamat e-mail Git Anda ({email}) tidak tercatat untuk pegawai mana pun di registri.yaml. "
            "Periksa `git config user.email`, atau minta pengelola menambahkan alamat Anda di bagian pegawai.")
    names = ", ".join(sop.role_names.get(r, r) for r in allowed)
    if wanted is not None:
        role = sop.role_key(wanted)
        if role is None:
            raise UsageError(f"--pelaksana '{wanted}' bukan peran yang dikenal; pilih: "
                             f"{', '.join(sop.role_names.values())}.")
        if role not in allowed:
            raise UsageError(f"{what} tidak boleh dikerjakan sebagai {sop.role_names[role]}; menurut POS pelaksananya: {names}.")
        if not person.has_role(role):
            raise UsageError(f"{person.name} tidak memegang peran {sop.role_names[role]} menurut registri.yaml.")
        return Actor(person, role, sop.role_names[role])
    for role in allowed:
        if person.has_role(role):
            return Actor(person, role, sop.role_names[role])
    held = ", ".join(sop.role_names.get(r, r) for r in person.roles) or "tidak ada"
    raise UsageError(f"{what} dikerjakan oleh {names} menurut POS, sedangkan {person.name} memegang peran: {held}. "
                     "Minta pegawai yang berwenang mengerjakannya.")


# Commit messages -----------------------------------------------------------------------------
def id_list(ids: list[str] | tuple[str, ...], limit: int = 6) -> str:
    """'DIK-2026-003, DIK-2026-004' — long batches are shortened in the subject line."""
    ids = list(ids)
    if len(ids) <= limit:
        return ", ".join(ids)
    return ", ".join(ids[:limit - 1]) + f" dan {len(ids) - limit + 1} lainnya"


STEP_VERB = {1: "validasi", 2: "klasifikasi", 3: "dokumentasi", 4: "laporan"}
CHANGE_VERB = {"koreksi": "Koreksi", "peninjauan": "Peninjauan", "pembukaan": "Pembukaan"}


def step_message(step: int, ids: list[str] | tuple[str, ...], role_name: str) -> str:
    return f"Langkah {step}: {STEP_VERB[step]} {id_list(ids)}\n\n{STEP_TRAILER}: {step}\n{ROLE_TRAILER}: {role_name}\n"


def change_message(change: str, ids: list[str] | tuple[str, ...], role_name: str) -> str:
    return f"{CHANGE_VERB[change]} {id_list(ids)}\n\n{CHANGE_TRAILER}: {change}\n{ROLE_TRAILER}: {role_name}\n"


def accept_message(ids: list[str] | tuple[str, ...], role_name: str,
                   merged_only: list[str] | tuple[str, ...] = ()) -> str:
    """Step 5: the merge message; every accepted id is named, and so is every record the merge
    brings without accepting it (not yet reported). The audit computes the same split itself."""
    body = f"Digabung tanpa penerimaan (belum dilaporkan): {', '.join(merged_only)}\n\n" if merged_only else ""
    return (f"Terima laporan pendokumentasian: {', '.join(ids)}\n\n{body}"
            f"{STEP_TRAILER}: 5\n{ROLE_TRAILER}: {role_name}\n")


def merge_message(ids: list[str] | tuple[str, ...], role_name: str) -> str:
    """A merge into main that brings no record to `dilaporkan` (a review, an opening, a correction):
    merged, not received, so no `Langkah-POS: 5` and the subject does not say "Terima"."""
    from registri.commitmsg import plain_merge_message   # the hook and the audit read the same words

    return plain_merge_message(ids, role_name)


# Finding the records a command names -----------------------------------------------------------
ID_PATTERN = re.compile(r"^DIK-([0-9]{4})-[0-9]{3,5}$")


def check_id(record_id: str) -> str:
    """The id itself, or a UsageError saying what a record id looks like (every face asks here)."""
    if not ID_PATTERN.match(record_id):
        raise UsageError(f"'{record_id}' bukan nomor catatan; tulis mis. DIK-2026-003.")
    return record_id


def record_file(root: Path, record_id: str) -> Path:
    """records/<year>/<id>.yaml, or wherever under records/ a file of that name lives."""
    check_id(record_id)
    usual = root / RECORDS_DIR / record_id[4:8] / f"{record_id}.yaml"
    if usual.is_file():
        return usual
    for file in record_files(root):
        if file.stem == record_id:
            return file
    raise UsageError(f"Catatan {record_id} tidak ditemukan di {RECORDS_DIR}/. Buat dulu dengan `registri new`, "
                     "atau periksa nomornya.")


def status_in(text: str | None) -> str | None:
    """The top-level status written in a record's text (None when absent or unreadable)."""
    if text is None:
        return None
    loaded = parse_text(text, "-")
    if loaded.findings or not isinstance(loaded.data, dict):
        return None
    value = loaded.data.get("status")
    return value if isinstance(value, str) else None


# Kelengkapan: the record as it would be after the step ------------------------------------------
def kelengkapan(root: Path, new_texts: dict[Path, str], today: dt.date) -> list[Finding]:
    """Findings for records as they would be written (nothing is written here).

    Schema first (its required fields grow with the status, which is the SOP's kelengkapan),
    then the register's rules through registri.validation.check with the new texts in place
    of the files on disk, so cross-record rules see the whole register.
    """
    findings: list[Finding] = []
    new_records: dict[str, Record] = {}
    for file, text in new_texts.items():
        shown = display_path(file, root)
        loaded = parse_text(text, shown)
        problems = loaded.findings or schema_findings(loaded, "record")
        findings.extend(problems)
        if not problems:
            new_records[shown] = record_from(loaded)
    if findings:
        return findings
    return [f for f in _rule_findings(root, new_records, today) if f.path in new_records]


def _rule_findings(root: Path, new_records: dict[str, Record], today: dt.date) -> list[Finding]:
    try:
        from registri.validation import check
    except ModuleNotFoundError as exc:  # an older checkout without the rules module: schema only
        if exc.name != "registri.validation":
            raise
        return []
    # Only the records being written are checked; ids stay unique because the rules compare
    # them with every record file name on disk. Loading the other records would cost seconds
    # at 10,000 records and tell nothing more.
    register = Register(root=str(root), office=load_office(root), sop=load_sop(root), pasal17=load_pasal17(),
                        records=tuple(new_records.values()))
    return list(check(register, today, [root / p for p in new_records]))
