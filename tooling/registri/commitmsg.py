"""The commit convention (design.md §4): trailers, what they promise, and the commit-msg check.

A commit that changes records carries either `Langkah-POS: N` (an SOP step, 1-4; 5 is the
accepting merge into main) or `Perubahan: koreksi | peninjauan | pembukaan`, never both, plus
`Pelaksana: ROLE`. The same judgement (`read_intent`, `role_problems`, `sequence_problems`)
serves the commit-msg hook (codes MSG0xx, on what is staged) and the audit (codes AUD0xx, on
history), so a commit the hook lets through is one the audit accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from registri.catalog import Rule
from registri.config import Office, Person
from registri.findings import Finding, Level
from registri.inherited_trail import ADDED_LATER, has_section
from registri.sop import OPENED, STATUS_ORDER, Sop

KEY_STEP = "Langkah-POS"
KEY_ROLE = "Pelaksana"
KEY_CHANGE = "Perubahan"
# A follow-up commit's trailer naming an earlier commit whose trailers it supplies (a commit made
# with --no-verify or on GitHub's web editor); see registri.completion.
KEY_COMPLETES = "Melengkapi"
CANONICAL_KEYS = {k.lower(): k for k in (KEY_STEP, KEY_ROLE, KEY_CHANGE, KEY_COMPLETES)}
CHANGES = ("koreksi", "peninjauan", "pembukaan")
ACCEPT_STEP = 5
ATASAN = "atasan_ppid"
REPORTED = "dilaporkan"
# GitHub's "Create a merge commit" button: committer GitHub, no trailers, subject "Merge pull
# request #N from owner/branch" (default message) or "<title> (#N)" (the repository setting
# "Pull request title [and description]"). Made by the Atasan PPID it is step 5 as much as
# `registri accept`.
GITHUB_COMMITTER = "noreply@github.com"
_GITHUB_MERGE_SUBJECT = re.compile(r"^Merge pull request #\d+ from \S+|\(#\d+\)\s*$")
ACCEPT_SUBJECT = "Terima laporan pendokumentasian"
MERGE_SUBJECT = "Gabungkan perubahan"
# Who may make a named change outside the SOP steps (the SOP itself does not say).
CHANGE_ROLES = {
    "koreksi": ("ppid", "pengadministrasi_umum", "atasan_ppid"),
    "peninjauan": ("ppid", "atasan_ppid"),
    "pembukaan": ("ppid", "atasan_ppid"),
}

# Problem kinds shared by the hook and the audit, in the order of their codes (MSG001.. / AUD001..).
KINDS = ("unknown_author", "role_not_held", "role_not_allowed", "missing", "duplicate",
         "contradictory", "invalid", "skipped", "twice", "status", "deleted")

_TEXTS = {  # kind -> (title, meaning, fix)
    "unknown_author": ("Penulis commit tidak dikenal",
                       "Alamat e-mail penulis commit tidak tercatat untuk pegawai mana pun di registri.yaml, sehingga tidak diketahui siapa yang melakukan langkah ini.",
                       "Atur `git config user.email` ke alamat yang tercatat untuk Anda di registri.yaml, atau minta pengelola menambahkan alamat Anda (termasuk alamat no-reply GitHub)."),
    "role_not_held": ("Peran tidak dimiliki penulis",
                      "Trailer `Pelaksana` menyebut peran yang tidak dimiliki penulis commit menurut registri.yaml.",
                      "Tulis peran yang memang Anda pegang, atau minta pegawai yang berperan itu membuat commit."),
    "role_not_allowed": ("Peran tidak boleh melakukan langkah ini",
                         "Menurut sop.yaml, peran pada `Pelaksana` tidak termasuk pelaksana langkah atau perubahan ini.",
                         "Minta pegawai dengan peran yang ditetapkan SOP untuk langkah itu membuat commit."),
    "missing": ("Trailer tidak ada",
                "Commit mengubah catatan tetapi tidak membawa `Langkah-POS` atau `Perubahan`, atau tidak membawa `Pelaksana`.",
                "Tambahkan di paragraf terakhir pesan commit, misalnya `Langkah-POS: 2` dan `Pelaksana: PPID`; atau pakai `registri step` yang menuliskannya untuk Anda."),
    "duplicate": ("Trailer ganda",
                  "Trailer `Langkah-POS`, `Perubahan` atau `Pelaksana` ditulis lebih dari sekali; satu commit hanya boleh satu langkah oleh satu peran.",
                  "Sisakan satu trailer; pisahkan pekerjaan yang berbeda menjadi commit yang berbeda."),
    "contradictory": ("Trailer bertentangan",
                      "Commit membawa `Langkah-POS` dan `Perubahan` sekaligus; sebuah commit adalah satu langkah SOP atau satu perubahan di luar SOP, tidak keduanya.",
                      "Hapus salah satunya; pisahkan menjadi dua commit bila memang ada dua pekerjaan."),
    "invalid": ("Nilai trailer salah",
                "Nilai `Langkah-POS` bukan 1-4 (5 hanya untuk penggabungan ke main), `Perubahan` bukan koreksi/peninjauan/pembukaan, atau `Pelaksana` bukan nama peran di sop.yaml.",
                "Tulis nilai yang benar, misalnya `Langkah-POS: 3`, `Perubahan: peninjauan`, `Pelaksana: Pengadministrasi Umum`."),
    "skipped": ("Langkah dilompati",
                "Status catatan sebelum commit bukan keluaran langkah sebelumnya: ada langkah SOP yang belum dikerjakan, atau catatan baru dibuat tanpa langkah 1.",
                "Kerjakan langkah yang terlewat lebih dulu (lihat `registri history ID`)."),
    "twice": ("Langkah diulang atau mundur",
              "Catatan sudah melewati langkah ini: langkah dikerjakan dua kali atau status dimundurkan tanpa perubahan bernama.",
              "Untuk memperbaiki catatan yang sudah melewati langkah ini, pakai `Perubahan: koreksi`."),
    "status": ("Status tidak sesuai langkah",
               "Kolom `status` di berkas sesudah commit bukan keluaran langkah menurut sop.yaml (atau pembukaan yang tidak berstatus dibuka).",
               "Isi `status` dengan keluaran langkah: 1 divalidasi, 2 diklasifikasi, 3 didokumentasikan, 4 dilaporkan; pembukaan: dibuka."),
    "deleted": ("Catatan dihapus atau dipindah",
                "Berkas catatan dihapus atau diganti nama. Catatan DIK tidak pernah dihapus: informasi yang keluar dari DIK diberi status dibuka.",
                "Kembalikan berkasnya di tempat semula; untuk mengeluarkan dari DIK pakai `Perubahan: pembukaan`."),
}

# Kinds added later get the next codes, so the codes above never move.
LATER_KINDS = ("accepts_nothing",)
_TEXTS["accepts_nothing"] = (
    "Penerimaan tanpa catatan dilaporkan",
    "Penggabungan ke main membawa `Langkah-POS: 5` (penerimaan laporan), tetapi tidak ada catatan yang dibawanya dari "
    "status lain ke dilaporkan. Penggabungan hanya menerima catatan yang sudah dilaporkan (langkah 4); catatan lain "
    "hanya digabung.",
    "Untuk cabang tanpa catatan dilaporkan, pesan penggabungannya `Gabungkan perubahan: ID` dengan hanya "
    "`Pelaksana: Atasan PPID` (`registri accept` menuliskannya). Kerjakan langkah 4 dulu bila laporan memang hendak "
    "diterima.")

# Kinds only the hook has: the audit reports the same thing under its own rule. A `warisan:`
# section given to an existing record is AUD022 (inherited_trail) in CI; the hook refuses it
# before it is committed, with the same explanation.
HOOK_ONLY_KINDS = ("inherited_added",)
_TEXTS["inherited_added"] = (ADDED_LATER.title, ADDED_LATER.meaning, ADDED_LATER.fix)

RULES = tuple(
    Rule(f"MSG{i:03d}", Level.ERROR, title, meaning, fix)
    for i, (title, meaning, fix) in enumerate((_TEXTS[k] for k in (*KINDS, *LATER_KINDS, *HOOK_ONLY_KINDS)), start=1)
)
MSG_CODE = {kind: f"MSG{i:03d}" for i, kind in enumerate((*KINDS, *LATER_KINDS, *HOOK_ONLY_KINDS), start=1)}
# Problems with the staged content rather than the message: a corrected message cannot cure them.
CONTENT_KINDS = frozenset(HOOK_ONLY_KINDS)
_CONTENT_CODES = frozenset(MSG_CODE[k] for k in CONTENT_KINDS)
REFUSED_MESSAGE = "Commit ditolak: pesan commit tidak sesuai perubahan catatan yang akan di-commit."
REFUSED_CONTENT = "Commit ditolak: perubahan catatan yang akan di-commit tidak diizinkan."
KEEP_MESSAGE = ("Pesan Anda tersimpan di .git/COMMIT_EDITMSG. Perbaiki lalu commit lagi, atau pakai "
                "`registri step N ID` yang menulis pesan yang benar untuk Anda.")


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str


@dataclass(frozen=True)
class Intent:
    """What a commit message says it does."""

    step: int | None          # 1..5
    change: str | None        # koreksi | peninjauan | pembukaan
    role: str | None          # role key, e.g. "ppid"
    problems: tuple[Problem, ...]

    @property
    def kind(self) -> str:
        if self.step is not None and self.change is None:
            return "langkah"
        if self.change is not None and self.step is None:
            return "perubahan"
        return "lain"


def canonical_trailers(pairs) -> dict[str, tuple[str, ...]]:
    """Trailers as {key: values}; our three keys in their canonical spelling."""
    found: dict[str, tuple[str, ...]] = {}
    for key, value in pairs:
        key = CANONICAL_KEYS.get(key.lower(), key)
        found[key] = (*found.get(key, ()), value)
    return found


def read_intent(trailers: dict[str, tuple[str, ...]], sop: Sop, merge_into_main: bool = False,
                step_required: bool = True) -> Intent:
    """`step_required=False`: a merge into main that brings no record to dilaporkan needs only
    `Pelaksana` (see merge_intent)."""
    steps, changes, roles = (trailers.get(k, ()) for k in (KEY_STEP, KEY_CHANGE, KEY_ROLE))
    problems: list[Problem] = []
    if not steps and not changes and step_required:
        problems.append(Problem("missing", "Pesan commit tidak membawa trailer `Langkah-POS` atau `Perubahan`."))
    if steps and changes:
        problems.append(Problem("contradictory", f"Pesan commit membawa `{KEY_STEP}: {steps[0]}` dan "
                                                 f"`{KEY_CHANGE}: {changes[0]}` sekaligus; pilih salah satu."))
    for key, values in ((KEY_STEP, steps), (KEY_CHANGE, changes), (KEY_ROLE, roles)):
        if len(values) > 1:
            problems.append(Problem("duplicate", f"Trailer `{key}` ditulis {len(values)} kali ({', '.join(values)}); "
                                                 "satu commit hanya boleh satu."))
    if not roles:
        problems.append(Problem("missing", "Pesan commit tidak membawa trailer `Pelaksana` (peran yang mengerjakan)."))

    step = None
    if steps:
        text = steps[0].strip()
        allowed = (ACCEPT_STEP,) if merge_into_main else (1, 2, 3, 4)
        if text.isdigit() and int(text) in allowed:
            step = int(text)
        elif merge_into_main:
            problems.append(Problem("invalid", f"Penggabungan ke main adalah langkah 5 (penerimaan laporan oleh Atasan PPID); "
                                               f"tulis `{KEY_STEP}: 5`, bukan `{KEY_STEP}: {text}`."))
        elif text == str(ACCEPT_STEP):
            problems.append(Problem("invalid", "Langkah 5 hanya dilakukan dengan penggabungan (merge) cabang ke main oleh "
                                               "Atasan PPID (`registri accept`), bukan dengan commit biasa."))
        else:
            problems.append(Problem("invalid", f"`{KEY_STEP}: {text}` tidak dikenal; langkah SOP adalah 1, 2, 3 atau 4."))
    change = None
    if changes:
        text = changes[0].strip().lower()
        if text in CHANGES:
            change = text
        else:
            problems.append(Problem("invalid", f"`{KEY_CHANGE}: {changes[0]}` tidak dikenal; pakai {', '.join(CHANGES)}."))
    role = None
    if roles:
        role = sop.role_key(roles[0])
        if role is None:
            names = ", ".join(sop.role_names.values())
            problems.append(Problem("invalid", f"`{KEY_ROLE}: {roles[0]}` bukan peran di sop.yaml; pakai salah satu dari: {names}."))
    return Intent(step, change, role, tuple(problems))


def is_github_merge(subject: str, committer_email: str, trailers: dict[str, tuple[str, ...]]) -> bool:
    """A merge commit GitHub's merge button wrote (no trailers of ours)."""
    return (committer_email.strip().lower() == GITHUB_COMMITTER and bool(_GITHUB_MERGE_SUBJECT.search(subject))
            and not any(trailers.get(k) for k in (KEY_STEP, KEY_CHANGE, KEY_ROLE)))


