"""Importing a list as one step-1 commit: the plan (read, check, number, render) and its commit.

One core for every face: `registri import` prints a plan's findings or commits it; the desk shows
the same plan as a preview with findings per row, then commits it with the same function. Two
kinds of list: the disposition list in Registri's columns (importer.py, docs/panduan/impor.md),
and the office's existing published DIK (existing_list.py, docs/panduan/adopsi.md), whose entries
become inherited records with their gaps (backlog.py).

Before anything is written every row is checked: its cells (dates, choices), personal data in
any cell (scan.field_hits), rows already in the register on any branch (the same list imported
twice), the year of the numbers against the rows' dates, then the would-be records through the
schema and the register's rules (steps.kelengkapan).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registri.catalog import Rule
from registri.existing_list import read_existing
from registri.findings import Finding, Level
from registri.importer import (cell_text, column_of, is_blank, nest, read_table, record_text, row_data,
                               step1_record)

RULES = (
    Rule("IMP004", Level.ERROR, "Baris impor sudah ada di register",
         "Informasi dengan judul dan nomor penetapan yang sama sudah ada di register (di folder kerja atau di cabang "
         "lain), biasanya karena daftar yang sama diimpor dua kali.",
         "Hapus baris itu dari berkas impor, atau periksa catatan yang disebut; jangan mengimpor daftar yang sama dua kali."),
    Rule("IMP005", Level.ERROR, "Tahun nomor catatan tidak cocok dengan tanggal baris",
         "--tahun menentukan nomor DIK-TAHUN-nnn dan foldernya; baris yang ditetapkan sesudah tahun itu tidak boleh "
         "diberi nomor tahun yang lebih awal.",
         "Impor tanpa --tahun (tahun hari ini) atau dengan tahun penetapan baris tersebut."),
    Rule("IMP006", Level.ERROR, "Baris impor memuat data pribadi atau rahasia",
         "Sel pada baris impor memuat bentuk data pribadi (NIK, NIP, nomor telepon, e-mail, rekening) atau rahasia; "
         "register hanya menguraikan informasi, tidak memuat datanya.",
         "Hapus atau samarkan data itu di berkas impor (mis. tulis 'NIK peserta' tanpa angkanya), lalu impor ulang."),
    Rule("IMP007", Level.WARNING, "Baris ganda di daftar yang diimpor",
         "Dua baris daftar lama memuat informasi dengan judul dan penetapan yang sama; keduanya menjadi catatan.",
         "Periksa apakah keduanya memang informasi yang berbeda; bila sama, buka salah satunya dengan koreksi."),
)


@dataclass(frozen=True)
class PlannedRecord:
    row: int                        # spreadsheet row it comes from
    record_id: str
    path: str                       # repository-relative
    text: str                       # the file that would be written
    data: dict[str, Any]
    gaps: tuple[Any, ...] = ()      # backlog.Gap for inherited records
    notes: tuple[str, ...] = ()     # what was not read or was changed (inherited lists)


@dataclass(frozen=True)
class ImportPlan:
    root: Path
    source: str                     # the file name as shown
    existing: bool                  # an existing published list (inherited records)
    year: int
    records: tuple[PlannedRecord, ...]
    findings: tuple[Finding, ...]   # per row (line = spreadsheet row), errors refuse the plan
    message: str                    # the commit message
    branch_hint: str
    actor_name: str

    @property
    def ok(self) -> bool:
        return bool(self.records) and not any(f.is_error for f in self.findings)

    def findings_of(self, row: int) -> list[Finding]:
        return [f for f in self.findings if f.line == row]

    @property
    def gap_count(self) -> int:
        return sum(len(r.gaps) for r in self.records)

    @property
    def whole(self) -> int:
        """Records that came in with nothing lacking."""
        return sum(1 for r in self.records if not r.gaps)


def _duplicate_key(title: Any, number: Any) -> tuple[str, str]:
    norm = lambda v: " ".join(re.findall(r"[0-9a-zà-ÿ]+", str(v or "").lower()))  # noqa: E731
    return norm(title), norm(number)


def known_items(root: Path) -> dict[tuple[str, str], str]:
    """(title, determination number) -> record id, over the working tree and every branch."""
    from registri.loader import parse_text
    from registri.paths import record_files

    known: dict[tuple[str, str], str] = {}
    for file in record_files(root):
        try:
            loaded = parse_text(file.read_text(encoding="utf-8-sig"), file.name)
        except (OSError, UnicodeDecodeError):
            continue
        data = loaded.data if isinstance(loaded.data, dict) else {}
        penetapan = data.get("penetapan") if isinstance(data.get("penetapan"), dict) else {}
        ident = str(data.get("id", file.stem))
        known.setdefault(_duplicate_key(data.get("judul"), penetapan.get("nomor")), ident)
        known.setdefault(_duplicate_key(data.get("judul"), None), ident)   # for old-list rows without an SK
    known.update({k: v for k, v in _branch_items(root).items() if k not in known})
    return known


def _branch_items(root: Path) -> dict[tuple[str, str], str]:
    """The same facts on other branches, from one `git grep` over their trees (never one call per file)."""
    try:
        import git
        repo = git.Repo(root, search_parent_directories=True)
        refs = [r for r in repo.git.for_each_ref("--format=%(refname)", "refs/heads", "refs/remotes").split()
                if not r.endswith("/HEAD")]
        if not refs:
            return {}
        out = repo.git.grep("-h", "--no-color", "-E", "-e", r"^(id|judul|  nomor):", *refs, "--", "records/",
                            with_exceptions=False)
    except Exception:   # no repository, no branch, nothing found: nothing to compare with
        return {}
    found: dict[tuple[str, str], str] = {}
    ident = title = None
    for line in out.splitlines():   # `-h`: each file's lines in order, id first
        key, _, value = line.partition(": ")
        value = value.strip()
        if value.startswith('"'):
            try:
                value = json.loads(value)
            except ValueError:
                pass
        if key == "id":
            ident, title = value, None
        elif key == "judul":
            title = value
            found.setdefault(_duplicate_key(title, None), ident or "?")
        elif key == "  nomor" and title is not None:
            # sumber, penetapan or test number: a match on any of them is the same item
            found.setdefault(_duplicate_key(title, value), ident or "?")
    return found


def _personal_data(row: int, cells: dict[str, Any], shown: str) -> list[Finding]:
    """Personal data or secrets in a row's cells, named by row and column, before anything is written."""
    from registri.scan import field_hits   # the scan module's detectors, one definition for every face

    values = {column: cell_text(value) for column, value in cells.items()
              if not is_blank(value) and not isinstance(value, (dt.date, dt.datetime))}
    return [Finding(shown, row, "IMP006", Level.ERROR,
                    f"Baris {row}, kolom {column}: {hit.message} ({hit.code}). Hapus atau samarkan data itu di berkas "
                    "impor; tidak ada yang ditulis.", field=column)
            for column, hit in field_hits(values)]


