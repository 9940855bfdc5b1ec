"""`registri history ID`: one record's audit trail — step, person, role, time, commit, and the
working time each step took against the SOP standard."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from registri.commands.common import add_format, root_of
from registri.config import Office, load_office
from registri.errors import UsageError
from registri.history import RecordHistory, load_history
from registri.paths import RECORDS_DIR, record_files
from registri.loader import load_file
from registri.sop import load_sop
from registri.timeline import DAY_NAMES, duration, timeline, tz_label, what

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
    lines.append(f"Waktu dalam {tz_label(office)} ({office.tz_name}). Durasi dihitung dalam jam kerja kantor "
                 "(registri.yaml jam_kerja; akhir pekan, libur nasional dan cuti bersama tidak dihitung): "
                 "langkah 1 sejak awal hari kerja tanggal disposisi/surat pengantar (sumber.tanggal), langkah 2-4 "
                 "sejak langkah sebelumnya, langkah 5 sejak langkah 4.")
    lines.append("")
    header = ("Langkah", "Pelaksana", "Peran", f"Waktu ({tz_label(office)})", "Commit", "Durasi kerja")
    table = [header]
    for row in rows:
        when = dt.datetime.fromisoformat(row["waktu"])
        table.append((what(row), row["pelaksana"], row["peran"] or "-",
                      f"{DAY_NAMES[when.weekday()]} {when:%d-%m-%Y %H:%M}", row["commit"][:10], duration(row)))
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header) - 1)]
    for i, row in enumerate(table):
        lines.append("  ".join(str(cell).ljust(widths[j]) for j, cell in enumerate(row[:-1])) + "  " + str(row[-1]))
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[-1]))
    return "\n".join(lines)