def merge_intent(trailers: dict[str, tuple[str, ...]], sop: Sop, reported: tuple[str, ...], github: bool = False) -> Intent:
    """What a merge into main does. It accepts (step 5) exactly the records it brings to
    dilaporkan (`reported`; their status on main before the merge was not dilaporkan).

    - brings reported records: `Langkah-POS: 5` and `Pelaksana` (registri accept writes
      "Terima laporan pendokumentasian: IDS"), or GitHub's merge button with no trailers;
    - brings none: only `Pelaksana` ("Gabungkan perubahan: IDS"), or GitHub's button; a
      `Langkah-POS: 5` there claims an acceptance that did not happen (kind "accepts_nothing").
    """
    if github:
        return Intent(ACCEPT_STEP if reported else None, None, ATASAN, ())
    intent = read_intent(trailers, sop, merge_into_main=True, step_required=bool(reported))
    if intent.step == ACCEPT_STEP and not reported:
        problem = Problem("accepts_nothing", f"Penggabungan membawa `{KEY_STEP}: 5` (penerimaan laporan), tetapi tidak "
                                             "ada catatan yang dibawanya ke status dilaporkan; tidak ada laporan yang "
                                             f"diterima. Pesan penggabungan seperti ini: `{MERGE_SUBJECT}: ID` dengan "
                                             f"hanya `{KEY_ROLE}: Atasan PPID`.")
        return Intent(None, intent.change, intent.role, (*intent.problems, problem))
    return intent


