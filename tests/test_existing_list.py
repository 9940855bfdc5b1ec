"""Reading published DIK lists: header words, free-text legal basis and periods, and hostile files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import TODAY, copy_register, git, init_repo, registri
from registri.existing_list import find_layout, header_key, read_forms, split_units
from registri.legal_text import read_legal_basis, read_period
from registri.pasal17 import load_pasal17
from test_adopt import write_csv

T = load_pasal17()
START = dt.date(2025, 4, 30)
ENV = {"REGISTRI_TODAY": TODAY, "GIT_AUTHOR_DATE": "2026-11-24T09:00:00+08:00",
       "GIT_COMMITTER_DATE": "2026-11-24T09:00:00+08:00"}


@pytest.mark.parametrize("header, key", [
    ("Informasi yang Dikecualikan", "informasi"), ("Jenis Informasi yang Dikecualikan", "informasi"),
    ("Judul", "informasi"), ("Nama Dokumen", "informasi"),
    ("Ringkasan Isi Informasi", "ringkasan"), ("Uraian", "ringkasan"),
    ("Unit Kerja", "unit_kerja"), ("Pejabat/Unit yang Menguasai Informasi", "unit_kerja"),
    ("Satuan Kerja", "unit_kerja"), ("Dasar Hukum", "dasar_hukum"), ("Dasar Hukum Pengecualian", "dasar_hukum"),
    ("Alasan Pengecualian", "alasan"),
    ("Konsekuensi jika Dibuka", "jika_dibuka"), ("Konsekuensi apabila informasi dibuka", "jika_dibuka"),
    ("Konsekuensi jika Ditutup", "jika_ditutup"), ("Konsekuensi", "jika_dibuka"),
    ("Jangka Waktu", "jangka_waktu"), ("Jangka Waktu Pengecualian", "jangka_waktu"), ("Masa Pengecualian", "jangka_waktu"),
    ("Bentuk Informasi", "bentuk"), ("Nomor SK", "penetapan_nomor"), ("Tanggal SK", "penetapan_tanggal"),
    ("Tanggal Penetapan", "penetapan_tanggal"), ("SK Penetapan", "penetapan"), ("No", "no"), ("No.", "no"),
    ("Keterangan", "keterangan"), ("Tanda tangan", None), ("", None),
])
def test_header_words(header: str, key: str | None) -> None:
    assert header_key(header) == key


def test_title_rows_two_row_header_and_numbering_row() -> None:
    grid = [["DAFTAR INFORMASI YANG DIKECUALIKAN", None, None, None],
            [None, None, None, None],
            ["No", "Informasi yang Dikecualikan", "Konsekuensi", None],
            [None, None, "Jika Dibuka", "Jika Ditutup"],
            ["1", "2", "3", "4"],
            ["1", "Dokumen penawaran tender 2025", "x", "y"]]
    layout = find_layout(grid)
    assert layout.header_rows == (2, 3) and layout.first_data == 5
    assert layout.columns == {0: "no", 1: "informasi", 2: "jika_dibuka", 3: "jika_ditutup"}


def test_a_data_row_under_the_header_is_not_taken_for_a_second_header() -> None:
    grid = [["No", "Informasi yang Dikecualikan", "Jangka Waktu"],
            ["1", "Dokumen penawaran", "5 tahun"]]
    layout = find_layout(grid)
    assert layout.header_rows == (0,) and layout.first_data == 1


def test_no_dik_header_is_none() -> None:
    assert find_layout([["Nama", "Alamat"], ["Budi", "Jl. Mawar"]]) is None


def test_units_and_forms() -> None:
    assert split_units("Subbagian Umum\nTim Kerja Kepegawaian") == ["Subbagian Umum", "Tim Kerja Kepegawaian"]
    assert split_units("1. Bidang SD 2. Bidang SMP") == ["Bidang SD", "Bidang SMP"]
    assert split_units("Subbagian Umum, Kepegawaian dan Keuangan") == ["Subbagian Umum, Kepegawaian dan Keuangan"]
    assert read_forms("Softcopy dan hardcopy") == ["cetak", "elektronik"]
    assert read_forms("Dokumen cetak") == ["cetak"] and read_forms("lainnya") == []


@pytest.mark.parametrize("text, codes, laws", [
    ("Pasal 17 huruf h angka 2 UU No. 14 Tahun 2008", ("17h.2",), {(14, 2008)}),
    ("Pasal 17 huruf b dan huruf i UU KIP", ("17b", "17i"), {(14, 2008)}),
    ("Pasal 17 huruf h angka 1, 2 dan 3", ("17h.1", "17h.2", "17h.3"), {(14, 2008)}),
    ("Pasal 17 huruf c angka 1 sampai 3", ("17c.1", "17c.2", "17c.3"), {(14, 2008)}),
    ("Pasal 17 (h) UU KIP", ("17h",), {(14, 2008)}),
    ("Pasal 17 huruf j UU 14/2008 jo. UU 11/2008", ("17j",), {(14, 2008), (11, 2008)}),
    ("UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi", (), {(27, 2022)}),
    ("Pasal 17 UU 14/2008", (), {(14, 2008)}),
    ("Pasal 17 UU No 27 Tahun 2022", (), {(27, 2022)}),        # another law's Pasal 17: not ours
    ("PP Nomor 61 Tahun 2010", (), {(61, 2010)}),
])
def test_legal_basis_reading(text: str, codes: tuple, laws: set) -> None:
    read = read_legal_basis(text, T)
    assert read.codes == codes and {(l["nomor"], l["tahun"]) for l in read.laws} == laws


def test_bare_pasal_17_only_for_uu_kip() -> None:
    assert read_legal_basis("Pasal 17 UU 14/2008", T).bare_17
    assert read_legal_basis("Pasal 17", T).bare_17
    assert not read_legal_basis("Pasal 17 UU No 27 Tahun 2022", T).bare_17
    assert not read_legal_basis("Pasal 17 huruf h", T).bare_17


def test_an_impossible_code_is_not_read() -> None:
    read = read_legal_basis("Pasal 17 huruf h angka 7", T)
    assert read.codes == () and "bukan kode Pasal 17" in read.notes[0]


@pytest.mark.parametrize("text, kind, extra", [
    ("5 (lima) tahun", "durasi_tetap", {"tahun": 5, "berakhir": dt.date(2030, 4, 30)}),
    ("Lima Tahun", "durasi_tetap", {"tahun": 5}),
    ("3 tahun sejak ditetapkan", "durasi_tetap", {"tahun": 3}),
    ("sampai pengumuman hasil seleksi", "sampai_peristiwa", {"peristiwa": "Pengumuman hasil seleksi"}),
    ("Sampai hasil seleksi diumumkan", "sampai_peristiwa", {"peristiwa": "Hasil seleksi diumumkan"}),
    ("sampai ada persetujuan tertulis dari yang bersangkutan", "sampai_persetujuan", {}),
    ("Tidak terbatas", "tidak_terbatas", {}),
    ("selamanya", "tidak_terbatas", {}),
])
def test_period_reading(text: str, kind: str, extra: dict) -> None:
    value = read_period(text, START).value
    assert value["jenis"] == kind and value["mulai"] == START
    assert all(value[k] == v for k, v in extra.items())


def test_period_with_a_condition() -> None:
    value = read_period("1 tahun, atau sampai ada persetujuan", START).value
    assert value["jenis"] == "durasi_tetap" and value["tahun"] == 1
    assert value["atau"]["jenis"] == "sampai_persetujuan"


@pytest.mark.parametrize("text", ["selama masih menjabat", "2 tahun setelah pengumuman", "-", "",
                                  "tidak terbatas atau 5 tahun", "300 tahun"])
def test_ambiguous_periods_are_not_read(text: str) -> None:
    period = read_period(text, START)
    assert period.value is None and period.note


# Hostile files through the command -----------------------------------------------------------

@pytest.fixture
def repo(tmp_path: Path) -> Path:
    path = init_repo(copy_register(tmp_path / "repo", with_records=False))
    git(path, "add", "registri.yaml")
    git(path, "commit", "-q", "-m", "Siapkan register")
    return path


HEADER = ["No", "Informasi yang Dikecualikan", "Dasar Hukum", "Jangka Waktu", "Unit Kerja"]
ROW = ["1", "Dokumen penawaran peserta tender pengadaan laptop 2025", "Pasal 17 huruf b UU KIP", "1 tahun",
       "Pokja Pemilihan"]


def existing(repo: Path, file: Path, *extra: str):
    result = registri(repo, "import", "--existing", str(file), *extra, env=ENV)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_no_determination_anywhere_is_a_gap_and_the_options_are_named(repo: Path, tmp_path: Path) -> None:
    """Most published lists name no SK: the entry still becomes a record, the SK is one of its gaps."""
    result = existing(repo, write_csv(tmp_path / "d.csv", [HEADER, ROW], ";"))
    assert result.returncode == 0, result.stdout
    assert "--penetapan-nomor" in result.stdout and "SK penetapan" in result.stdout
    text = next((repo / "records").rglob("*.yaml")).read_text(encoding="utf-8")
    assert "\npenetapan:" not in text and "jangka_waktu: 1 tahun" in text   # the period needs the SK date
    checked = registri(repo, "validate", "--today", TODAY)
    assert checked.returncode == 0 and "catatan warisan" in checked.stdout, checked.stdout


def test_a_bad_determination_date_option_gets_one_sentence(repo: Path, tmp_path: Path) -> None:
    result = existing(repo, write_csv(tmp_path / "d.csv", [HEADER, ROW], ";"),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "31 Juni 2025")
    assert result.returncode == 1 and "Juni 2025 hanya sampai tanggal 30" in result.stdout


def test_a_future_determination_is_not_used(repo: Path, tmp_path: Path) -> None:
    result = existing(repo, write_csv(tmp_path / "d.csv", [HEADER, ROW], ";"),
                      "--penetapan-nomor", "1/PPID/2026", "--penetapan-tanggal", "30 Desember 2026")
    assert result.returncode == 0 and "setelah hari ini; tidak dipakai" in result.stdout, result.stdout
    assert "\npenetapan:" not in next((repo / "records").rglob("*.yaml")).read_text(encoding="utf-8")


def test_a_sheet_without_a_dik_header_is_explained(repo: Path, tmp_path: Path) -> None:
    result = existing(repo, write_csv(tmp_path / "d.csv", [["Nama", "Alamat"], ["Budi", "Jl. Mawar"]], ";"),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 1 and "IMP002" in result.stdout and "Informasi yang" in result.stdout


def test_personal_data_in_an_old_list_is_named_before_writing(repo: Path, tmp_path: Path) -> None:
    row = [*ROW[:4], "Pokja Pemilihan, narahubung 0812-0000-4217"]
    result = existing(repo, write_csv(tmp_path / "d.csv", [HEADER, row], ";"),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 1 and "IMP006" in result.stdout and "Baris 2, kolom unit_kerja" in result.stdout
    assert "0812-0000-4217" not in result.stdout
    assert not list((repo / "records").rglob("*.yaml"))


@pytest.mark.parametrize("name, content", [("d.xlsx", b"PK\x03\x04 rusak"), ("d.xls", b"\xd0\xcf\x11\xe0 lama"),
                                           ("d.csv", "Informasi;Dasar\n".encode("utf-16"))])
def test_unreadable_old_lists(repo: Path, tmp_path: Path, name: str, content: bytes) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    result = existing(repo, file, "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 1 and "IMP001" in result.stdout
    assert "BadZipFile" not in result.stdout and "KeyError" not in result.stdout


def test_a_list_with_rows_only_below_signature_lines(repo: Path, tmp_path: Path) -> None:
    rows = [HEADER, ROW, ["", "", "", "", ""], ["", "Mengetahui, Kepala Balai", "", "", ""],
            ["", "Banjarbaru, 30 April 2025", "", "", ""]]
    result = existing(repo, write_csv(tmp_path / "d.csv", rows, ","),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "30/04/2025")
    assert result.returncode == 0, result.stdout
    assert len(list((repo / "records").rglob("*.yaml"))) == 1


def test_a_stale_plan_is_not_committed(repo: Path, tmp_path: Path) -> None:
    from registri import importer
    from registri.errors import UsageError

    file = write_csv(tmp_path / "d.csv", [HEADER, ROW], ";")
    plan = importer.plan_import(repo, file, email="nurul.hasanah@bpmp-kalsel.example", pelaksana=None, year=None,
                                today=dt.date.fromisoformat(TODAY), existing=True,
                                penetapan={"nomor": "1/PPID/2025", "tanggal": "2025-04-30"})
    assert plan.ok and plan.findings_of(2) == []
    target = repo / plan.records[0].path
    target.parent.mkdir(parents=True)
    target.write_text("id: DIK-2026-001\n", encoding="utf-8")
    with pytest.raises(UsageError, match="pratinjau"):
        importer.commit_import(repo, plan)


def test_a_huge_file_is_refused_without_reading_it(repo: Path, tmp_path: Path) -> None:
    file = tmp_path / "besar.csv"
    with file.open("wb") as handle:
        handle.truncate(25_000_000)
    result = existing(repo, file, "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 1 and "lebih besar dari 20 MB" in result.stdout


def test_xlsx_cover_sheet_merged_cells_and_continuation_rows(repo: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sampul"
    book.active["A1"] = "Daftar Informasi yang Dikecualikan (lihat lembar berikut)"
    sheet = book.create_sheet("DIK")
    sheet.append(["No", "Informasi yang Dikecualikan", "Dasar Hukum", "Jangka Waktu", "Unit Kerja"])
    sheet.append(["A. SEKRETARIAT", None, None, None, None])
    sheet.merge_cells("A2:E2")
    sheet.append([1, "Biodata peserta seleksi calon fasilitator angkatan 2025", "Pasal 17 huruf h angka 5 UU KIP",
                  "Tidak terbatas", "Tim Kerja Seleksi"])
    sheet.append([2, "Hasil wawancara peserta seleksi calon fasilitator angkatan 2025", None, "Tidak terbatas", None])
    sheet.merge_cells("C3:C4")   # one legal basis for both items
    sheet.merge_cells("E3:E4")
    sheet.append([3, "Dokumen penawaran peserta tender laptop asesor 2025", "Pasal 17 huruf b UU KIP", "1 tahun",
                  "Pokja Pemilihan"])
    sheet.append([None, None, "UU Nomor 5 Tahun 1999 tentang Larangan Praktik Monopoli", None, None])
    sheet.merge_cells("B5:B6")   # the item's title over two rows; its second legal basis below
    sheet.merge_cells("A5:A6")
    file = tmp_path / "dik.xlsx"
    book.save(file)
    result = existing(repo, file, "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 0, result.stdout
    from registri.register import load_register

    by_title = {r.title: r for r in load_register(repo).records}
    assert len(by_title) == 3
    interview = by_title["Hasil wawancara peserta seleksi calon fasilitator angkatan 2025"]
    assert interview.pasal == ("17h.5",) and interview.unit == "Tim Kerja Seleksi"
    bids = by_title["Dokumen penawaran peserta tender laptop asesor 2025"]
    assert {(d["nomor"], d["tahun"]) for d in bids.get("klasifikasi.dasar_hukum")} == {(14, 2008), (5, 1999)}
    assert "digabung ke baris ini" in result.stdout


def test_control_characters_yaml_lookalikes_and_huge_cells_are_kept_safely(repo: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER + ["Ringkasan"])
    sheet.append(["1", "Dokumen penawaran_x000D_ peserta tender laptop 2025\nstatus: dibuka",
                  "Pasal 17 huruf b UU KIP", "1 tahun", "- Pokja: Pemilihan #1", "x " * 15000])
    file = tmp_path / "aneh.xlsx"
    book.save(file)
    result = existing(repo, file, "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 0, result.stdout
    assert "lebih dari 20000 karakter dipotong" in result.stdout
    from registri.register import load_register

    register = load_register(repo)
    assert not register.load_findings
    record = register.records[0]
    assert record.title == "Dokumen penawaran peserta tender laptop 2025 status: dibuka" and record.status == "divalidasi"
    assert record.unit == "Pokja: Pemilihan #1"   # a bullet is not part of the name
    checked = registri(repo, "validate", "--today", TODAY)
    assert checked.returncode == 0, checked.stdout


def test_a_control_byte_in_a_csv_cell_does_not_break_the_record(repo: Path, tmp_path: Path) -> None:
    row = [ROW[0], "Dokumen penawaran\x07 peserta tender printer 2025", *ROW[2:]]
    result = existing(repo, write_csv(tmp_path / "d.csv", [HEADER, row], ";"),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 0, result.stdout
    assert "\x07" not in next((repo / "records").rglob("*.yaml")).read_text(encoding="utf-8")


def test_windows_1252_csv_with_a_title_line_without_separators(repo: Path, tmp_path: Path) -> None:
    """Excel's plain 'CSV (Comma delimited)' on Windows: cp1252, here with an en dash and a title line."""
    text = ("DAFTAR INFORMASI YANG DIKECUALIKAN\r\n"
            "No,Informasi yang Dikecualikan,Dasar Hukum,Jangka Waktu,Nomor dan Tanggal SK\r\n"
            "1,Dokumen penawaran tender laptop 2025 \u2013 paket 2,Pasal 17 huruf b UU KIP,"
            "sampai waktu yang tidak ditentukan,\"Nomor 7/PPID/2025, 3 Maret 2025\"\r\n")
    file = tmp_path / "lama.csv"
    file.write_bytes(text.encode("cp1252"))
    result = existing(repo, file)
    assert result.returncode == 0, result.stdout
    record = next((repo / "records").rglob("*.yaml")).read_text(encoding="utf-8")
    assert "paket 2" in record and "\u2013" in record
    assert "nomor: 7/PPID/2025" in record and "tanggal: 2025-03-03" in record and "jenis: tidak_terbatas" in record


def test_columns_that_name_no_dik_field_are_kept_as_text(repo: Path, tmp_path: Path) -> None:
    rows = [HEADER + ["Klasifikasi Arsip"], ROW + ["Rahasia, akses Pokja"]]
    result = existing(repo, write_csv(tmp_path / "d.csv", rows, ";"),
                      "--penetapan-nomor", "1/PPID/2025", "--penetapan-tanggal", "2025-04-30")
    assert result.returncode == 0, result.stdout
    from registri.register import load_register

    record = load_register(repo).records[0]
    assert record.get("warisan.asli.lainnya") == "Klasifikasi Arsip: Rahasia, akses Pokja"