def _record_scan(row: int, text: str, shown: str, path: str) -> list[Finding]:
    from registri.scan import scan_text

    return [Finding(shown, row, "IMP006", Level.ERROR, f"Baris {row}: {f.message} ({f.code}).")
            for f in scan_text(text, path)]


def plan_import(root: Path, file: Path, *, email: str, pelaksana: str | None, year: int | None,
                today: dt.date, existing: bool = False, penetapan: dict[str, Any] | None = None,
                unit: str | None = None) -> ImportPlan:
    """Read `file`, check every row, number and render the records; nothing is written.

    `existing`: the office's existing published DIK (inherited records with gaps) instead of a
    disposition list. `penetapan`: the SK penetapan for the whole list (nomor, tanggal as typed,
    tempat, pejabat). Usage problems (no commits, detached HEAD, a role the person does not hold)
    raise UsageError; everything about the file's content is a finding per row.
    """
    from registri import steps
    from registri.config import load_office
    from registri.dates import parse_date
    from registri.errors import UsageError
    from registri.gitwrite import Workspace
    from registri.ids import next_ids
    from registri.paths import RECORDS_DIR, display_path
    from registri.sop import load_sop

    office, sop = load_office(root), load_sop(root)
    explicit_year = year is not None
    year = year or today.year
    if not 2000 <= year <= 2100:
        raise UsageError(f"--tahun {year} tidak masuk akal; tulis tahun empat angka, mis. --tahun {today.year}.")
    if not file.is_file():
        raise UsageError(f"Berkas {file} tidak ditemukan.")
    ws = Workspace(root)
    if not ws.has_commits():
        raise UsageError("Repositori ini belum punya commit awal di main. Commit dulu registri.yaml, lalu ulangi.")
    if ws.branch() is None:
        raise UsageError("Anda tidak sedang berada di cabang mana pun (detached HEAD). Pindah ke main atau cabang kerja.")
    actor = steps.actor_for(office, sop, email, sop.step(1).roles, "Langkah 1 (validasi daftar)", pelaksana)

    shown = file.name
    findings: list[Finding] = []
    rows: list[tuple[int, dict[str, Any], dict[str, Any], tuple[str, ...]]] = []   # row, data, cells, notes
    if existing:
        defaults, problems = _list_defaults(penetapan or {}, unit, shown, parse_date)
        findings.extend(problems)
        entries, problems = read_existing(file, shown, defaults, office, today)
        findings.extend(problems)
        for entry in entries:
            findings.extend(Finding(shown, entry.row, "IMP003", Level.ERROR, f"Baris {entry.row}, kolom {column}: {text}.",
                                    field=column) for column, text in entry.problems)
            findings.extend(_personal_data(entry.row, entry.cells, shown))
            if entry.data is not None:
                rows.append((entry.row, entry.data, entry.cells, entry.notes))
    else:
        table = read_table(file, shown)
        findings.extend(table.findings)
        for row in table.rows:
            fields, problems = row_data(row, shown, office.city)
            findings.extend(problems)
            findings.extend(_personal_data(row.number, row.values, shown))
            if fields is not None:
                rows.append((row.number, nest(fields), row.values, ()))
    if not rows and not findings:
        findings.append(Finding(shown, None, "IMP001", Level.ERROR, "Tidak ada baris data di bawah baris judul."))

    findings.extend(_year_findings(rows, year, explicit_year, shown))
    findings.extend(_duplicate_findings(root, rows, shown, existing))

    ids = next_ids(root, year, len(rows)) if rows else []
    planned: list[PlannedRecord] = []
    texts: dict[Path, str] = {}
    for record_id, (number, data, _, notes) in zip(ids, rows):
        record = {"id": record_id, **data} if existing else step1_record(record_id, _flatten(data))
        text = record_text(record)
        target = root / RECORDS_DIR / str(year) / f"{record_id}.yaml"
        path = display_path(target, root)
        texts[target] = text
        findings.extend(_record_scan(number, text, shown, path))
        planned.append(PlannedRecord(number, record_id, path, text, record, (), notes))
    if planned and not any(f.is_error for f in findings):
        row_of_path = {p.path: p.row for p in planned}
        for f in steps.kelengkapan(root, texts, today):
            findings.append(_as_row(f, shown, row_of_path))
        planned = _with_gaps(root, planned, today) if existing else planned
    message = steps.step_message(1, ids, actor.role_name) if ids else ""
    if existing and ids:
        message = message.replace("Langkah 1: validasi", "Langkah 1: validasi DIK warisan", 1)
    return ImportPlan(root, shown, existing, year, tuple(planned), tuple(findings), message,
                      f"dik/impor-{ids[0]}" if ids else "dik/impor", actor.person.name)