def merge_example(sop: Sop, reported: tuple[str, ...], others: tuple[str, ...]) -> str:
    """The merge message to show next to the problems of a merge into main."""
    role = sop.role_names.get(ATASAN, "Atasan PPID")
    if reported:
        lines = [f"    {ACCEPT_SUBJECT}: {', '.join(reported)}", ""]
        if others:
            lines[1:1] = ["", f"    Digabung tanpa penerimaan (belum dilaporkan): {', '.join(others)}"]
        lines += [f"    {KEY_STEP}: 5", f"    {KEY_ROLE}: {role}"]
    else:
        lines = [f"    {MERGE_SUBJECT}: {', '.join(others) or 'DIK-2026-001'}", "", f"    {KEY_ROLE}: {role}"]
    return "\n".join(("Contoh pesan penggabungan yang benar:", "", *lines))


def plain_merge_message(ids, role_name: str) -> str:
    """A merge into main that brings no record to dilaporkan (the audit's "merged only")."""
    return f"{MERGE_SUBJECT}: {', '.join(ids)}\n\n{KEY_ROLE}: {role_name}\n"


def role_problems(intent: Intent, person: Person | None, email: str, sop: Sop) -> list[Problem]:
    if person is None:
        return [Problem("unknown_author", f"Penulis commit <{email}> tidak tercatat di registri.yaml.")]
    problems = []
    if intent.role is not None and not person.has_role(intent.role):
        held = ", ".join(sop.role_names.get(r, r) for r in person.roles)
        problems.append(Problem("role_not_held", f"{person.name} tidak berperan {sop.role_names[intent.role]} "
                                                 f"menurut registri.yaml (perannya: {held})."))
    allowed = allowed_roles(intent, sop)
    if intent.role is not None and allowed and intent.role not in allowed:
        what = f"langkah {intent.step}" if intent.kind == "langkah" else f"perubahan {intent.change}"
        names = ", ".join(sop.role_names.get(r, r) for r in allowed)
        problems.append(Problem("role_not_allowed", f"Peran {sop.role_names[intent.role]} tidak boleh mengerjakan {what}; "
                                                    f"menurut SOP pelaksananya: {names}."))
    return problems


