"""The audit-trail rules (AUD0xx) over the history read by registri.history.

Commit-level rules reuse the commit-msg judgement (registri.commitmsg), so the hook and the
audit never disagree; the audit adds what only history shows: where a commit sits (main's
first-parent line or a branch), who merged it, dates along a record's steps, and signatures.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from registri import gitlog, inherited_trail
from registri.catalog import Rule
from registri.clock import today as clock_today
from registri.commitmsg import (ATASAN, GITHUB_COMMITTER, KEY_CHANGE, KEY_COMPLETES, KEY_STEP, KINDS, LATER_KINDS,
                                Problem, _TEXTS, is_github_merge, merge_intent, read_intent, role_problems,
                                sequence_problems)
from registri.config import Office, load_office
from registri.errors import GitError
from registri.findings import Finding, Level
from registri.history import Commit, History, load_history, record_id_of
from registri.signing import GOOD, SIGNATURE_WORDS, allowed_signers_file, signer_person
from registri.sop import Sop, load_sop

AUD_CODE = {kind: f"AUD{i:03d}" for i, kind in enumerate(KINDS, start=1)}
# Kinds added after AUD012-AUD019 were taken continue from AUD020; existing codes never move.
AUD_CODE.update({kind: f"AUD{i:03d}" for i, kind in enumerate(LATER_KINDS, start=20)})

RULES = (
    *(Rule(AUD_CODE[kind], Level.ERROR, *_TEXTS[kind]) for kind in KINDS),
    Rule("AUD012", Level.ERROR, "Catatan diubah langsung di main",
         "Sebuah commit biasa (bukan penggabungan) di jalur utama main mengubah catatan. Di main, catatan hanya "
         "boleh berubah lewat penggabungan cabang oleh Atasan PPID (langkah 5), sehingga jejak langkahnya terlihat.",
         "Kerjakan perubahan di cabang, lalu minta Atasan PPID menggabungkannya dengan `registri accept CABANG`. "
         "Lindungi cabang main di GitHub agar tidak bisa didorong langsung."),
    Rule("AUD013", Level.ERROR, "Squash merge ke main",
         "Perubahan cabang digabung ke main dengan squash (satu commit gabungan). Langkah-langkah di cabang hilang "
         "dan penerimaan Atasan PPID tidak tercatat sebagai penggabungan.",
         "Gabungkan cabang dengan 'Create a merge commit' (git merge --no-ff / `registri accept`); matikan squash "
         "merge di pengaturan repositori GitHub."),
    Rule("AUD014", Level.ERROR, "Penggabungan ke main bukan oleh Atasan PPID",
         "Penggabungan cabang yang membawa perubahan catatan ke main dibuat oleh orang yang tidak berperan Atasan "
         "PPID di registri.yaml, sehingga laporan tidak dapat dianggap diterima (langkah 5).",
         "Minta Atasan PPID melakukan penggabungan (`registri accept CABANG`); di GitHub, batasi yang boleh "
         "menggabungkan ke main."),
    Rule("AUD015", Level.ERROR, "Tanggal langkah mundur",
         "Tanggal penulis (author date) sebuah langkah lebih awal dari langkah sebelumnya pada catatan yang sama.",
         "Periksa jam komputer pegawai; jangan mengisi GIT_AUTHOR_DATE atau --date secara manual."),
    Rule("AUD016", Level.ERROR, "Tanggal langkah di masa depan",
         "Tanggal penulis (author date) commit lebih lambat dari hari ini.",
         "Periksa jam dan zona waktu komputer pegawai; jangan mengisi --date secara manual."),
    Rule("AUD017", Level.ERROR, "Commit tanpa tanda tangan sah",
         "Dengan --require-signed setiap commit harus ditandatangani dengan kunci SSH yang tercatat di registri.yaml; "
         "commit ini tidak bertanda tangan, tanda tangannya rusak, atau kuncinya tidak tercatat.",
         "Atur penandatanganan: `git config gpg.format ssh`, `git config user.signingkey ~/.ssh/id_ed25519.pub`, "
         "`git config commit.gpgsign true`, dan daftarkan kunci publik Anda di kunci_ssh pada registri.yaml."),
    Rule("AUD018", Level.ERROR, "Tanda tangan milik orang lain",
         "Commit ditandatangani dengan kunci yang tercatat untuk pegawai lain, bukan untuk penulis commit.",
         "Setiap pegawai menandatangani dengan kuncinya sendiri; periksa user.signingkey dan user.email."),
    Rule("AUD019", Level.WARNING, "Catatan impor tanpa jejak",
         "Catatan yang di-commit sebelum mulai_jejak di registri.yaml dianggap diimpor: langkah sebelumnya tidak "
         "tercatat di Git dan tidak diperiksa.",
         "Tidak perlu tindakan; langkah berikutnya pada catatan ini diperiksa seperti biasa."),
    *(Rule(AUD_CODE[kind], Level.ERROR, *_TEXTS[kind]) for kind in LATER_KINDS),
    Rule("AUD021", Level.ERROR, "Commit pelengkap jejak tidak sah",
         "Sebuah commit dengan trailer `Melengkapi:` hendak melengkapi trailer commit lain, tetapi commit yang disebut "
         "tidak ada di riwayat, sudah lengkap, atau ditulis orang lain. Hanya penulis commit itu sendiri yang boleh "
         "menyatakan langkah apa yang ia kerjakan.",
         "Minta penulis commit yang kurang trailernya membuat commit pelengkap di komputernya (lihat Panduan, "
         "'Commit tanpa trailer'); sebut id commit lengkap (40 karakter) pada `Melengkapi:`."),
)

# Named in every "trailer missing" finding: the honest way out for a commit made with
# --no-verify or on GitHub's web editor (history is never rewritten; docs/panduan/jejak-audit.md).
COMPLETION_HINT = (" Jalan keluar: penulis commit itu menjalankan `registri lengkapi {sha}` di cabangnya (commit "
                   "pelengkap tanpa perubahan berkas yang menyatakan langkah dan perannya), lalu mengirim cabangnya "
                   "lagi (`git push`).")

# --require-signed and GitHub's merges: GitHub signs them with its web-flow GPG key, whose user id
# is "GitHub <noreply@github.com>"; CI imports that key so Git can check it (docs/panduan/github.md).
GITHUB_KEY_HINT = ("GitHub menandatangani penggabungannya dengan kunci GPG web-flow miliknya; agar Git dapat "
                   "memeriksanya, impor kunci itu sebelum audit: `curl -fsSL https://github.com/web-flow.gpg | "
                   "gpg --import` (langkah ini ada di .github/workflows). Commit yang mengaku dibuat GitHub tanpa "
                   "tanda tangan itu tidak dibuat oleh tombol Merge GitHub.")

_SQUASH_SUBJECT = re.compile(r"\(#\d+\)\s*$|^Squashed commit", re.I)


def run_audit(root: Path, rev_range: str | None = None, require_signed: bool = False,
              today: dt.date | None = None, history: History | None = None) -> list[Finding]:
    """Every AUD finding for the history at HEAD (or in `rev_range`, e.g. main..cabang).

    `history`: the History at HEAD already read by the caller (a site build), so it is not read
    (unpickled) twice; ignored with `rev_range`. A shallow clone or an unknown range raises
    GitError (exit 2): the rules need full history.
    """
    repo = gitlog.open_repo(root)
    if repo is None:
        raise GitError(f"Folder {root} bukan repositori Git; audit membaca riwayat Git.")
    if gitlog.is_shallow(repo):
        raise GitError("Repositori ini salinan dangkal (shallow clone): riwayatnya terpotong sehingga jejak audit "
                       "tidak dapat diperiksa. Ambil seluruh riwayat dengan `git fetch --unshallow`; di GitHub "
                       "Actions pakai actions/checkout dengan `fetch-depth: 0`.")
    office, sop = load_office(root), load_sop(root)
    tip, in_range = "HEAD", None
    if rev_range:
        tip = rev_range.split("..")[-1].lstrip(".") or "HEAD" if ".." in rev_range else rev_range
        in_range = frozenset(gitlog.rev_list(repo, rev_range))
    if gitlog.resolve(repo, tip) is None:
        if rev_range:
            raise GitError(f"'{tip}' bukan commit atau cabang di repositori ini.")
        if gitlog.ref_exists(repo, tip):  # a commit that cannot be read is damage, not an empty history
            raise GitError(f"Commit terakhir (HEAD) tidak dapat dibaca. {gitlog.CORRUPT_HINT}")
        return []  # nothing committed yet: nothing to audit
    if history is None or rev_range or history.head != gitlog.resolve(repo, tip):
        history = load_history(root, tip, office=office, sop=sop)
    day = today or clock_today(office.tz)

    def wanted(commit: Commit) -> bool:
        return not commit.imported and (in_range is None or commit.sha in in_range)

    findings: list[Finding] = []
    for commit in history.commits:
        if wanted(commit):
            findings += _commit_findings(commit, history, office, sop, day)
    findings += [Finding("(commit)", None, "AUD021", Level.ERROR,
                         f"Commit pelengkap {bad.sha[:10]} (`{KEY_COMPLETES}: {bad.target[:10]}`) tidak dipakai: "
                         f"{bad.reason}.", commit=bad.sha)
                 for bad in history.bad_completions if in_range is None or bad.sha in in_range]
    findings += _date_order_findings(history, wanted)
    findings += _imported_summary(history)
    findings += inherited_trail.findings(repo, history, tip, wanted)   # warisan: only at creation
    if require_signed:
        findings += _signature_findings(repo, office, history, rev_range, tip)
    return findings


def _finding(code: str, commit: Commit, path: str, record: str | None, message: str,
             level: Level = Level.ERROR) -> Finding:
    return Finding(path, None, code, level, message, record=record, commit=commit.sha)


def _commit_findings(commit: Commit, history: History, office: Office, sop: Sop, day: dt.date) -> list[Finding]:
    if not commit.files:
        return []
    if commit.is_merge and not commit.on_main:
        return []  # bringing main into a working branch: the branch's own commits are checked
    person = office.person_by_email(commit.author_email)
    first = commit.files[0]
    ids = [record_id_of(path) for path in commit.files]
    label = ids[0] if len(ids) == 1 else f"{ids[0]} dan {len(ids) - 1} catatan lain"
    found: list[Finding] = []

    def commit_level(problems: list[Problem]) -> None:
        for problem in problems:
            way_out = (COMPLETION_HINT.format(sha=commit.sha[:10])
                       if problem.kind == "missing" and not commit.is_merge and not commit.on_main else "")
            found.append(_finding(AUD_CODE[problem.kind], commit, first, ids[0],
                                  f"{problem.message} (commit \"{commit.subject}\", {label}){way_out}"))

    if commit.is_merge:
        github = is_github_merge(commit.subject, commit.committer_email, commit.trailers)
        intent = merge_intent(commit.trailers, sop, commit.reported, github=github)
        commit_level(list(intent.problems))
        if person is None or not person.has_role(ATASAN):
            who = person.name if person else f"<{commit.author_email}> (tidak tercatat di registri.yaml)"
            found.append(_finding("AUD014", commit, first, ids[0],
                                  f"Penggabungan \"{commit.subject}\" yang membawa {label} ke main dibuat oleh {who}, "
                                  "bukan Atasan PPID."))
        else:
            commit_level(role_problems(intent, person, commit.author_email, sop))
    else:
        intent = read_intent(commit.trailers, sop)
        commit_level(list(intent.problems) + role_problems(intent, person, commit.author_email, sop))
        events = {e.path: e for e in _events_of(commit, history)}
        added = [path for path, kind in commit.changes if kind == "A"]
        for path, kind in commit.changes:
            event = events.get(path)
            before = event.status_before if event else None
            after = event.status_after if event else None
            for problem in sequence_problems(intent, record_id_of(path), before, after, sop):
                message = problem.message
                if problem.kind == "deleted" and added:
                    message += f" Berkas baru di commit yang sama: {', '.join(added[:3])} (dipindah/diganti nama?)."
                found.append(_finding(AUD_CODE[problem.kind], commit, path, record_id_of(path), message))
        if commit.on_main:
            squash = _SQUASH_SUBJECT.search(commit.subject) or any(
                len(commit.trailers.get(key, ())) > 1 for key in (KEY_STEP, KEY_CHANGE))
            if squash:
                found.append(_finding("AUD013", commit, first, ids[0],
                                      f"Commit \"{commit.subject}\" di main tampak sebagai squash merge ({label}); "
                                      "langkah-langkah cabang dan penerimaan Atasan PPID tidak tercatat."))
            else:
                how = (" GitHub menulis commit ini (committer GitHub): tampaknya 'Rebase and merge', yang menyalin "
                       "commit cabang ke main tanpa penggabungan." if commit.committer_email == GITHUB_COMMITTER else "")
                found.append(_finding("AUD012", commit, first, ids[0],
                                      f"Commit \"{commit.subject}\" mengubah {label} langsung di main, bukan lewat "
                                      f"penggabungan cabang oleh Atasan PPID.{how}"))
    when = commit.author_time.astimezone(office.tz)
    if when.date() > day:
        found.append(_finding("AUD016", commit, first, ids[0],
                              f"Tanggal penulis commit \"{commit.subject}\" adalah {when:%Y-%m-%d %H:%M}, "
                              f"sesudah hari ini ({day.isoformat()})."))
    return found


def _events_of(commit: Commit, history: History):
    for path in commit.files:
        for event in history.of(record_id_of(path)).events:
            if event.commit.sha == commit.sha and event.path == path:
                yield event
                break


def _date_order_findings(history: History, wanted) -> list[Finding]:
    """Along each record, an event or acceptance dated before the one that came before it."""
    found = []
    order = {c.sha: i for i, c in enumerate(history.commits)}
    for record_id, record in history.records.items():
        moments = [(e.commit, e.path) for e in record.events if e.kind != "impor"]
        moments += [(a.merge, next((p for p in a.merge.files if record_id_of(p) == record_id), a.merge.files[0]))
                    for a in record.acceptances]
        moments.sort(key=lambda m: order.get(m[0].sha, 0))
        latest = None
        for commit, path in moments:
            if latest is not None and commit.author_time < latest.author_time and wanted(commit):
                found.append(_finding("AUD015", commit, path, record_id,
                                      f"{record_id}: commit \"{commit.subject}\" bertanggal "
                                      f"{commit.author_time.isoformat(timespec='minutes')}, lebih awal dari langkah "
                                      f"sebelumnya \"{latest.subject}\" ({latest.author_time.isoformat(timespec='minutes')})."))
            if latest is None or commit.author_time > latest.author_time:
                latest = commit
    return found


def _imported_summary(history: History) -> list[Finding]:
    imported = sorted(r for r, h in history.records.items() if h.imported)
    if not imported:
        return []
    shown = ", ".join(imported[:5]) + (f" dan {len(imported) - 5} lainnya" if len(imported) > 5 else "")
    return [Finding("registri.yaml", None, "AUD019", Level.WARNING,
                    f"{len(imported)} catatan di-commit sebelum mulai_jejak ({(history.trail_start or '')[:10]}) dan "
                    f"dianggap diimpor tanpa jejak langkah: {shown}.")]


def _signature_findings(repo, office: Office, history: History, rev_range: str | None, tip: str) -> list[Finding]:
    rev_args = [rev_range] if rev_range else [tip]
    if not rev_range and history.trail_start:
        rev_args.append(f"^{history.trail_start}")
    with allowed_signers_file(office) as signers:
        rows = gitlog.signature_log(repo, rev_args, signers)
    found = []
    for sha, email, letter, signer, committer in rows:
        commit = Commit(sha, (), "", email, dt.datetime.min, "", dt.datetime.min, "", {}, letter, ())
        if committer == GITHUB_COMMITTER:
            # GitHub's merge button signs with GitHub's own GPG key (web-flow), never the Atasan
            # PPID's SSH key: the person is vouched for by their GitHub login, the commit by GitHub.
            if letter not in (GOOD, "U") or GITHUB_COMMITTER not in signer.lower():
                found.append(_finding("AUD017", commit, "(commit)", None,
                                      f"Commit {sha[:10]} dibuat GitHub (penggabungan lewat tombol Merge) atas nama "
                                      f"<{email}> tetapi tanpa tanda tangan GitHub yang sah "
                                      f"({SIGNATURE_WORDS.get(letter, letter)}). {GITHUB_KEY_HINT}"))
            continue
        if letter != GOOD:
            found.append(_finding("AUD017", commit, "(commit)", None,
                                  f"Commit {sha[:10]} oleh <{email}>: {SIGNATURE_WORDS.get(letter, letter)}."))
            continue
        author, signed_by = office.person_by_email(email), signer_person(office, signer)
        if author is None or signed_by is None or author.key != signed_by.key:
            owner = signed_by.name if signed_by else signer or "tidak dikenal"
            found.append(_finding("AUD018", commit, "(commit)", None,
                                  f"Commit {sha[:10]} ditulis oleh <{email}> tetapi ditandatangani dengan kunci milik "
                                  f"{owner}."))
    return found
