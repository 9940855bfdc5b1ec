"""compute_report: the whole report for one period, from the register and its Git history."""

from __future__ import annotations

import dataclasses
import datetime as dt

from registri.errors import UsageError
from registri.findings import Finding
from registri.history import History
from registri.model import Register
from registri.report import sections
from registri.report.basis import Basis, Fact, build_basis
from registri.report.figures import (Acceptance, AcceptanceRow, Check, Comparison, DikRow, Identity, ItemRef, ItemRow,
                                     Report, Signatory, Signature)
from registri.report.period import Period, parse_period, tanggal
from registri.sop import STATUS_LABEL

HEADLINES = (
    ("stok_akhir", "Informasi dikecualikan pada akhir periode"),
    ("ditambahkan", "Ditambahkan"),
    ("dibuka", "Dibuka (keluar dari DIK)"),
    ("ditinjau", "Ditinjau ulang"),
    ("berakhir_masih_tertutup", "Jangka waktu berakhir tetapi masih tertutup"),
    ("tinjau_ulang_terlambat", "Tinjau ulang terlambat"),
    ("diterima", "Catatan diterima Atasan PPID"),
    ("commit", "Commit pada catatan"),
)


def compute_report(register: Register, history: History, period: Period, today: dt.date,
                   audit_findings: tuple[Finding, ...] | None = None, basis: Basis | None = None,
                   cores: dict | None = None, with_dik: bool = True) -> Report:
    """`audit_findings` None means the audit was not run (section IX says so).

    `cores`: a dict kept across calls with the same basis, today and audit findings (the site's
    reports), so a quarter already computed is not computed again as the next one's previous.
    `with_dik` False: the report's flat DIK left empty (the site shows the register's one list)."""
    if period.start > today:
        raise UsageError(f"Periode {period.code} belum dimulai pada {today.isoformat()}; "
                         "pilih periode yang sudah berjalan atau pakai --today.")
    basis = basis or build_basis(register, history)
    cores = {} if cores is None else cores

    def core(of: Period) -> Report:
        if of not in cores:
            cores[of] = _core(basis, of, today, audit_findings, with_dik)
        return cores[of]

    report = core(period)
    previous = period.previous()
    prev_core = core(previous)
    now, before = _headlines(report), _headlines(prev_core)
    comparison = tuple(Comparison(key, label, now[key], before[key], now[key] - before[key]) for key, label in HEADLINES)
    return _replace(report, comparison=comparison, previous_period=previous.name)


def _documentation(basis: Basis, active, ref: dt.date):
    # The backlog counts inherited records not opened by `ref`, with or without an SK yet.
    gaps, entries = sections.backlog(basis, [f for f in basis.facts if f.opened is None or f.opened > ref], ref)
    return _replace(sections.documentation(active, basis.documentation_states), backlog_gaps=gaps, backlog=entries)


def _replace(report: Report, **changes) -> Report:
    from dataclasses import replace
    return replace(report, **changes)


def _headlines(report: Report) -> dict[str, int]:
    return {
        "stok_akhir": report.stock.at_end, "ditambahkan": report.stock.added, "dibuka": report.stock.opened,
        "ditinjau": report.stock.reviewed_items,
        "berakhir_masih_tertutup": len(report.periods.expired_still_closed),
        "tinjau_ulang_terlambat": len(report.periods.reviews_overdue),
        "diterima": report.acceptance.accepted_in_period, "commit": report.audit.commits,
    }


