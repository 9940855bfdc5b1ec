"""The way out for a commit that lacks its trailers (made with `git commit --no-verify` or on
GitHub's web editor): a follow-up commit by the same person that states what the commit did.

History is never rewritten (a branch others have fetched must not change under them). The
follow-up commit changes no file; its trailers are

    Melengkapi: <full id of the commit>
    Langkah-POS: 2            (or Perubahan: koreksi | peninjauan | pembukaan)
    Pelaksana: PPID

and registri.history gives the earlier commit the trailer keys it lacked (never overriding what
it says). The audit then judges that commit as if it had carried them: the author's role, the
step order and the status are checked as usual, so a wrong step stays a violation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from registri import gitlog
from registri.commitmsg import (CHANGE_ROLES, KEY_CHANGE, KEY_COMPLETES, KEY_ROLE, KEY_STEP, read_intent)
from registri.config import Office
from registri.errors import UsageError
from registri.history import History, load_history
from registri.sop import Sop


@dataclass(frozen=True)
class Completion:
    target: str            # full id of the commit completed
    message: str           # the follow-up commit's message
    summary: str           # what it states, for the person (Indonesian)


def plan_completion(root: Path, commit_text: str, office: Office, sop: Sop, change: str | None = None,
                    history: History | None = None) -> Completion:
    """The follow-up commit for `commit_text` (an id or a prefix of at least 7 characters)."""
    repo = gitlog.open_repo(root)
    if repo is None:
        raise UsageError(f"Folder {root} bukan repositori Git.")
    if gitlog.current_branch(repo) in (gitlog.MAIN, None):
        raise UsageError("Commit pelengkap dibuat di cabang kerja, bukan di main: pindah ke cabang tempat commit itu "
                         "berada (`git switch dik/…`), atau buat cabang baru dari main (`git switch -c dik/lengkapi`), "
                         "lalu ulangi.")
    history = history or load_history(root, office=office, sop=sop)
    wanted = commit_text.strip().lower()
    matches = [c for c in history.commits if len(wanted) >= 7 and c.sha.startswith(wanted)]
    if len(matches) != 1:
        raise UsageError(f"Commit '{commit_text}' tidak ditemukan di antara commit yang mengubah catatan di cabang ini"
                         if not matches else f"Id '{commit_text}' cocok dengan beberapa commit; tulis id yang lebih panjang"
                         ". Lihat `git log --oneline -- records`.")
    commit = matches[0]
    if commit.is_merge:
        raise UsageError(f"Commit {commit.sha[:10]} adalah penggabungan; penggabungan tidak dilengkapi. Minta Atasan "
                         "PPID menggabungkan ulang dengan `registri accept`.")
    if commit.completed_by:
        raise UsageError(f"Commit {commit.sha[:10]} sudah dilengkapi oleh commit {commit.completed_by[:10]}.")
    intent = read_intent(commit.trailers, sop)
    if not any(p.kind == "missing" for p in intent.problems):
        raise UsageError(f"Commit {commit.sha[:10]} (\"{commit.subject}\") sudah membawa trailer "
                         f"`{KEY_STEP}`/`{KEY_CHANGE}` dan `{KEY_ROLE}`; tidak ada yang perlu dilengkapi. Lihat "
                         "`registri audit` untuk masalah lain.")
    _, email = gitlog.author_ident(repo)
    me, author = office.person_by_email(email), office.person_by_email(commit.author_email)
    if author is None:
        raise UsageError(f"Penulis commit {commit.sha[:10]} <{commit.author_email}> tidak tercatat di registri.yaml. "
                         "Tambahkan alamat itu (misalnya alamat no-reply GitHub) pada pegawai yang membuatnya, lalu ulangi.")
    if me is None or me.key != author.key:
        raise UsageError(f"Commit {commit.sha[:10]} ditulis oleh {author.name}; hanya dia yang boleh menyatakan langkah "
                         "yang dikerjakannya. Minta dia menjalankan perintah ini di komputernya.")

    has = set(commit.trailers)
    lines = [f"{KEY_COMPLETES}: {commit.sha}"]
    step = None
    if KEY_STEP not in has and KEY_CHANGE not in has:
        if change:
            lines.append(f"{KEY_CHANGE}: {change}")
        else:
            step = _step_of(history, commit, sop)
            lines.append(f"{KEY_STEP}: {step}")
    else:
        step = intent.step
        change = intent.change
    if KEY_ROLE not in has:
        allowed = CHANGE_ROLES[change] if change else sop.step(step).roles if step else ()
        role = next((r for r in author.roles if r in allowed), None)
        if role is None:
            names = ", ".join(sop.role_names.get(r, r) for r in allowed)
            raise UsageError(f"{author.name} tidak memegang peran yang boleh mengerjakan "
                             f"{'perubahan ' + change if change else f'langkah {step}'} ({names}). Commit ini tidak "
                             "dapat dilengkapi dengan jujur; perbaiki catatannya dengan `registri step koreksi ID`.")
        lines.append(f"{KEY_ROLE}: {sop.role_names.get(role, role)}")
    what = f"perubahan {change}" if change else f"langkah {step}"
    message = (f"Lengkapi jejak commit {commit.sha[:10]}: {what}\n\n"
               f"Commit \"{commit.subject}\" dibuat tanpa trailer (tanpa hook atau di editor web GitHub).\n\n"
               + "\n".join(lines) + "\n")
    return Completion(commit.sha, message, f"commit {commit.sha[:10]} (\"{commit.subject}\") dinyatakan sebagai {what}")


def _step_of(history: History, commit, sop: Sop) -> int:
    """The step whose output every record of the commit now has, from the one before."""
    numbers = set()
    for path in commit.files:
        record_id = path.rpartition("/")[2].rpartition(".")[0]
        for event in history.of(record_id).events:
            if event.commit.sha == commit.sha:
                step = sop.step_for_status(event.status_after) if event.status_after else None
                numbers.add(step.number if step is not None and step.number <= 4 else None)
    if len(numbers) != 1 or None in numbers:
        raise UsageError(f"Langkah commit {commit.sha[:10]} tidak dapat ditentukan dari status catatannya. Bila itu "
                         f"perubahan di luar langkah, sebutkan: `registri lengkapi {commit.sha[:10]} --perubahan koreksi` "
                         "(atau peninjauan, pembukaan).")
    return numbers.pop()
