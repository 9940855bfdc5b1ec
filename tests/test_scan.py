"""`registri scan`: personal data, secrets and stray documents are caught; letter numbers are not.

Every identifier here is generated from its documented structure (fictional, never a real
person's); secret markers are assembled from pieces so this file itself passes the hooks.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import PROJECT, registri
from registri.catalog import all_rules
from registri.findings import Level
from registri.scan import RULES, is_nik, is_nip, mask, text_hits

SAMPLE = PROJECT / "records" / "2026" / "DIK-2026-003.yaml"


# --- generators of fictional, valid-shaped identifiers -------------------------------------------

def make_nik(province: str = "63", regency: str = "72", district: str = "04",
             born: dt.date = dt.date(1990, 3, 14), female: bool = False, serial: int = 17) -> str:
    day = born.day + (40 if female else 0)
    return f"{province}{regency}{district}{day:02d}{born:%m%y}{serial:04d}"


def make_nip(born: dt.date = dt.date(1986, 9, 26), appointed: str = "201505", sex: int = 1,
             serial: int = 1, spaced: bool = False) -> str:
    parts = (f"{born:%Y%m%d}", appointed, str(sex), f"{serial:03d}")
    return " ".join(parts) if spaced else "".join(parts)


def make_phone(prefix: str = "0812", groups: tuple[str, ...] = ("0000", "4217")) -> str:
    return "-".join((prefix, *groups))


PRIVATE_KEY = "-----BEGIN " + "OPENSSH PRIVATE" + " KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END " + "OPENSSH PRIVATE KEY-----"
GITHUB_TOKEN = "ghp" + "_" + "Zq4Rk8TmW2xY7pLn3Vb6Hc9Jd1Fs5Ga0Eu2Qw"
AWS_KEY = "AKIA" + "Q3FAKE7EXAMPLE42"


# --- detectors: each kind fires on realistic text ------------------------------------------------

POSITIVES = [
    ("SCN001", f"Biodata peserta: NIK {make_nik()} tercantum di lampiran."),
    ("SCN001", f"nik: {make_nik(province='31', regency='71', born=dt.date(2001, 12, 31), female=True)}"),
    ("SCN001", f"Nomor induk {make_nik(born=dt.date(1984, 2, 29), female=True)} perlu dicek"),   # leap day, woman
    ("SCN001", "KTP: " + " ".join(make_nik()[i:i + 4] for i in range(0, 16, 4))),               # written 4-4-4-4
    ("SCN001", "NIK " + ".".join((make_nik()[:6], make_nik()[6:12], make_nik()[12:]))),         # written 6.6.4
    ("SCN002", f"Pegawai dengan NIP {make_nip(spaced=True)} mengajukan cuti sakit."),
    ("SCN002", f"nip: {make_nip(born=dt.date(1975, 1, 2), appointed='200003', sex=2, serial=12)}"),
    ("SCN002", f"NI PPPK {make_nip(born=dt.date(1992, 5, 17), appointed='202302', spaced=True)}"),
    ("SCN003", "NPWP rekanan 09.254.294.3-407.000 tertulis pada kontrak."),
    ("SCN003", "npwp: 092542943407000"),
    ("SCN004", "Daftar siswa penerima: 0098765431 dan lain-lain."),
    ("SCN004", "NISN: 3112345678"),
    ("SCN005", f"Hubungi pelapor di {make_phone()} untuk klarifikasi."),
    ("SCN005", "Telp. +62 812 0000 4217"),
    ("SCN005", "WA 6281200004217"),
    ("SCN005", "hp: 085700001234"),
    ("SCN006", "Kirim salinan ke pelapor.fiktif42@contoh-fiktif.co.id segera."),
    ("SCN007", "Honor ditransfer ke rekening BRI 0123-01-000042-50-9 atas nama peserta."),
    ("SCN007", "No. Rek. 1400000042117 (Mandiri)"),
    ("SCN007", "Bank Kalsel 0010004217"),
    ("SCN008", "NUPTK guru pendamping: 4539 7646 6530 0012"),
    ("SCN008", "NRG 081263042017 tercantum pada sertifikat pendidik."),
    ("SCN009", "Mahasiswa magang dengan NIM A1C020045 mengikuti kegiatan."),
    ("SCN010", PRIVATE_KEY),
    ("SCN011", f"token: {GITHUB_TOKEN}"),
    ("SCN011", f"aws_access_key_id = {AWS_KEY}"),
    ("SCN011", "github" + "_pat_" + "11AB2CD3E0" + "q" * 20 + "Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9EdCbA0123456789ab"),
    ("SCN012", "password: Banjar#2026!"),
    ("SCN012", "Kata sandi: PpidKalsel2026"),
    ("SCN013", "api_key: 'q7Z2mK9xP4vR8tL1nB6cW3yH5jF0sD2g'"),
]


@pytest.mark.parametrize(("code", "text"), POSITIVES, ids=[f"{c}-{i}" for i, (c, _) in enumerate(POSITIVES)])
def test_each_kind_is_found(code, text):
    assert [hit.code for hit in text_hits(text)] == [code]


NEGATIVES = [
    "nomor: 0412/B12/HM.01.00/2026",
    "nomor: 15/B12/HK.03.01/2026",
    "nomor: 0812/B12/KP.05.03/2026",                      # starts like a phone number
    "nomor: 081200004217/UN16/KP/2026",                   # phone-length digits inside a letter number
    "nomor: B-08120000421/BPMP.KS/PL.01.02/2026",
    "nomor: 6372041403900017/B12/HK/2026",                # NIK-shaped digits inside a letter number
    "sha256: 3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
    "sha256: 1063721403900017ab3f60a08032cd9cfbaa79bdd626c89ead60f85f0e0951017056", # digit run inside hex
    "id: DIK-2026-003",
    "tanggal: 2026-02-03, tinjau ulang 2027-01-28, sejak 03-02-2026",
    "tahun: 2008",
    "Nilai kontrak Rp 1.250.000.000 dibayar melalui rekening kas negara.",
    "Rekening pagu Rp1250000000 untuk honorarium.",
    "Nomor seri 1234567890123456 tidak valid sebagai NIK",        # province 12, but day 78 impossible
    "Angka 9972041403900017 bukan NIK: kode provinsi 99 tidak ada.",
    "transfer ke rekening sebesar Rp 1.250.000.000 pada 2026-03-02",
    "Nomor peserta 0098765431 tanpa kata kunci anak",
    "surel: nurul.hasanah@bpmp-kalsel.example",
    "kontak: admin@example.com, uji@server.test",
    "pengamanan: brankas kata sandi terenkripsi dengan autentikasi dua faktor",
    "kata sandi: disimpan di brankas TIK, dipegang dua administrator",
    'lokasi: "brankas-kata-sandi-tik:/infrastruktur/konfigurasi-2025"',
    "password: ********",
    "password: <isi-dari-brankas>",
    "token_status: dicabut_semua_tanggal_2026",
    "Program Sekolah Penggerak dilaksanakan secara Mandiri Berubah tahun 2026 untuk 1500 siswa.",
    "Anggaran DIPA 023.15.2.690551/2026 tanggal 2025-12-05",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_record_text_stays_quiet(text):
    hits = text_hits(text)
    assert hits == [], [(h.code, text[h.start:h.end]) for h in hits]


def test_every_scan_rule_has_a_firing_example():
    assert {code for code, _ in POSITIVES} | {"SCN020", "SCN021", "SCN022"} == {r.code for r in RULES}


def test_rules_are_in_the_catalogue_and_secrets_are_never_waivable():
    catalogue = all_rules()
    for rule in RULES:
        assert catalogue[rule.code] is rule
        assert rule.title and rule.meaning and rule.fix
        assert rule.level is Level.ERROR  # every scan finding blocks the commit
        assert rule.waivable == (rule.code <= "SCN009")  # personal-data shapes only; never secrets
        assert ("abaikan_aturan" in rule.meaning)
    assert {r.code for r in RULES if not r.waivable} >= {"SCN010", "SCN011", "SCN012", "SCN013", "SCN020", "SCN021"}


def test_field_hits_name_the_field_for_an_import_row():
    from registri.scan import field_hits
    row = {"judul": "Biodata guru", "uraian": "Kontak pelapor (0511) 4772000, NUPTK 4539 7646 6530 0012",
           "unit_penguasa": "Tim Kerja Pemetaan Mutu", "tahun": 2026}
    hits = field_hits(row)
    assert [(name, hit.code) for name, hit in hits] == [("uraian", "SCN005"), ("uraian", "SCN008")]
    assert all("4772000" not in hit.message for _, hit in hits)
    assert field_hits({"judul": "Hasil asesmen kompetensi 2026"}) == []


# --- structure checks ----------------------------------------------------------------------------

def test_nik_structure():
    assert is_nik(make_nik())
    assert is_nik(make_nik(born=dt.date(2000, 2, 29), female=True))
    assert not is_nik(make_nik(province="20"))                       # no such province
    assert not is_nik(make_nik(regency="00"))
    assert not is_nik(make_nik(serial=0))
    assert not is_nik(make_nik()[:6] + "300290" + "0017")            # 30 February
    assert not is_nik(make_nik()[:6] + "291397" + "0017")            # month 13
    assert not is_nik(make_nik()[:6] + "720190" + "0017")            # woman's day 72 - 40 = 32


def test_nip_structure():
    assert is_nip(make_nip())
    assert is_nip(make_nip(born=dt.date(1966, 4, 30), appointed="202503", sex=2))   # PPPK appointed at 58
    assert not is_nip(make_nip(appointed="200001"))                  # appointed at 13
    assert not is_nip(make_nip(appointed="205001"))                  # appointed at 63
    assert not is_nip(make_nip(sex=3))
    assert not is_nip(make_nip(serial=0))
    assert not is_nip(make_nip(born=dt.date(1925, 1, 1), appointed="195001"))
    assert not is_nip("198609312015051001")                          # 31 September
    assert not is_nip("198609262015131001")                          # appointed in month 13
    assert is_nip("199007212023211005")                              # NI PPPK: year 2023, code 21
    assert not is_nip("199007212005211005")                          # NI PPPK appointed at 15


def test_mask_keeps_at_most_a_quarter_at_each_end():
    assert mask("3171010101900001") == "3171********0001"
    assert mask("0812-0000-4217") == "081******217"
    assert mask("19860926 201505 1 001") == "1986**********1001"


# --- the command on files ------------------------------------------------------------------------

def _record_with(text: str, waive: list[str] | None = None) -> str:
    lines = SAMPLE.read_text(encoding="utf-8").rstrip("\n").splitlines()
    out = []
    for line in lines:
        out.append(line)
        if line.startswith("unit_penguasa:"):
            out.append(f"catatan_internal: {text!s}")  # not a schema field: scan reads raw text anyway
    if waive:
        out.append("abaikan_aturan:")
        for code in waive:
            out += [f"  - kode: {code}", "    alasan: Nomor layanan resmi kantor yang diumumkan di situs web, bukan data pribadi."]
    return "\n".join(out) + "\n"


def _line_of(content: str, needle: str) -> int:
    return next(i for i, line in enumerate(content.splitlines(), 1) if needle in line)


def _write(register: Path, name: str, content: str | bytes) -> Path:
    path = register / "records" / "2026" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_sample_register_passes(register_copy):
    result = registri(register_copy, "scan")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tidak ada data pribadi" in result.stdout


def test_project_sample_register_passes():
    result = registri(PROJECT, "scan", "--format", "json")
    assert result.returncode == 0, result.stdout
    payload = json.loads(result.stdout)
    assert payload["temuan"] == [] and payload["berkas_dipindai"] >= 12


def test_a_nik_is_reported_with_line_and_masked(register_copy):
    nik = make_nik(female=True)
    content = _record_with(f"NIK pelapor {nik}")
    _write(register_copy, "DIK-2026-099.yaml", content)
    result = registri(register_copy, "scan", "records/2026/DIK-2026-099.yaml")
    assert result.returncode == 1
    line = _line_of(content, "NIK pelapor")
    assert f"records/2026/DIK-2026-099.yaml:{line}: SCN001 [kesalahan]" in result.stdout
    assert nik not in result.stdout + result.stderr
    assert mask(nik) in result.stdout
    assert "Traceback" not in result.stderr


def test_json_output_masks_values_too(register_copy):
    phone = make_phone()
    content = _record_with(f"HP pelapor {phone}")
    _write(register_copy, "DIK-2026-099.yaml", content)
    result = registri(register_copy, "scan", "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    line = _line_of(content, "HP pelapor")
    assert [(f["code"], f["line"], f["path"]) for f in payload["temuan"]] == [("SCN005", line, "records/2026/DIK-2026-099.yaml")]
    assert phone not in result.stdout and phone.replace("-", "") not in result.stdout


def test_a_justified_exception_waives_a_personal_data_code(register_copy):
    _write(register_copy, "DIK-2026-099.yaml", _record_with(f"Layanan PPID {make_phone()}", waive=["SCN005"]))
    assert registri(register_copy, "scan").returncode == 0
    _write(register_copy, "DIK-2026-099.yaml", _record_with(f"Layanan PPID {make_phone()}", waive=["SCN006"]))
    assert registri(register_copy, "scan").returncode == 1        # waives another code only


def test_new_classes_in_a_record_are_found_masked_and_waivable(register_copy):
    content = _record_with("Guru pendamping NUPTK 4539 7646 6530 0012, telp. (0511) 4772000")
    _write(register_copy, "DIK-2026-099.yaml", content)
    result = registri(register_copy, "scan", "records/2026/DIK-2026-099.yaml")
    assert result.returncode == 1
    line = _line_of(content, "Guru pendamping")
    assert f"DIK-2026-099.yaml:{line}: SCN008 [kesalahan] Ada NUPTK (4539********0012)" in result.stdout
    assert f"DIK-2026-099.yaml:{line}: SCN005 [kesalahan] Ada nomor telepon kantor/rumah" in result.stdout
    assert "4772000" not in result.stdout and "7646" not in result.stdout
    assert "(SCN001-SCN009)" in result.stdout
    _write(register_copy, "DIK-2026-099.yaml", _record_with("Layanan NUPTK 4539 7646 6530 0012", waive=["SCN008"]))
    assert registri(register_copy, "scan").returncode == 0


def test_a_private_key_can_never_be_waived(register_copy):
    body = _record_with("|", waive=["SCN010"]).replace("catatan_internal: |", "catatan_internal: |\n  "
                                                       + PRIVATE_KEY.replace("\n", "\n  "))
    _write(register_copy, "DIK-2026-099.yaml", body)
    result = registri(register_copy, "scan")
    assert result.returncode == 1
    assert "SCN010 [kesalahan]" in result.stdout
    assert "tidak dapat dikecualikan" in result.stdout


def test_a_file_the_yaml_loader_rejects_is_still_scanned(register_copy):
    broken = f"id: DIK-2026-099\nid: DIK-2026-099\njudul: [tidak ditutup\nnip: {make_nip()}\n"
    _write(register_copy, "DIK-2026-099.yaml", broken)
    result = registri(register_copy, "scan")
    assert result.returncode == 1
    assert "DIK-2026-099.yaml:4: SCN002" in result.stdout


def test_documents_and_binaries_under_records_are_refused(register_copy):
    _write(register_copy, "hasil-asesmen.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\nendobj\n")
    _write(register_copy, "catatan.txt", "Ringkasan rapat tanpa data pribadi.\n")
    _write(register_copy, "DIK-2026-098.yaml", b"id: DIK-2026-098\njudul: Daftar \xff\xfe\n")
    (register_copy / "records" / "2026" / ".gitkeep").write_text("")           # allowed placeholder
    result = registri(register_copy, "scan")
    assert result.returncode == 1
    out = result.stdout
    assert "records/2026/hasil-asesmen.pdf:4: SCN021 [kesalahan] Berkas biner (berisi byte NUL)" in out
    assert "records/2026/catatan.txt: SCN020 [kesalahan]" in out
    assert "records/2026/DIK-2026-098.yaml:2: SCN021" in out and "bukan teks UTF-8" in out
    assert ".gitkeep" not in out


def test_an_oversized_file_is_refused_without_reading_it_all(register_copy):
    _write(register_copy, "DIK-2026-097.yaml", "uraian: " + "teks panjang " * 200_000 + "\n")
    result = registri(register_copy, "scan", "records/2026/DIK-2026-097.yaml")
    assert result.returncode == 1
    assert "SCN022 [kesalahan]" in result.stdout


def test_files_outside_records_get_only_the_content_rules(register_copy):
    notes = register_copy / "catatan-rapat.md"
    notes.write_text(f"Tindak lanjut oleh {make_phone()}\n", encoding="utf-8")
    result = registri(register_copy, "scan", "catatan-rapat.md")
    assert result.returncode == 1
    assert "catatan-rapat.md:1: SCN005" in result.stdout and "SCN020" not in result.stdout


def test_a_missing_file_is_a_usage_error(register_copy):
    result = registri(register_copy, "scan", "records/2026/tidak-ada.yaml")
    assert result.returncode == 2
    assert "tidak ditemukan" in result.stderr and "Traceback" not in result.stderr