def _core(basis: Basis, period: Period, today: dt.date, audit_findings, with_dik: bool = True) -> Report:
    ref = min(period.end, today)
    facts = basis.facts
    active = [f for f in facts if f.in_dik(ref)]
    new = [f for f in basis.touching(period.start, ref) if f.determined is not None and period.start <= f.determined <= ref]
    identity = _identity(basis, period, ref, today)
    acceptance = _acceptance(basis, period, ref)
    stock = sections.stock_flow(basis, period, ref)
    grounds = sections.grounds(basis, active, new)
    periods = sections.periods(active, ref)
    timing = sections.timing(basis, period, ref)
    report = Report(
        identity=identity, acceptance=acceptance, stock=stock, grounds=grounds, scope=sections.scope(active),
        periods=periods, documentation=_documentation(basis, active, ref), timing=timing,
        audit=sections.audit(basis, period, ref, audit_findings), oldest=sections.oldest(active, ref),
        comparison=(), previous_period="", items=_items(basis, period, ref),
        checks=(), signature=_signature(basis, period, today, identity), notes=_notes(basis, ref, identity),
        dik=_dik(basis, period, ref) if with_dik else (),
    )
    return _replace(report, checks=_checks(report))


def _signatories(register: Register, role: str) -> tuple[Signatory, ...]:
    return tuple(Signatory(p.name, p.position) for p in register.office.people_with_role(role))


def _identity(basis: Basis, period: Period, ref: dt.date, today: dt.date) -> Identity:
    office, sop = basis.register.office, basis.register.sop
    return Identity(
        office=office.name, office_short=office.short_name, public_body=office.public_body, city=office.city,
        time_zone=office.tz_name, period_code=period.code, period_name=period.name, period_kind=period.kind,
        period_start=period.start, period_end=period.end, reference_day=ref, complete=period.end < today,
        today=today, commit=basis.history.head, sop=f"{sop.name} ({sop.number})",
        ppid=_signatories(basis.register, "ppid"), atasan_ppid=_signatories(basis.register, "atasan_ppid"),
    )


def _acceptance(basis: Basis, period: Period, ref: dt.date) -> Acceptance:
    merges = tuple(
        AcceptanceRow(day, a.merge.sha, a.person.name if a.person else a.merge.author_name, a.record_ids)
        for day, a in basis.acceptances if period.start <= day <= ref)
    reported, accepted, imported, pending = basis.once("reported", lambda: _reported_state(basis))
    for_period = _reported_for(basis, period)
    return Acceptance(
        merges=merges, accepted_in_period=sum(len(m.record_ids) for m in merges), reported=len(reported),
        reported_accepted=len(accepted), reported_imported=len(imported), pending=pending,
        for_period=len(for_period), for_period_accepted=sum(1 for f in for_period if f.history.accepted),
        reconciles=len(reported) == len(accepted) + len(imported) + len(pending),
    )


def _step4_day(fact: Fact) -> dt.date | None:
    days = [day for day, e in fact.events if e.kind == "langkah" and e.step == 4]
    return days[-1] if days else None


def _reported_state(basis: Basis) -> tuple:
    """The records reported (status dilaporkan): all, accepted, imported, and those pending."""
    reported = [f for f in basis.facts if f.status == "dilaporkan"]
    accepted = [f for f in reported if f.history.accepted is not None]
    imported = [f for f in reported if f.history.accepted is None and f.history.imported]
    pending = tuple(ItemRef(f.id, f.title, _step4_day(f), f.report_period or "")
                    for f in reported if f.history.accepted is None and not f.history.imported)
    return reported, accepted, imported, pending


def _reported_for(basis: Basis, period: Period) -> list[Fact]:
    """Records whose `laporan` period lies inside this report's period."""
    return basis.once(("reported_for", period), lambda: _covered(basis, period))


def _covered(basis: Basis, period: Period) -> list[Fact]:
    covered: dict[str, bool] = {}
    found = []
    for fact in basis.with_report_period:
        label = fact.report_period
        if label not in covered:
            try:
                covered[label] = period.covers(parse_period(label))
            except UsageError:
                covered[label] = False
        if covered[label]:
            found.append(fact)
    return found


