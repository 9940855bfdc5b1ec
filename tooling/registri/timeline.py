"""One record's timeline as people read it: every step, acceptance and merge, oldest first,
with who, in which role, when (office time) and the working time against the SOP standard.

`registri history` prints these rows; the desk shows the same rows on a record's history page.
"""

from __future__ import annotations

from registri.config import Office
from registri.history import Event, RecordHistory
from registri.sop import Sop

TZ_ABBREVIATION = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
DAY_NAMES = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")
KIND_WORDS = {"impor": "impor", "lain": "tanpa langkah", "digabung": "digabung (tanpa penerimaan)"}



def tz_label(office: Office) -> str:
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


def what(row: dict) -> str:
    if row["jenis"] == "penerimaan":
        return "5 diterima"
    if row["langkah"]:
        return f"langkah {row['langkah']}"
    if row["perubahan"]:
        return row["perubahan"]
    return KIND_WORDS.get(row["jenis"], row["jenis"])


def duration(row: dict) -> str:
    minutes, standard = row["menit_kerja"], row["standar_menit"]
    if minutes is None or standard is None:
        return "-"
    verdict = "sesuai standar" if minutes <= standard else "melebihi standar"
    return f"{minutes_text(minutes)} / standar {standard} mnt ({verdict})"


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} j {rest} mnt" if hours else f"{rest} mnt"
