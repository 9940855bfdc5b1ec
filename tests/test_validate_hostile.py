"""Hostile input: each gives exit 1 with an Indonesian message at the file, and never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY, registri

RECORD = "records/2026/DIK-2026-901.yaml"
GOOD = (PROJECT / "tests/fixtures/rules/base.yaml").read_text("utf-8")

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))


def replace_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


HOSTILE: dict[str, tuple[bytes, str]] = {
    # name: (file content, the code the message must carry)
    "invalid UTF-8": (GOOD.encode("utf-8").replace(b"Banjarbaru", b"Banjarbaru \xff\xfe"), "YML003"),
    "PNG bytes named .yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89", "YML003"),
    "YAML alias bomb": (ALIAS_BOMB.encode(), "YML006"),
    "duplicate keys": (replace_line(GOOD, "status: dilaporkan\n", "status: dilaporkan\nstatus: dibuka\n").encode(), "YML008"),
    "python object tag": (replace_line(GOOD, "judul: ", "judul: !!python/object/apply:os.system ['touch PWNED']\nx: ").encode(), "YML007"),
    "list instead of mapping": (b"- id: DIK-2026-901\n- judul: Dokumen penawaran\n", "YML010"),
    "date 2026-02-30": (replace_line(GOOD, "tanggal: 2026-06-15", "tanggal: 2026-02-30").encode(), "YML009"),
    "pengecualian_sebagian: no": (replace_line(GOOD, "pengecualian_sebagian: false", "pengecualian_sebagian: no").encode(), "DIK001"),
    "tab indentation": (replace_line(GOOD, "  jenis: surat_pengantar", "\tjenis: surat_pengantar").encode(), "YML004"),
    "very deep nesting": (("uraian: " + "[" * 20000 + "]" * 20000 + "\n").encode(), "YML004"),
    "two documents": ((GOOD + "---\n" + GOOD).encode(), "YML005"),
    "empty file": (b"", "YML005"),
}


def run_validate(root: Path, *extra: str):
    result = registri(root, "validate", RECORD, "--today", TODAY, *extra)
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream and "kesalahan internal" not in stream
    return result


@pytest.fixture
def register(tmp_path: Path) -> Path:
    root = tmp_path / "register"
    (root / "records/2026").mkdir(parents=True)
    (root / "registri.yaml").write_text((PROJECT / "registri.yaml").read_text("utf-8"), "utf-8")
    return root


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_record_is_refused_with_a_message(name: str, register: Path) -> None:
    content, code = HOSTILE[name]
    (register / RECORD).write_bytes(content)
    result = run_validate(register)
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith(RECORD))
    assert f" {code} [kesalahan] " in line
    assert not (register / "PWNED").exists()


def test_pengecualian_sebagian_no_is_never_false(register: Path) -> None:
    content, _ = HOSTILE["pengecualian_sebagian: no"]
    (register / RECORD).write_bytes(content)
    data = json.loads(run_validate(register, "--format", "json").stdout)
    (finding,) = data["temuan"]
    assert finding["field"] == "klasifikasi.pengecualian_sebagian" and "'no'" in finding["message"]


def test_fifty_megabyte_file_is_refused_without_reading_it(register: Path) -> None:
    with open(register / RECORD, "wb") as handle:
        handle.write(b"id: DIK-2026-901\n")
        handle.truncate(50 * 1024 * 1024)
    result = run_validate(register)
    assert result.returncode == 1
    assert "YML002 [kesalahan]" in result.stdout and "melebihi batas" in result.stdout


def test_html_in_fields_is_plain_text(register: Path) -> None:
    """Markup is text: the record validates, the rule sees through tags, output carries it verbatim."""
    title = "<b>Keputusan</b> Kepala Balai tentang tim asesor 2026 <script>alert('x')</script>"
    (register / RECORD).write_text(replace_line(GOOD, "judul: Dokumen penawaran harga peserta tender pengadaan bahan ajar cetak tahun 2026",
                                                f'judul: "{title}"'), "utf-8")
    result = run_validate(register, "--format", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["temuan"]
    assert finding["code"] == "DIK024" and title in finding["message"]


def test_html_in_description_validates(register: Path) -> None:
    text = GOOD.replace("uraian: >-", "uraian: >-\n  <img src=x onerror=alert(1)> &amp; <!-- komentar -->", 1)
    (register / RECORD).write_text(text, "utf-8")
    result = run_validate(register)
    assert result.returncode == 0 and "1 catatan diperiksa, tidak ada kesalahan." in result.stdout