def _items(basis: Basis, period: Period, ref: dt.date) -> tuple[ItemRow, ...]:
    accepted_ids = {rid for day, a in basis.acceptances if period.start <= day <= ref for rid in a.record_ids}
    rows = []
    dated = basis.touching(period.start, ref)
    words = basis.event_words
    # Every fact with something in the period: dated in it, or accepted in it.
    ids = {f.id for f in dated}
    for fact in dated if accepted_ids <= ids else (f for f in basis.facts if f.id in ids or f.id in accepted_ids):
        happened: list[str] = []
        if fact.determined and period.start <= fact.determined <= ref:
            happened.append("ditetapkan")
        for day, text in words[id(fact)]:
            if period.start <= day <= ref and text not in happened:
                happened.append(text)
        if any(period.start <= d <= ref for d in fact.reviews) and "peninjauan" not in happened:
            happened.append("peninjauan")
        if fact.id in accepted_ids:
            happened.append("diterima")
        if fact.opened and period.start <= fact.opened <= ref:
            happened.append("dibuka")
        if happened:
            rows.append(ItemRow(fact.id, fact.title, STATUS_LABEL.get(fact.status, fact.status),
                                ", ".join(fact.pasal), fact.determined, fact.opened, fact.report_period or "",
                                ", ".join(happened)))
    return tuple(rows)


def _dik(basis: Basis, period: Period, ref: dt.date) -> tuple[DikRow, ...]:
    """Every item in the DIK at some day of the period: still in it at the reference day, or opened in it."""
    return _dik_rows(basis, period.start, ref)


def register_dik(basis: Basis, today: dt.date) -> tuple[DikRow, ...]:
    """The whole register's flat DIK: every item determined by `today`, still exempt or opened (with
    when and why). The DIK of any past day is the rows determined by then and not yet opened."""
    return _dik_rows(basis, dt.date.min, today)


def _dik_rows(basis: Basis, start: dt.date, ref: dt.date) -> tuple[DikRow, ...]:
    rows = []
    for fact in basis.facts:
        opened_in_range = fact.opened is not None and start <= fact.opened <= ref
        if fact.dik_row is None or not (fact.in_dik(ref) or opened_in_range and fact.determined is not None):
            continue
        rows.append(dataclasses.replace(fact.dik_row, opened_on=fact.opened,
                                        open_reason=str(fact.record.get("dibuka.alasan") or ""))
                    if opened_in_range else fact.dik_row)
    return tuple(rows)


def _maker(reported: list[Fact], identity: Identity) -> Signatory | None:
    """The PPID who did the latest step 4 for this period's records, else the first PPID listed."""
    steps = [e for f in reported for e in f.history.events if e.kind == "langkah" and e.step == 4
             and e.person is not None and e.person.has_role("ppid")]
    if steps:
        last = max(steps, key=lambda e: (e.time, e.commit.sha))
        return Signatory(last.person.name, last.person.position)
    return identity.ppid[0] if identity.ppid else None


def _signature(basis: Basis, period: Period, today: dt.date, identity: Identity) -> Signature:
    reported = _reported_for(basis, period)
    made_by = _maker(reported, identity)
    accepted = [f.history.accepted for f in reported if f.history.accepted is not None]
    place_date = f"{identity.city}, {tanggal(today)}"
    if not reported or len(accepted) < len(reported):
        text = "belum diterima"
        if reported:
            text += f" ({len(accepted)} dari {len(reported)} catatan periode ini sudah diterima)"
        return Signature(place_date, made_by, identity.atasan_ppid[0] if identity.atasan_ppid else None, None, text)
    last = max(accepted, key=lambda a: (a.time, a.merge.sha))
    day = basis.day_of(last.time)
    person = (Signatory(last.person.name, last.person.position) if last.person
              else (identity.atasan_ppid[0] if identity.atasan_ppid else None))
    return Signature(place_date, made_by, person, day, f"diterima {tanggal(day)} (merge {last.merge.sha[:10]})")