def allowed_roles(intent: Intent, sop: Sop) -> tuple[str, ...]:
    if intent.kind == "langkah":
        return sop.step(intent.step).roles
    if intent.kind == "perubahan":
        return CHANGE_ROLES[intent.change]
    return ()


def status_rank(status: str | None) -> int:
    if status == OPENED:
        return 5
    return STATUS_ORDER.index(status) + 1 if status in STATUS_ORDER else 0


def sequence_problems(intent: Intent, record_id: str, before: str | None, after: str | None, sop: Sop) -> list[Problem]:
    """Is this status change what the step (or named change) promises, from where it should start?"""
    if after is None:
        return [Problem("deleted", f"{record_id} dihapus atau dipindah; catatan DIK tidak boleh dihapus.")]
    problems = []
    if intent.kind == "langkah" and intent.step in (1, 2, 3, 4):
        number = intent.step
        expected_before = None if number == 1 else sop.step(number - 1).status
        if before != expected_before:
            if number == 1:
                problems.append(Problem("twice", f"{record_id} sudah ada (status {before}); langkah 1 hanya untuk catatan baru."))
            elif before is None:
                problems.append(Problem("skipped", f"{record_id} belum ada sebelum commit ini; buat dulu dengan langkah 1."))
            elif status_rank(before) >= number:
                problems.append(Problem("twice", f"{record_id} sudah berstatus {before}; langkah {number} "
                                                 f"dikerjakan lagi atau status dimundurkan."))
            else:
                problems.append(Problem("skipped", f"{record_id} berstatus {before}; langkah {number} butuh status "
                                                   f"{expected_before} (keluaran langkah {number - 1}) lebih dulu."))
        wanted = sop.step(number).status
        if after != wanted:
            problems.append(Problem("status", f"{record_id}: status sesudah langkah {number} harus {wanted}, bukan {after}."))
    elif intent.kind == "perubahan":
        if before is None:
            problems.append(Problem("skipped", f"{record_id} adalah catatan baru; catatan baru dibuat dengan "
                                               f"`{KEY_STEP}: 1`, bukan `{KEY_CHANGE}: {intent.change}`."))
        if intent.change == "pembukaan" and after != OPENED:
            problems.append(Problem("status", f"{record_id}: pembukaan harus mengubah status menjadi {OPENED}, bukan {after}."))
        if intent.change != "pembukaan" and after == OPENED and before != OPENED:
            problems.append(Problem("status", f"{record_id}: status {OPENED} hanya lewat `{KEY_CHANGE}: pembukaan`."))
    return problems


