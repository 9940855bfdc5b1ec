"""`registri history ID`: one record's audit trail — step, person, role, time, commit, and the
working time each step took against the SOP standard."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from registri.commands.common import add_format, root_of
from registri.config import Office, load_office
from registri.errors import UsageError
from registri.history import Event, RecordHistory, load_history
from registri.paths import RECORDS_DIR, record_files
from registri.loader import load_file
from registri.sop import Sop, load_sop

TZ_ABBREVIATION = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DAY_NAMES = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
KIND_WORDS = {"impor": "impor", "lain": "tanpa langkah", "digabung": "digabung (tanpa penerimaan)"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("record_id", metavar="ID", help="id catatan, mis. DIK-2026-003")
    add_format(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    office, sop = load_office(root), load_sop(root)
    record_id = args.record_id.strip().upper()
    file = _record_file(root, record_id)
    history = load_history(root, office=office, sop=sop)
    trail = history.of(record_id)
    if file is None and not trail.events and not trail.acceptances:
        raise UsageError(f"Catatan {record_id} tidak ditemukan di {RECORDS_DIR}/ maupun di riwayat Git. "
                         "Periksa penulisan id, mis. DIK-2026-003.")
    record = _record_data(file, root)
    rows = timeline(trail, office, sop)
    if args.format == "json":
        print(json.dumps({
            "id": record_id, "judul": record.get("judul"), "status": record.get("status"),
            "berkas": file.relative_to(root).as_posix() if file else None, "impor": trail.imported,
            "zona_waktu": office.tz_name, "riwayat": rows,
        }, ensure_ascii=False, indent=2))
        return 0
    print(render(record_id, record, trail, rows, office, history.head is None))
    return 0


def _record_data(file: Path | None, root: Path) -> dict:
    """The record as it is now (strict loader, no schema: a half-finished record still shows)."""
    if file is None:
        return {}
    loaded = load_file(file, file.relative_to(root).as_posix())
    return loaded.data if loaded.ok and isinstance(loaded.data, dict) else {}


def _record_file(root: Path, record_id: str) -> Path | None:
    direct = root / RECORDS_DIR / record_id[4:8] / f"{record_id}.yaml"
    if direct.is_file():
        return direct
    return next((p for p in record_files(root) if p.stem == record_id), None)


def _tz_label(office: Office) -> str:
    return TZ_ABBREVIATION.get(office.tz_name, office.tz_name)


def timeline(trail: RecordHistory, office: Office, sop: Sop) -> list[dict]:
    """The rows shown: every event and every acceptance, oldest first."""
    items: list[tuple[object, dict]] = []
    for event in trail.events:
        items.append((event.time, _event_row(event, office, sop)))
    for acceptance in trail.acceptances:
        record_minutes = acceptance.work_minutes.get(trail.record_id)
        person = acceptance.person
        items.append((acceptance.time, {
            "langkah": 5, "jenis": "penerimaan", "perubahan": None,
            "pelaksana": person.name if person else acceptance.merge.author_name,
            "peran": sop.role_names.get("atasan_ppid"),
            "waktu": acceptance.time.astimezone(office.tz).isoformat(timespec="minutes"),
            "commit": acceptance.merge.sha, "judul_commit": acceptance.merge.subject,
            "status_sebelum": "dilaporkan", "status_sesudah": "dilaporkan",
            "menit_kerja": record_minutes, "standar_menit": sop.step(5).minutes,
        }))
    for merge in trail.merged:   # brought to main, not accepted (not brought to dilaporkan, or not by the Atasan PPID)
        person = office.person_by_email(merge.author_email)
        items.append((merge.author_time, {
            "langkah": None, "jenis": "digabung", "perubahan": None,
            "pelaksana": person.name if person else f"{merge.author_name} <{merge.author_email}>",
            "peran": None, "waktu": merge.author_time.astimezone(office.tz).isoformat(timespec="minutes"),
            "commit": merge.sha, "judul_commit": merge.subject, "status_sebelum": None, "status_sesudah": None,
            "menit_kerja": None, "standar_menit": None,
        }))
    items.sort(key=lambda pair: pair[0])
    return [row for _, row in items]


def _event_row(event: Event, office: Office, sop: Sop) -> dict:
    standard = sop.step(event.step).minutes if event.step else None
    return {
        "langkah": event.step, "jenis": event.kind, "perubahan": event.change,
        "pelaksana": event.person.name if event.person else f"{event.commit.author_name} <{event.commit.author_email}>",
        "peran": sop.role_names.get(event.role) if event.role else None,
        "waktu": event.time.astimezone(office.tz).isoformat(timespec="minutes"),
        "commit": event.commit.sha, "judul_commit": event.commit.subject,
        "status_sebelum": event.status_before, "status_sesudah": event.status_after,
        "menit_kerja": event.work_minutes, "standar_menit": standard,
    }


def _what(row: dict) -> str:
    if row["jenis"] == "penerimaan":
        return "5 diterima"
    if row["langkah"]:
        return f"langkah {row['langkah']}"
    if row["perubahan"]:
        return row["perubahan"]
    return KIND_WORDS.get(row["jenis"], row["jenis"])


def _duration(row: dict) -> str:
    minutes, standard = row["menit_kerja"], row["standar_menit"]
    if minutes is None or standard is None:
        return "-"
    verdict = "sesuai standar" if minutes <= standard else "melebihi standar"
    return f"{_minutes_text(minutes)} / standar {standard} mnt ({verdict})"


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} j {rest} mnt" if hours else f"{rest} mnt"


def render(record_id: str, record: dict, trail: RecordHistory, rows: list[dict], office: Office, no_git: bool) -> str:
    import datetime as dt

    lines = [f"{record_id}" + (f" — {record['judul']}" if record.get("judul") else ""),
             f"Status sekarang: {record['status']}" if record.get("status") else "Berkas catatan tidak ada di records/."]
    if trail.imported:
        lines.append("Catatan ini diimpor sebelum mulai_jejak (registri.yaml): langkah sebelum itu tidak tercatat.")
    if not rows:
        lines.append("Belum ada riwayat Git untuk catatan ini." if not no_git else
                     "Belum ada riwayat: folder ini bukan repositori Git atau belum ada commit.")
        return "\n".join(lines)
    lines.append(f"Waktu dalam {_tz_label(office)} ({office.tz_name}). Durasi dihitung dalam jam kerja kantor "
                 "(registri.yaml jam_kerja; akhir pekan, libur nasional dan cuti bersama tidak dihitung): "
                 "langkah 1 sejak awal hari kerja tanggal disposisi/surat pengantar (sumber.tanggal), langkah 2-4 "
                 "sejak langkah sebelumnya, langkah 5 sejak langkah 4.")
    lines.append("")
    header = ("Langkah", "Pelaksana", "Peran", f"Waktu ({_tz_label(office)})", "Commit", "Durasi kerja")
    table = [header]
    for row in rows:
        when = dt.datetime.fromisoformat(row["waktu"])
        table.append((_what(row), row["pelaksana"], row["peran"] or "-",
                      f"{DAY_NAMES[when.weekday()]} {when:%d-%m-%Y %H:%M}", row["commit"][:10], _duration(row)))
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header) - 1)]
    for i, row in enumerate(table):
        lines.append("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row[:-1])) + "  " + str(row[-1]))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[-1]))
    return "\n".join(lines)