def _checks(report: Report) -> tuple[Check, ...]:
    s, g, a, p = report.stock, report.grounds, report.acceptance, report.periods
    return (
        Check("stok", "Stok awal + ditambahkan − dibuka = stok akhir", s.reconciles,
              f"{s.at_start} + {s.added} − {s.opened} = {s.at_start + s.added - s.opened}; stok akhir {s.at_end}"),
        Check("dasar", "Jumlah per huruf = total + tambahan dari informasi berdasar lebih dari satu huruf",
              g.reconciles, f"{g.letters_sum_active} = {g.total_active} + {g.extra_letters_active}"),
        Check("penerimaan", "Setiap catatan berstatus dilaporkan sudah diterima atau tercatat menunggu",
              a.reconciles, f"{a.reported} = {a.reported_accepted} diterima + {a.reported_imported} diimpor + "
                            f"{len(a.pending)} menunggu"),
        Check("waktu", "Terendah ≤ median ≤ tertinggi pada setiap langkah", report.timing.consistent, ""),
        Check("berakhir", "Target 0: jangka waktu berakhir tetapi masih tertutup", not p.expired_still_closed,
              f"{len(p.expired_still_closed)} informasi", target=True),
        Check("tinjau", "Target 0: tinjau ulang terlambat", not p.reviews_overdue,
              f"{len(p.reviews_overdue)} informasi", target=True),
        Check("tidak_terbatas", "Target 0: jangka waktu tidak terbatas di luar Pasal 17 huruf g–j",
              not p.indefinite_not_allowed, f"{len(p.indefinite_not_allowed)} informasi", target=True),
        Check("tunggakan_warisan", "Target 0: catatan warisan yang masih kurang (uji konsekuensi, alasan, jangka waktu, "
              "penyimpanan, ...)", not report.documentation.backlog,
              f"{len(report.documentation.backlog)} informasi, "
              f"{sum(c.count for c in report.documentation.backlog_gaps)} kekurangan", target=True),
    )



def _notes(basis: Basis, ref: dt.date, identity: Identity) -> tuple[str, ...]:
    commit = identity.commit[:12] if identity.commit else "(bukan repositori Git)"
    return (
        f"Laporan ini dihitung oleh Registri dari isi catatan pada commit {commit} dan riwayat Git-nya; "
        "tidak ada angka yang diketik tangan.",
        "Sebuah informasi termasuk DIK pada suatu hari bila tanggal penetapannya (penetapan.tanggal) pada atau "
        "sebelum hari itu dan belum dibuka pada hari itu (dibuka.tanggal kosong atau sesudah hari itu). "
        "Stok awal dihitung pada hari sebelum periode mulai; stok akhir pada hari acuan.",
        f"Hari acuan laporan ini: {tanggal(ref)} (hari terakhir periode, atau hari pembuatan laporan bila "
        "periode belum selesai). Bagian IV–VII dan X menggambarkan informasi yang dikecualikan pada hari acuan.",
        "Ditambahkan: tanggal penetapan di dalam periode, dipilah menurut waktu uji konsekuensi. Dibuka: "
        "tanggal dibuka di dalam periode, dipilah menurut alasannya; tanggal dibuka yang lebih awal dari tanggal "
        "penetapan dianggap sama dengan tanggal penetapan. Ditinjau: catatan dengan entri peninjauan bertanggal "
        "di dalam periode atau commit 'Perubahan: peninjauan' di dalam periode.",
        "Informasi yang berdasar pada dua huruf Pasal 17 dihitung sekali pada jumlah total dan sekali pada setiap "
        "huruf; angka (mis. 17h.4) dihitung terpisah di bawah hurufnya.",
        f"Waktu commit dibaca dalam zona waktu kantor ({identity.time_zone}); batas periode adalah hari kalender "
        "di zona itu. Waktu kerja dihitung dalam menit jam kerja kantor (registri.yaml, jam_kerja) di luar hari "
        "libur, dari langkah sebelumnya; standar tiap langkah diambil dari sop.yaml.",
        "Angka periode lampau memakai tanggal yang tertulis di catatan saat ini (penetapan, dibuka, peninjauan); "
        "isi catatan pada masa lalu tidak dibaca ulang.",
        "Laporan diterima bila semua catatan yang kolom laporan-nya termasuk periode ini sudah digabungkan ke "
        "main oleh Atasan PPID; tanggal penerimaan adalah tanggal merge terakhir. Dibuat oleh: PPID yang "
        "mengerjakan langkah 4 terakhir untuk catatan periode ini, atau PPID pertama di registri.yaml.",
    )