def example_message(sop: Sop, step: int | None = None, change: str | None = None, role: str | None = None,
                    record_ids: tuple[str, ...] = ()) -> str:
    """A correct commit message to show next to the problems."""
    ids = ", ".join(record_ids[:3]) + (" dan lainnya" if len(record_ids) > 3 else "")
    if change:
        allowed = CHANGE_ROLES[change]
        subject, first = f"{change.capitalize()} {ids or 'DIK-2026-001'}", f"{KEY_CHANGE}: {change}"
    else:
        step = step or 1
        allowed = sop.step(step).roles
        subject, first = f"Langkah {step}: {_short(sop.step(step).activity)} {ids or 'DIK-2026-001'}", f"{KEY_STEP}: {step}"
    role_name = sop.role_names.get(role if role in allowed else allowed[0], allowed[0])
    return "\n".join(("Contoh pesan commit yang benar:", "", f"    {subject}", "", f"    {first}",
                      f"    {KEY_ROLE}: {role_name}"))


def _short(activity: str) -> str:
    words = activity.split()
    return (words[1] if len(words) > 1 else activity).lower()


# The commit-msg hook ---------------------------------------------------------------------

_TRAILER_ANYWHERE = re.compile(r"^\s*(Langkah-POS|Perubahan|Pelaksana)\s*:", re.I | re.M)
SCISSORS = "# ------------------------ >8 ------------------------"


