"""The report laid out as numbered sections of typed tables: one layout for CSV, XLSX, PDF and Markdown.

Each column has a type so every renderer formats the same value the same way: `int` counts,
`pct` shares (0..1), `num` other numbers, `date` calendar days, `text` words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from registri.report.figures import Count, DikRow, ItemRef, Report


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"          # text | int | num | pct | date | bool
    width: float = 1.0          # relative width in the PDF


@dataclass(frozen=True)
class Table:
    key: str                    # stable id, also the CSV `tabel` value
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    empty: str = "Tidak ada."   # shown instead of an empty table


@dataclass(frozen=True)
class Section:
    number: str                 # I .. XIII (XIII: checks, notes and signatures)
    key: str
    title: str
    tables: tuple[Table, ...]


SECTION_TITLES = (
    ("I", "identitas", "Identitas Laporan"),
    ("II", "penerimaan", "Penerimaan Laporan"),
    ("III", "stok", "Stok dan Arus Informasi yang Dikecualikan"),
    ("IV", "dasar", "Menurut Dasar Pengecualian (Pasal 17 UU 14/2008)"),
    ("V", "cakupan", "Cakupan Pengecualian dan Bentuk Layanan"),
    ("VI", "jangka_waktu", "Jangka Waktu Pengecualian"),
    ("VII", "dokumentasi", "Dokumentasi dan Penyimpanan"),
    ("VIII", "waktu_pos", "Standar Waktu POS"),
    ("IX", "jejak_audit", "Keutuhan Jejak Audit"),
    ("X", "tertua", "Sepuluh Informasi Dikecualikan Tertua"),
    ("XI", "perbandingan", "Perbandingan dengan Periode Sebelumnya"),
    ("XII", "daftar", "Daftar Informasi yang Berubah dalam Periode"),
)

CLOSING_NUMBER = "XIII"

_COUNT_COLS = (Column("kunci", "Kode", width=1.4), Column("uraian", "Uraian", width=3.2),
               Column("jumlah", "Jumlah", "int", 0.8))
_REF_COLS = (Column("id", "ID", width=1.2), Column("judul", "Informasi", width=3.6),
             Column("tanggal", "Tanggal", "date", 1.0), Column("keterangan", "Keterangan", width=1.6))


def _counts(key: str, title: str, counts: tuple[Count, ...]) -> Table:
    return Table(key, title, _COUNT_COLS, tuple((c.key, c.label, c.count) for c in counts))


def _refs(key: str, title: str, refs: tuple[ItemRef, ...], empty: str = "Tidak ada (target tercapai).") -> Table:
    return Table(key, title, _REF_COLS, tuple((r.id, r.title, r.day, r.detail) for r in refs), empty)


def _kv(key: str, title: str, pairs: list[tuple[str, str, Any]], kind: str = "int") -> Table:
    cols = (Column("kunci", "Kode", width=1.4), Column("uraian", "Uraian", width=3.2), Column("nilai", "Nilai", kind, 0.8))
    return Table(key, title, cols, tuple(pairs))


# Beyond this many rows the item list (section XII) is not printed in the PDF nor shown on the
# report's page: hundreds of pages help no reader, and a page of 9,000 table rows is slow to build
# and to open. Both say where the full list is — the same report's XLSX and CSV (issue 12).
ITEM_LIST_LIMIT = 300


def item_list_left_out(section: Section, table: Table, where: str) -> str | None:
    """The sentence shown instead of a long item list in `where` ("PDF ini", "halaman ini"), or None."""
    if table.key != "daftar" or len(table.rows) <= ITEM_LIST_LIMIT:
        return None
    return (f"{table.title}: {len(table.rows)} informasi. Daftar selengkapnya tidak dimuat di {where}; lihat lembar "
            f"\"{section.number} {section.title}\" pada berkas XLSX laporan yang sama, atau berkas CSV daftar "
            f"informasinya (…-informasi.csv).")


def report_sections(report: Report) -> tuple[Section, ...]:
    builders = (_identity, _acceptance, _stock, _grounds, _scope, _periods, _documentation, _timing, _audit,
                _oldest, _comparison, _items)
    numbered = tuple(Section(number, key, title, build(report))
                     for (number, key, title), build in zip(SECTION_TITLES, builders))
    # The closing part is numbered too: every sheet name and heading starts with its numeral.
    return numbered + (Section(CLOSING_NUMBER, "pengesahan", "Pemeriksaan, Catatan, dan Pengesahan", _closing(report)),)


def _closing(r: Report) -> tuple[Table, ...]:
    checks = Table("pemeriksaan", "Pemeriksaan",
                   (Column("kunci", "Kode", width=1.2), Column("uraian", "Pemeriksaan", width=3.2),
                    Column("jenis", "Jenis", width=0.8), Column("hasil", "Hasil", width=0.9),
                    Column("rincian", "Rincian", width=2.2)),
                   tuple((c.key, c.label, "target" if c.target else "hitungan", "sesuai" if c.ok else "TIDAK SESUAI",
                          c.detail) for c in r.checks))
    s = r.signature
    cols = (Column("kunci", "Kode", width=1.2), Column("uraian", "Uraian", width=1.8), Column("nilai", "Nilai", width=3.6))
    signature = Table("pengesahan", "Pengesahan", cols, (
        ("tempat_tanggal", "Tempat dan tanggal", s.place_date),
        ("dibuat_oleh", "Dibuat oleh (PPID)", s.made_by.name if s.made_by else "–"),
        ("dibuat_oleh_jabatan", "Jabatan", s.made_by.position if s.made_by else "–"),
        ("diterima_oleh", "Diterima oleh (Atasan PPID)", s.accepted_by.name if s.accepted_by else "–"),
        ("diterima_oleh_jabatan", "Jabatan", s.accepted_by.position if s.accepted_by else "–"),
        ("diterima_tanggal", "Tanggal diterima", s.accepted_on),
        ("status_penerimaan", "Status penerimaan", s.accepted_text),
    ))
    notes = Table("catatan", "Catatan perhitungan", (Column("no", "No", "int", 0.4), Column("catatan", "Catatan", width=6.0)),
                  tuple((n, text) for n, text in enumerate(r.notes, start=1)))
    return checks, signature, notes


def _identity(r: Report) -> tuple[Table, ...]:
    i = r.identity
    cols = (Column("kunci", "Kode", width=1.4), Column("uraian", "Uraian", width=1.6), Column("nilai", "Nilai", width=3.6))
    rows = [
        ("badan_publik", "Badan publik", i.public_body),
        ("kantor", "Kantor", i.office),
        ("periode", "Periode", f"{i.period_name} ({i.period_code})"),
        ("periode_mulai", "Mulai", i.period_start),
        ("periode_akhir", "Akhir", i.period_end),
        ("hari_acuan", "Hari acuan", i.reference_day),
        ("periode_selesai", "Periode sudah selesai", "ya" if i.complete else "belum"),
        ("zona_waktu", "Zona waktu", i.time_zone),
        ("pos", "POS", i.sop),
        ("commit", "Dihitung dari commit", i.commit or "(bukan repositori Git)"),
        ("tanggal_laporan", "Tanggal laporan", i.today),
    ]
    rows += [("ppid", "PPID", f"{p.name} — {p.position}") for p in i.ppid]
    rows += [("atasan_ppid", "Atasan PPID", f"{p.name} — {p.position}") for p in i.atasan_ppid]
    return (Table("identitas", "Identitas", cols, tuple(rows)),)


def _acceptance(r: Report) -> tuple[Table, ...]:
    a = r.acceptance
    merges = Table("merge", "Merge penerimaan dalam periode",
                   (Column("tanggal", "Tanggal", "date", 1.0), Column("merge", "Merge", width=1.0),
                    Column("oleh", "Diterima oleh", width=1.8), Column("jumlah", "Jumlah", "int", 0.7),
                    Column("catatan", "Catatan", width=3.0)),
                   tuple((m.day, m.merge[:10], m.person, len(m.record_ids), ", ".join(m.record_ids)) for m in a.merges),
                   "Tidak ada merge penerimaan dalam periode ini.")
    summary = _kv("ringkasan_penerimaan", "Ringkasan penerimaan", [
        ("diterima_dalam_periode", "Catatan diterima dalam periode", a.accepted_in_period),
        ("dilaporkan", "Catatan berstatus dilaporkan saat ini", a.reported),
        ("dilaporkan_diterima", "… sudah diterima", a.reported_accepted),
        ("dilaporkan_diimpor", "… diimpor tanpa jejak POS", a.reported_imported),
        ("dilaporkan_menunggu", "… menunggu penerimaan", len(a.pending)),
        ("laporan_periode_ini", "Catatan yang dilaporkan untuk periode ini", a.for_period),
        ("laporan_periode_ini_diterima", "… sudah diterima", a.for_period_accepted),
    ])
    pending = Table("menunggu", "Dilaporkan, belum diterima",
                    (Column("id", "ID", width=1.2), Column("judul", "Informasi", width=3.6),
                     Column("langkah_4", "Langkah 4", "date", 1.0), Column("laporan", "Periode laporan", width=1.2)),
                    tuple((p.id, p.title, p.day, p.detail) for p in a.pending),
                    "Tidak ada: semua catatan yang dilaporkan sudah diterima.")
    return summary, merges, pending


def _stock(r: Report) -> tuple[Table, ...]:
    s = r.stock
    flow = _kv("arus", "Stok dan arus", [
        ("stok_awal", "Stok awal", s.at_start), ("ditambahkan", "Ditambahkan", s.added),
        ("dibuka", "Dibuka", s.opened), ("stok_akhir", "Stok akhir", s.at_end),
        ("ditinjau", "Informasi ditinjau ulang", s.reviewed_items),
        ("entri_peninjauan", "Entri peninjauan", s.review_entries),
    ])
    return (flow, _counts("ditambahkan_menurut_uji", "Ditambahkan menurut waktu uji konsekuensi", s.added_by_test),
            _counts("dibuka_menurut_alasan", "Dibuka menurut alasan", s.opened_by_reason))


def _grounds(r: Report) -> tuple[Table, ...]:
    g = r.grounds
    rows = Table("pasal17", "Per huruf dan angka Pasal 17",
                 (Column("kode", "Kode", width=0.8), Column("tingkat", "Tingkat", width=0.8),
                  Column("uraian", "Uraian", width=4.0), Column("aktif", "Aktif", "int", 0.7),
                  Column("baru", "Baru", "int", 0.7)),
                 tuple((row.code, row.level, row.label, row.active, row.new) for row in g.rows))
    totals = _kv("jumlah_dasar", "Jumlah", [
        ("total_aktif", "Informasi dikecualikan (dihitung sekali)", g.total_active),
        ("total_baru", "Informasi baru (dihitung sekali)", g.total_new),
        ("jumlah_per_huruf", "Jumlah baris per huruf", g.letters_sum_active),
        ("tambahan_multi_huruf", "Tambahan dari informasi dengan lebih dari satu huruf", g.extra_letters_active),
    ])
    laws = Table("uu_17j", "Pasal 17 huruf j: Undang-Undang lain yang dirujuk",
                 (Column("uu", "Undang-Undang", width=1.2), Column("tentang", "Tentang", width=3.6),
                  Column("aktif", "Aktif", "int", 0.7), Column("baru", "Baru", "int", 0.7)),
                 tuple((law.law, law.about, law.active, law.new) for law in g.laws_17j),
                 "Tidak ada informasi berdasar Pasal 17 huruf j.")
    return rows, totals, laws


def _scope(r: Report) -> tuple[Table, ...]:
    s = r.scope
    return (_kv("cakupan", "Cakupan", [("seluruhnya", "Dikecualikan seluruhnya", s.whole),
                                      ("sebagian", "Dikecualikan sebagian", s.partial)]),
            _counts("bentuk_layanan", "Bentuk layanan yang ditawarkan", s.forms))


def _periods(r: Report) -> tuple[Table, ...]:
    p = r.periods
    return (_counts("jenis", "Menurut jenis jangka waktu", p.by_type),
            _counts("sisa_waktu", "Sisa jangka waktu tetap pada hari acuan", p.remaining),
            _refs("berakhir_masih_tertutup", "Jangka waktu berakhir tetapi masih tertutup (target 0)", p.expired_still_closed),
            _refs("tinjau_ulang_terlambat", "Tinjau ulang terlambat (target 0)", p.reviews_overdue),
            _refs("tidak_terbatas_terlarang", "Tidak terbatas di luar Pasal 17 huruf g–j (target 0)", p.indefinite_not_allowed))


def _documentation(r: Report) -> tuple[Table, ...]:
    d = r.documentation
    summary = _kv("dokumentasi", "Bentuk dokumentasi dan pengamanan", [
        ("softcopy_saja", "Softcopy saja", d.softcopy_only), ("hardcopy_saja", "Hardcopy saja", d.hardcopy_only),
        ("keduanya", "Softcopy dan hardcopy", d.both), ("belum", "Belum didokumentasikan", d.not_documented),
        ("pengamanan", "Pengamanan tercatat", d.securing_recorded),
        ("sidik_jari", "Softcopy dengan sidik jari SHA-256", d.fingerprints), ("softcopy", "Jumlah softcopy", d.softcopies),
    ])
    gaps = Table("tunggakan_per_kekurangan", "Tunggakan catatan warisan per kekurangan", _COUNT_COLS,
                 tuple((c.key, c.label, c.count) for c in d.backlog_gaps), "Tidak ada catatan warisan yang masih kurang.")
    entries = _refs("tunggakan_warisan", "Tunggakan catatan warisan per catatan (tertua lebih dahulu)", d.backlog,
                    "Tidak ada catatan warisan yang masih kurang.")
    return summary, _refs("kurang", "Sudah didokumentasikan tetapi ada yang kurang", d.missing, "Tidak ada."), gaps, entries


def _timing(r: Report) -> tuple[Table, ...]:
    t = r.timing
    steps = Table("per_langkah", "Waktu kerja per langkah (menit)",
                  (Column("langkah", "Langkah", "int", 0.7), Column("standar", "Standar", "int", 0.7),
                   Column("jumlah", "Jumlah", "int", 0.7), Column("median", "Median", "num", 0.8),
                   Column("rata_rata", "Rata-rata", "num", 0.8), Column("terendah", "Terendah", "int", 0.8),
                   Column("tertinggi", "Tertinggi", "int", 0.8), Column("sesuai", "Sesuai standar", "int", 0.8),
                   Column("persen_sesuai", "% sesuai", "pct", 0.8)),
                  tuple((s.step, s.standard, s.count, s.median, s.mean, s.lowest, s.highest, s.within, s.share_within)
                        for s in t.steps))
    slowest = Table("terlama", "Lima yang terlama",
                    (Column("id", "ID", width=1.2), Column("langkah", "Langkah", "int", 0.7),
                     Column("menit", "Menit", "int", 0.7), Column("standar", "Standar", "int", 0.7),
                     Column("pelaksana", "Pelaksana", width=2.2), Column("tanggal", "Tanggal", "date", 1.0)),
                    tuple((s.record_id, s.step, s.minutes, s.standard, s.person, s.day) for s in t.slowest),
                    "Tidak ada langkah yang tercatat dalam periode ini.")
    return steps, slowest


def _audit(r: Report) -> tuple[Table, ...]:
    a = r.audit
    summary = _kv("commit", "Commit dalam periode", [
        ("commit", "Commit pada catatan", a.commits), ("merge", "Merge", a.merges),
        ("bertanda_tangan", "Bertanda tangan sah", a.signed),
    ])
    share = _kv("tanda_tangan", "Bagian commit bertanda tangan", [("persen", "Bertanda tangan sah", a.signed_share)], "pct")
    findings = _counts("temuan_audit", "Temuan audit per kode", a.findings)
    if not a.checked:
        findings = Table(findings.key, findings.title, findings.columns, (), "Audit tidak dijalankan untuk laporan ini.")
    elif not a.findings:
        findings = Table(findings.key, findings.title, findings.columns, (), "Tidak ada temuan audit.")
    return summary, share, findings


def _oldest(r: Report) -> tuple[Table, ...]:
    return (Table("tertua", "Sepuluh tertua",
                  (Column("id", "ID", width=1.35), Column("judul", "Informasi", width=2.9),
                   Column("penetapan", "Penetapan", "date", 1.15), Column("umur_hari", "Umur (hari)", "int", 0.8),
                   Column("umur", "Umur", width=1.2), Column("dasar", "Dasar", width=0.9),
                   Column("tinjau_ulang", "Tinjau ulang", "date", 1.15)),
                  tuple((o.id, o.title, o.determined_on, o.age_days, o.age_text, o.grounds, o.next_review)
                        for o in r.oldest)),)


def _comparison(r: Report) -> tuple[Table, ...]:
    return (Table("perbandingan", f"Dibandingkan dengan {r.previous_period}",
                  (Column("kunci", "Kode", width=1.6), Column("uraian", "Uraian", width=3.0),
                   Column("periode_ini", "Periode ini", "int", 0.9), Column("sebelumnya", "Sebelumnya", "int", 0.9),
                   Column("selisih", "Selisih", "int", 0.8)),
                  tuple((c.key, c.label, c.current, c.previous, c.change) for c in r.comparison)),)


def _items(r: Report) -> tuple[Table, ...]:
    return (Table("daftar", "Informasi yang berubah dalam periode",
                  (Column("id", "ID", width=1.35), Column("judul", "Informasi", width=2.8),
                   Column("status", "Status", width=1.2), Column("dasar", "Dasar", width=0.9),
                   Column("penetapan", "Penetapan", "date", 1.15), Column("dibuka", "Dibuka", "date", 1.15),
                   Column("laporan", "Laporan", width=0.95), Column("kejadian", "Kejadian dalam periode", width=1.6)),
                  tuple((i.id, i.title, i.status, i.grounds, i.determined_on, i.opened_on, i.report_period, i.happened)
                        for i in r.items),
                  "Tidak ada informasi yang berubah dalam periode ini."),)


DIK_COLUMNS = (
    Column("id", "ID", width=1.2), Column("judul", "Informasi", width=3.0), Column("unit_penguasa", "Unit penguasa"),
    Column("status", "Status"), Column("pasal", "Pasal 17"), Column("dasar_hukum", "Dasar hukum", width=2.0),
    Column("penetapan_nomor", "Nomor penetapan"), Column("penetapan_tanggal", "Tanggal penetapan", "date"),
    Column("uji_konsekuensi_nomor", "Nomor uji konsekuensi"),
    Column("uji_konsekuensi_tanggal", "Tanggal uji konsekuensi", "date"),
    Column("uji_konsekuensi_waktu", "Waktu uji konsekuensi"), Column("jangka_waktu_jenis", "Jenis jangka waktu"),
    Column("jangka_waktu", "Jangka waktu", width=2.0), Column("jangka_waktu_mulai", "Mulai", "date"),
    Column("jangka_waktu_berakhir", "Berakhir", "date"), Column("tinjau_ulang", "Tinjau ulang", "date"),
    Column("keamanan", "Tingkat keamanan"), Column("sebagian", "Dikecualikan sebagian", "bool"),
    Column("dokumentasi", "Bentuk dokumentasi"), Column("laporan", "Periode laporan"),
    Column("dibuka_tanggal", "Dibuka", "date"), Column("dibuka_alasan", "Alasan dibuka"),
)


def dik_table(report: Report) -> Table:
    """The flat DIK of one period: one row per record, one column per field, for a spreadsheet."""
    return flat_dik_table(report.dik, f"Daftar Informasi yang Dikecualikan dalam periode {report.identity.period_name}",
                          "Tidak ada informasi yang dikecualikan dalam periode ini.")


def flat_dik_table(dik: Iterable[DikRow], title: str, empty: str) -> Table:
    rows = tuple((d.id, d.title, d.unit, d.status, d.grounds, d.legal_basis, d.determination_no, d.determined_on,
                  d.test_no, d.test_on, d.test_time, d.period_type, d.period_text, d.period_start, d.period_end,
                  d.review, d.security, d.partial, d.documentation, d.report_period, d.opened_on, d.open_reason)
                 for d in dik)
    return Table("dik", title, DIK_COLUMNS, rows, empty)


def format_value(value: Any, kind: str) -> str:
    """Text for Markdown and PDF cells (CSV/XLSX keep the typed value)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if kind == "pct":
        return f"{value * 100:.1f}%".replace(".", ",")
    if kind == "num":
        return (f"{value:.1f}" if isinstance(value, float) else str(value)).replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)