def commit_import(root: Path, plan: ImportPlan) -> tuple[str, str | None]:
    """Write the plan's records and make the one step-1 commit; returns (commit, branch created)."""
    from registri.errors import UsageError
    from registri.gitwrite import Workspace
    from registri.workflow import Change, commit_changes

    if not plan.ok:
        raise UsageError("Impor ini masih memiliki kesalahan; perbaiki baris yang disebut, lalu buat rencana impor lagi.")
    taken = [p.path for p in plan.records if (root / p.path).exists()]
    if taken:   # a preview left open while someone else used these numbers
        raise UsageError(f"Nomor {', '.join(Path(t).stem for t in taken[:3])} sudah dipakai sejak pratinjau dibuat; "
                         "buat pratinjau impor lagi.")
    changes = [Change(root / p.path, p.path, p.record_id, None, p.text, tracked=False) for p in plan.records]
    return commit_changes(Workspace(root), changes, plan.message, plan.branch_hint)


def _flatten(nested: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in nested.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _list_defaults(options: dict[str, Any], unit: str | None, shown: str, parse_date) -> tuple[Any, list[Finding]]:
    from registri.existing_list import ListDefaults

    problems = []
    day = None
    if options.get("tanggal"):
        day, problem = parse_date(options["tanggal"])
        if problem:
            problems.append(Finding(shown, None, "IMP003", Level.ERROR, f"--penetapan-tanggal: {problem}"))
    return ListDefaults(options.get("nomor") or None, day, options.get("tempat") or None,
                        options.get("pejabat") or None, unit or None), problems


def _row_day(data: dict[str, Any]) -> dt.date | None:
    for section in ("penetapan", "sumber"):
        value = data.get(section, {}).get("tanggal") if isinstance(data.get(section), dict) else None
        if isinstance(value, dt.date):
            return value
    return None


def _year_findings(rows, year: int, explicit: bool, shown: str) -> list[Finding]:
    problems = []
    for number, data, _, _ in rows:
        day = _row_day(data)
        if day is not None and day.year > year:
            how = f"--tahun {year}" if explicit else f"tahun nomor {year} (tahun hari ini)"
            problems.append(Finding(shown, number, "IMP005", Level.ERROR,
                                    f"Baris {number}: ditetapkan {day.isoformat()}, sesudah tahun {year}; {how} akan memberinya "
                                    f"nomor DIK-{year}-nnn. Impor dengan --tahun {day.year}, atau periksa tanggalnya."))
    return problems


def _duplicate_findings(root: Path, rows, shown: str, existing: bool) -> list[Finding]:
    known = known_items(root)
    problems, seen = [], {}
    for number, data, _, _ in rows:
        key = _duplicate_key(data.get("judul"), (data.get("penetapan") or {}).get("nomor"))
        if key in known:
            problems.append(Finding(shown, number, "IMP004", Level.ERROR,
                                    f"Baris {number}: '{data.get('judul')}' dengan penetapan yang sama sudah ada sebagai "
                                    f"{known[key]}. Daftar ini tampaknya sudah diimpor; hapus baris itu atau batalkan impor."))
        elif key in seen:
            level = Level.WARNING if existing else Level.ERROR
            code = "IMP007" if existing else "IMP004"
            problems.append(Finding(shown, number, code, level,
                                    f"Baris {number} sama dengan baris {seen[key]} (judul dan penetapan sama)."
                                    + (" Keduanya menjadi catatan; periksa apakah memang berbeda." if existing
                                       else " Hapus salah satunya.")))
        else:
            seen[key] = number
    return problems


def _with_gaps(root: Path, planned: list[PlannedRecord], today: dt.date) -> list[PlannedRecord]:
    """Each inherited record with its gaps, computed the same way as the register's backlog."""
    from registri import backlog
    from registri.config import load_office
    from registri.loader import parse_text
    from registri.model import Register, record_from
    from registri.pasal17 import load_pasal17
    from registri.rules import RECORD_CHECKS, Context
    from registri.sop import load_sop

    records = [record_from(parse_text(p.text, p.path)) for p in planned]
    register = Register(str(root), load_office(root), load_sop(root), load_pasal17(), tuple(records))
    ctx = Context.of(register, today)
    out = []
    for plan, record in zip(planned, records):
        found = [f for check in RECORD_CHECKS for f in check(record, ctx)]
        out.append(PlannedRecord(plan.row, plan.record_id, plan.path, plan.text, plan.data,
                                 backlog.gaps(record, found), plan.notes))
    return out


def _as_row(finding: Finding, shown: str, row_of_path: dict[str, int]) -> Finding:
    """A finding about a would-be record, moved to the import file's row and column."""
    row = row_of_path.get(finding.path)
    if row is None:
        return finding
    column = column_of(finding.field)
    where = f"Baris {row}" + (f", kolom {column}" if column else "")
    return Finding(shown, row, finding.code, finding.level, f"{where}: {finding.message}", field=column)


REFUSED = "Tidak ada catatan yang dibuat: perbaiki baris yang disebut di berkas impor, lalu impor ulang seluruh berkas."


def summary_lines(plan: ImportPlan, commit: str, created: str | None) -> list[str]:
    """What the person reads after a successful import (every face shows the same sentences)."""
    from registri import steps

    ids = [r.record_id for r in plan.records]
    lines = []
    if created:
        lines.append(f"Anda berada di main; impor ini dibuat di cabang baru '{created}'.")
    kind = "catatan warisan" if plan.existing else "catatan"
    lines.append(f"{len(ids)} {kind} dibuat dari {plan.source} dan divalidasi (langkah 1) oleh {plan.actor_name}: "
                 f"{steps.id_list(ids)} (commit {commit[:10]}).")
    if plan.existing:
        lines.append(f"{plan.whole} butir lengkap, {len(ids) - plan.whole} butir dengan kekurangan "
                     f"({plan.gap_count} kekurangan seluruhnya):")
        for record in plan.records:
            if record.gaps:
                names = "; ".join(g.kind.label.split(" (")[0] for g in record.gaps)
                lines.append(f"  {record.record_id} (baris {record.row}): {names}")
            for note in record.notes:
                lines.append(f"    catatan baris {record.row}: {note}")
        lines.append("Kekurangan ini tunggakan, bukan kesalahan: validasi dan CI menerimanya. Lengkapi tiap catatan "
                     f"lewat langkah 2 (`registri step 2 {ids[0]}`) dan langkah 3; daftarnya ada di "
                     "`registri attention` dan di situs.")
    else:
        lines.append(f"Langkah berikutnya: lengkapi bagian klasifikasi tiap catatan, lalu `registri step 2 {ids[0]} …`.")
    lines.append("Kirim cabang ini (git push) agar Atasan PPID dapat memeriksanya.")
    return lines