def clean_message(text: str) -> str:
    """What Git will store: comment lines and everything below the scissors line removed."""
    text = text.split(SCISSORS, 1)[0]
    return "\n".join(line for line in text.splitlines() if not line.startswith("#")).strip() + "\n"


@dataclass(frozen=True)
class MessageCheck:
    findings: tuple[Finding, ...]
    example: str | None       # a correct message to print when the message is what is wrong
    refusal: str | None = None  # the commit may not be made at all (records changed directly on main)

    @property
    def headline(self) -> str:
        """The sentence that says why the commit was refused."""
        if all(f.code in _CONTENT_CODES for f in self.findings):
            return REFUSED_CONTENT
        return REFUSED_MESSAGE


def check_message(root: Path, message_file: Path, office: Office, sop: Sop) -> MessageCheck:
    """Compare the message's trailers with what is staged, the author and the SOP."""
    from registri import gitlog
    from registri.errors import GitError
    from registri.history import blob_facts

    repo = gitlog.open_repo(root)
    if repo is None:
        raise GitError(f"Folder {root} bukan repositori Git.")
    try:
        message = clean_message(message_file.read_bytes().decode("utf-8", errors="replace"))
    except FileNotFoundError:
        raise GitError(f"Berkas pesan commit {message_file} tidak ada. Perintah ini dijalankan oleh hook commit-msg "
                       "dengan berkas pesan commit (.git/COMMIT_EDITMSG).") from None
    except OSError as exc:
        raise GitError(f"Berkas pesan commit {message_file} tidak dapat dibaca ({exc.strerror or exc}).") from None

    from registri import mainguard

    merging = gitlog.merge_in_progress(repo)
    on_main = gitlog.current_branch(repo) == gitlog.MAIN
    if on_main and not merging and mainguard.adoption_asked():
        return MessageCheck((), None)  # adopting the template on main (README); the audit treats it as imported
    into_main = merging and on_main
    if merging and not into_main:
        return MessageCheck((), None)  # bringing main into a working branch is not a step
    changes = gitlog.staged_changes(repo)
    if not changes:
        return MessageCheck((), None)  # commits that touch no records need no trailers
    if on_main and not merging:
        # On main records change only through the Atasan PPID's merges: no message makes this right.
        return MessageCheck((), None, mainguard.message(changes))

    trailers = canonical_trailers(gitlog.parse_message_trailers(repo, message))
    blobs = dict(gitlog.read_blobs(repo, [b for c in changes for b in (c.old_blob, c.new_blob)]))
    facts = {blob: blob_facts(data) for blob, data in blobs.items()}

    def status(change, side: str) -> str | None:
        if (side == "old" and change.change == "A") or (side == "new" and change.change == "D"):
            return None
        return facts.get(change.old_blob if side == "old" else change.new_blob, (None, None))[0]

    ids = tuple(Path(c.path).stem for c in changes)
    reported = tuple(Path(c.path).stem for c in changes if status(c, "new") == REPORTED and status(c, "old") != REPORTED)
    if into_main:
        intent = merge_intent(trailers, sop, reported)
    else:
        intent = read_intent(trailers, sop)
    name, email = gitlog.author_ident(repo)
    person = office.person_by_email(email)
    shown = "pesan commit"
    problems: list[tuple[str, Problem]] = [(shown, p) for p in intent.problems]
    if not trailers and _TRAILER_ANYWHERE.search(message):
        problems.append((shown, Problem("missing", "Trailer harus berada di paragraf TERAKHIR pesan commit, dipisahkan "
                                                   "satu baris kosong dari teks di atasnya, satu trailer per baris.")))
    if into_main and (person is None or not person.has_role(ATASAN)):
        who = person.name if person else f"<{email}>"
        problems.append((shown, Problem("role_not_held", f"Penggabungan ke main (langkah 5) hanya oleh Atasan PPID; "
                                                         f"{who} tidak berperan Atasan PPID.")))
    else:
        problems += [(shown, p) for p in role_problems(intent, person, email, sop)]

    if not into_main:
        for change in changes:
            problems += [(change.path, p) for p in sequence_problems(intent, Path(change.path).stem,
                                                                      status(change, "old"), status(change, "new"), sop)]
            if change.change == "M" and inherited_added(blobs.get(change.old_blob, b""), blobs.get(change.new_blob, b"")):
                problems.append((change.path, Problem("inherited_added", (
                    f"{Path(change.path).stem}: bagian `warisan:` ditambahkan pada catatan yang sudah ada. Hanya "
                    "`registri import --existing` yang menulisnya, saat catatan dibuat; kekurangan catatan warisan "
                    "diterima sebagai tunggakan, jadi bagian ini tidak boleh ditambahkan belakangan. Hapus bagian "
                    "`warisan:` dari berkas ini, lalu lengkapi catatannya seperti biasa."))))

    findings = tuple(Finding(path, None, MSG_CODE[p.kind], Level.ERROR, p.message) for path, p in problems)
    if not findings:
        return MessageCheck((), None)
    if all(p.kind in CONTENT_KINDS for _, p in problems):
        return MessageCheck(findings, None)   # the message is right; the content is not
    if into_main:
        example = merge_example(sop, reported, tuple(i for i in ids if i not in reported))
    else:
        guessed = _guess_step(changes, facts, sop)
        step = intent.step if intent.kind == "langkah" else guessed
        change = intent.change if intent.kind == "perubahan" else None
        role = _example_role(intent, person, sop, step, change)
        if role is None and person is not None:
            example = _someone_else(office, sop, person, step, change)
        else:
            example = example_message(sop, step=step, change=change, role=role, record_ids=ids)
    return MessageCheck(findings, example)


