"""The office configuration (registri.yaml): who works here, in which roles, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from registri.catalog import Rule
from registri.errors import ConfigError
from registri.findings import Finding, Level, render_text
from registri.loader import load_file
from registri.paths import CONFIG_NAME
from registri.schemas import schema_findings

RULES = (
    Rule("CFG001", Level.ERROR, "Konfigurasi tidak sesuai skema",
         "registri.yaml, sop.yaml atau pasal17.yaml berisi kolom yang salah, kurang, atau bertipe salah.",
         "Perbaiki kolom yang disebut sesuai contoh di README."),
    Rule("CFG002", Level.ERROR, "Zona waktu tidak dikenal",
         "kantor.zona_waktu bukan nama zona waktu IANA yang dikenal.",
         "Tulis Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)."),
    Rule("CFG003", Level.ERROR, "Data pegawai ganda atau bertentangan",
         "Kode pegawai atau alamat e-mail yang sama dipakai lebih dari sekali, atau jam kerja selesai sebelum mulai.",
         "Setiap pegawai punya kode sendiri dan setiap alamat e-mail hanya milik satu pegawai."),
)

WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    position: str
    roles: tuple[str, ...]
    emails: tuple[str, ...]
    ssh_keys: tuple[str, ...]

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class WorkHours:
    weekdays: frozenset[int]      # Monday = 0
    start: dt.time
    end: dt.time
    extra_holidays: frozenset[dt.date]


@dataclass(frozen=True)
class Office:
    name: str
    short_name: str
    public_body: str
    city: str
    tz_name: str
    work: WorkHours
    report_period: str             # triwulan | semester | tahun
    trail_start: str | None        # commit or tag; earlier records count as imported
    max_years: dict[str, int]      # per Pasal 17 letter code, e.g. {"17a": 30}
    staff: tuple[Person, ...]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    def person_by_email(self, email: str) -> Person | None:
        wanted = email.strip().lower()
        for person in self.staff:
            if wanted in (e.lower() for e in person.emails):
                return person
        return None

    def people_with_role(self, role: str) -> tuple[Person, ...]:
        return tuple(p for p in self.staff if role in p.roles)


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def load_office(root: Path) -> Office:
    """Read and check registri.yaml; a broken file raises ConfigError with findings."""
    file = root / CONFIG_NAME
    loaded = load_file(file, CONFIG_NAME)
    findings: list[Finding] = list(loaded.findings)
    if not findings:
        findings = schema_findings(loaded, "config", code="CFG001")
    if findings:
        raise ConfigError(f"{CONFIG_NAME} tidak dapat dipakai:\n{render_text(findings)}", tuple(findings))
    data = loaded.data
    office = data["kantor"]
    try:
        ZoneInfo(office["zona_waktu"])
    except (ZoneInfoNotFoundError, ValueError):
        finding = Finding(CONFIG_NAME, loaded.line_of("kantor.zona_waktu"), "CFG002", Level.ERROR,
                          f"Zona waktu '{office['zona_waktu']}' tidak dikenal; tulis Asia/Makassar, Asia/Jakarta atau Asia/Jayapura.")
        raise ConfigError(f"{CONFIG_NAME} tidak dapat dipakai:\n{finding.as_text()}", (finding,)) from None

    hours = data["jam_kerja"]
    work = WorkHours(
        weekdays=frozenset(WEEKDAYS.index(d) for d in hours["hari"]),
        start=_time(hours["mulai"]),
        end=_time(hours["selesai"]),
        extra_holidays=frozenset(dt.date.fromisoformat(str(d)) for d in hours.get("libur_tambahan", [])),
    )
    staff = tuple(
        Person(key=p["kode"], name=p["nama"], position=p.get("jabatan", ""), roles=tuple(p["peran"]),
               emails=tuple(e.lower() for e in p["email"]), ssh_keys=tuple(p.get("kunci_ssh", [])))
        for p in data["pegawai"]
    )
    problems = _consistency(staff, work, loaded)
    if problems:
        raise ConfigError(f"{CONFIG_NAME} tidak dapat dipakai:\n{render_text(problems)}", tuple(problems))
    return Office(
        name=office["nama"], short_name=office.get("singkatan", office["nama"]),
        public_body=office.get("badan_publik", ""), city=office["kota"], tz_name=office["zona_waktu"],
        work=work, report_period=data.get("laporan", {}).get("periode", "triwulan"),
        trail_start=data.get("mulai_jejak"), max_years=dict(data.get("batas_tahun", {})), staff=staff,
    )


def _consistency(staff: tuple[Person, ...], work: WorkHours, loaded) -> list[Finding]:
    problems = []
    seen_keys: set[str] = set()
    seen_mail: dict[str, str] = {}
    for index, person in enumerate(staff):
        line = loaded.line_of(f"pegawai[{index}]")
        if person.key in seen_keys:
            problems.append(Finding(CONFIG_NAME, line, "CFG003", Level.ERROR,
                                    f"Kode pegawai '{person.key}' dipakai lebih dari sekali."))
        seen_keys.add(person.key)
        for mail in person.emails:
            if mail in seen_mail:
                problems.append(Finding(CONFIG_NAME, line, "CFG003", Level.ERROR,
                                        f"Alamat e-mail {mail} tercatat untuk '{seen_mail[mail]}' dan '{person.key}'."))
            seen_mail[mail] = person.key
    if work.end <= work.start:
        problems.append(Finding(CONFIG_NAME, loaded.line_of("jam_kerja.selesai"), "CFG003", Level.ERROR,
                                "Jam kerja selesai harus setelah jam mulai."))
    return problems