def inherited_added(old: bytes, new: bytes) -> bool:
    """The staged version gives an existing record a `warisan:` section its committed version lacks
    (the audit's AUD022, judged before the commit exists)."""
    return has_section(new) and not has_section(old)


def _someone_else(office: Office, sop: Sop, person: Person, step: int | None, change: str | None) -> str:
    """No message of this author can be right: the step belongs to a role they do not hold."""
    allowed = CHANGE_ROLES[change] if change else sop.step(step or 1).roles
    what = f"perubahan {change}" if change else f"langkah {step or 1}"
    roles = ", ".join(sop.role_names.get(r, r) for r in allowed)
    who = [p.name for p in office.staff if any(p.has_role(r) for r in allowed)]
    return (f"Menurut SOP, {what} dikerjakan oleh {roles}; {person.name} tidak memegang peran itu. Tidak ada pesan "
            f"commit yang benar untuk Anda di sini: minta {' atau '.join(who[:3]) or 'pegawai dengan peran itu'} "
            "membuat commit ini (`registri step` di komputernya).")


def _example_role(intent: Intent, person: Person | None, sop: Sop, step: int | None, change: str | None) -> str | None:
    """The role for the example message: one the author holds AND the step allows, so the
    example never repeats a rejected `Pelaksana`; else the SOP's role for the step."""
    allowed = CHANGE_ROLES[change] if change else sop.step(step or 1).roles
    held = person.roles if person else ()
    if person is None:
        return intent.role if intent.role in allowed else (allowed[0] if allowed else None)
    for role in (intent.role, *held):
        if role in allowed and role in held:
            return role
    return None


def _guess_step(changes, facts, sop: Sop) -> int:
    """The step whose output status the staged records now have (1 for new records)."""
    for change in changes:
        after = facts.get(change.new_blob, (None, None))[0]
        step = sop.step_for_status(after) if after else None
        if step is not None and step.number <= 4:
            return step.number
    return 1
