"""The one strict YAML loader for records and configuration.

Built on PyYAML's C parser for speed, with our own resolver and node walk on top:
UTF-8 only, exactly one document, no anchors or aliases, no custom tags, no duplicate keys,
a size limit, YAML 1.2-style scalars (`yes`, `no`, `on`, `off` stay strings) and real dates.
Every failure is a Finding with file and line; nothing here raises for bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from registri.catalog import Rule
from registri.findings import Finding, Level

MAX_BYTES = 1_000_000  # a record is text about a document, never the document itself

RULES = (
    Rule("YML001", Level.ERROR, "Berkas tidak dapat dibaca",
         "Berkas tidak ada, tidak dapat dibuka, atau bukan berkas biasa.",
         "Periksa nama dan lokasi berkas."),
    Rule("YML002", Level.ERROR, "Berkas terlalu besar",
         f"Berkas catatan lebih besar dari {MAX_BYTES // 1000} KB. Catatan hanya menguraikan dokumen; dokumennya sendiri tidak boleh masuk repositori.",
         "Pindahkan isi dokumen ke penyimpanan arsip yang aman dan tuliskan lokasinya di bagian dokumentasi."),
    Rule("YML003", Level.ERROR, "Berkas biner atau bukan UTF-8",
         "Berkas berisi byte yang bukan teks UTF-8 (misalnya berkas biner, PDF, gambar, atau teks ber-encoding lain).",
         "Simpan berkas sebagai teks UTF-8 (di Notepad: Simpan Sebagai, Encoding UTF-8)."),
    Rule("YML004", Level.ERROR, "Sintaks YAML salah",
         "Isi berkas tidak dapat dibaca sebagai YAML: indentasi, tanda titik dua, atau tanda kutip tidak benar.",
         "Perbaiki baris yang disebut; gunakan spasi (bukan tab) untuk indentasi dan beri tanda kutip pada teks yang berisi titik dua."),
    Rule("YML005", Level.ERROR, "Lebih dari satu dokumen atau kosong",
         "Satu berkas harus berisi tepat satu dokumen YAML (satu catatan).",
         "Hapus pemisah '---' tambahan, atau isi berkas yang kosong."),
    Rule("YML006", Level.ERROR, "Anchor atau alias YAML",
         "Anchor (&) dan alias (*) tidak diizinkan: catatan harus dapat dibaca apa adanya dan alias dapat dipakai untuk serangan 'bom alias'.",
         "Tulis ulang nilainya secara lengkap di setiap tempat."),
    Rule("YML007", Level.ERROR, "Tag YAML tidak diizinkan",
         "Tag khusus seperti !!python/object atau !!binary tidak diizinkan.",
         "Hapus tag tersebut dan tulis nilainya sebagai teks, angka, tanggal, daftar, atau pemetaan biasa."),
    Rule("YML008", Level.ERROR, "Kunci ganda",
         "Kunci yang sama muncul dua kali dalam satu bagian; salah satu nilai akan hilang diam-diam.",
         "Hapus atau gabungkan salah satu kunci."),
    Rule("YML009", Level.ERROR, "Tanggal tidak valid",
         "Nilai berbentuk tanggal (YYYY-MM-DD) yang tidak ada di kalender, misalnya 2026-02-30.",
         "Tulis tanggal yang benar dengan format YYYY-MM-DD."),
    Rule("YML010", Level.ERROR, "Isi bukan pemetaan",
         "Isi berkas harus berupa pemetaan kunci: nilai (misalnya `id: DIK-2026-001`), bukan daftar atau teks.",
         "Mulai berkas dengan kunci-kunci catatan, bukan tanda '-' atau teks lepas."),
    Rule("YML011", Level.ERROR, "Kunci bukan teks",
         "Kunci pemetaan harus berupa teks sederhana.",
         "Gunakan nama kolom seperti yang ada di skema, tanpa daftar atau pemetaan sebagai kunci."),
    Rule("YML012", Level.WARNING, "Nilai dibaca dalam bentuk bakunya",
         "Nilai yang maknanya jelas tetapi ditulis lain dari bentuk bakunya (SHA-256 huruf besar seperti keluaran "
         "Get-FileHash di Windows, 'Rahasia' atau 'Sangat Rahasia' dengan huruf besar/spasi) dibaca dalam bentuk "
         "bakunya: huruf kecil, garis bawah.",
         "Tulis nilainya dalam bentuk baku yang disebut pesan (huruf kecil; `sangat_rahasia` dengan garis bawah)."),
)

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
DATE = "tag:yaml.org,2002:timestamp"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
ALLOWED_TAGS = {STR, INT, FLOAT, BOOL, NULL, DATE, MAP, SEQ}


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema: only true/false are booleans, only YYYY-MM-DD is a date."""


_Resolver.add_implicit_resolver(BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Resolver.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Resolver.add_implicit_resolver(INT, re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Resolver.add_implicit_resolver(
    FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), list("-+.0123456789"))
_Resolver.add_implicit_resolver(DATE, re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789"))


try:  # the C parser is ~10x faster; the pure-Python one is a fallback for odd builds
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = None


class _Composer(_Resolver):
    """Parses and composes a node tree; construction is ours (see _Builder)."""


if _Parser is not None:
    class _Composer(_Parser, _Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)
else:  # pragma: no cover
    class _Composer(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,  # type: ignore[no-redef]
                    yaml.composer.Composer, _Resolver):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)


class _Problem(Exception):
    def __init__(self, code: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


@dataclass
class Loaded:
    """A loaded document: its data, the line of every field, and any findings."""

    path: str
    data: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def line_of(self, field_path: str) -> int | None:
        """Line of a dotted field path, falling back to its nearest parent."""
        while field_path:
            if field_path in self.lines:
                return self.lines[field_path]
            field_path = field_path.rpartition(".")[0] if "." in field_path else ""
        return None


class _Builder:
    """Turns a node tree into plain Python data, rejecting what the register must not hold."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        self._seen: set[int] = set()

    def build(self, node: Node, path: str) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self._seen:
            raise _Problem("YML006", "Alias YAML (*nama) tidak diizinkan; tulis nilainya lengkap.", line)
        self._seen.add(id(node))
        if getattr(node, "anchor", None):
            raise _Problem("YML006", "Anchor YAML (&nama) tidak diizinkan.", line)
        if path:
            self.lines.setdefault(path, line)
        if node.tag not in ALLOWED_TAGS:
            raise _Problem("YML007", f"Tag YAML '{node.tag}' tidak diizinkan; hapus tagnya.", line)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != SEQ:
                raise _Problem("YML007", f"Tag YAML '{node.tag}' tidak cocok untuk daftar.", line)
            return [self.build(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        return self._scalar(node, line)

    def _mapping(self, node: MappingNode, path: str) -> dict:
        if node.tag != MAP:
            raise _Problem("YML007", f"Tag YAML '{node.tag}' tidak cocok untuk pemetaan.", node.start_mark.line + 1)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise _Problem("YML011", "Kunci pemetaan harus teks sederhana.", key_line)
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                raise _Problem("YML006", "Kunci gabungan '<<' tidak diizinkan.", key_line)
            key = key_node.value
            if key in result:
                raise _Problem("YML008", f"Kunci '{key}' muncul dua kali; hapus salah satunya.", key_line)
            child = f"{path}.{key}" if path else key
            self.lines[child] = key_line
            result[key] = self.build(value_node, child)
        return result

    @staticmethod
    def _scalar(node: ScalarNode, line: int) -> Any:
        value, tag = node.value, node.tag
        if tag == STR:
            return value
        if tag == NULL:
            return None
        if tag == BOOL:
            return value.lower() == "true"
        if tag == INT:
            return int(value)
        if tag == FLOAT:
            return float(value)
        if tag == DATE:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise _Problem("YML009", f"Tanggal '{value}' tidak ada di kalender; tulis tanggal yang benar (YYYY-MM-DD).", line) from None
        raise _Problem("YML007", f"Tag YAML '{tag}' tidak diizinkan.", line)  # pragma: no cover


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def parse_text(text: str, path: str) -> Loaded:
    """Load YAML text that is already decoded."""
    result = Loaded(path)
    try:
        composer = _Composer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
        if node is None:
            raise _Problem("YML005", "Berkas kosong: isi dengan satu catatan.", None)
        builder = _Builder()
        if not isinstance(node, MappingNode):
            raise _Problem("YML010", "Isi berkas harus berupa pemetaan 'kunci: nilai', bukan daftar atau teks.",
                           node.start_mark.line + 1)
        result.data = builder.build(node, "")
        result.lines = builder.lines
    except _Problem as problem:
        result.findings.append(Finding(path, problem.line, problem.code, Level.ERROR, problem.message))
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if "expected a single document" in str(exc):
            result.findings.append(Finding(path, line, "YML005", Level.ERROR,
                                           "Berkas berisi lebih dari satu dokumen YAML ('---'); satu berkas hanya untuk satu catatan."))
        else:
            result.findings.append(Finding(path, line, "YML006", Level.ERROR,
                                           "Alias YAML tidak dikenal atau tidak diizinkan; tulis nilainya lengkap."))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or "").strip()
        result.findings.append(Finding(path, line, "YML004", Level.ERROR,
                                       f"Sintaks YAML salah di sini ({_explain(problem)}). Periksa indentasi, titik dua, dan tanda kutip."))
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        result.findings.append(Finding(path, line, "YML003", Level.ERROR,
                                       "Ada karakter kontrol yang tidak dapat dicetak; hapus karakter tersebut."))
    except yaml.YAMLError as exc:
        result.findings.append(Finding(path, None, "YML004", Level.ERROR,
                                       f"Sintaks YAML salah ({_explain(str(exc))})."))
    except RecursionError:
        result.findings.append(Finding(path, None, "YML004", Level.ERROR,
                                       "Struktur YAML terlalu dalam bersarang; sederhanakan catatan."))
    return result


_EXPLAIN = {
    "found character '\\t' that cannot start any token": "ada karakter tab; gunakan spasi",
    "mapping values are not allowed": "titik dua di tempat yang salah atau indentasi tidak sejajar; beri tanda kutip pada teks yang berisi ': '",
    "found character that cannot start any token": "ada karakter yang tidak boleh mengawali nilai (misalnya tab, @ atau `); gunakan spasi dan beri tanda kutip",
    "did not find expected node content": "nilai tidak lengkap, misalnya kurung [ ] atau { } tidak ditutup",
    "did not find expected '-' indicator": "daftar dan pemetaan tercampur pada tingkat indentasi yang sama",
    "found undefined alias": "alias tidak dikenal",
    "could not find expected ':'": "tanda ':' tidak ditemukan",
    "found unexpected end of stream": "berkas berakhir sebelum tanda kutip atau kurung ditutup",
    "did not find expected key": "indentasi tidak sejajar",
    "found unknown escape character": "karakter escape '\\' tidak dikenal dalam teks berkutip ganda",
    "special characters are not allowed": "ada karakter kontrol yang tidak dapat dicetak",
    "found unacceptable character": "ada karakter kontrol yang tidak dapat dicetak",
}


def _explain(problem: str) -> str:
    for english, indonesian in _EXPLAIN.items():
        if english in problem:
            return indonesian
    return "struktur tidak dikenali"


UTF16_ADVICE = ("Simpan ulang sebagai UTF-8: di Notepad pilih Simpan Sebagai lalu Encoding 'UTF-8'; di VS Code klik "
                "'UTF-16 LE' di pojok kanan bawah, pilih 'Save with Encoding' lalu 'UTF-8'. (PowerShell 5 `>` dan "
                "`Out-File` menulis UTF-16; pakai `Set-Content -Encoding utf8`.)")


def utf16_kind(raw: bytes) -> str | None:
    """'UTF-16 LE' / 'UTF-16 BE' when the bytes are text in UTF-16 (as Windows tools write it),
    else None: a BOM, or a NUL in every second byte of text that decodes cleanly."""
    if raw.startswith(b"\xff\xfe"):
        return "UTF-16 LE"
    if raw.startswith(b"\xfe\xff"):
        return "UTF-16 BE"
    sample = raw[:400] if len(raw) % 2 == 0 else raw[:400 - 1]
    if len(sample) >= 8:
        for kind, zeros, text in (("UTF-16 LE", sample[1::2], sample[0::2]), ("UTF-16 BE", sample[0::2], sample[1::2])):
            if zeros.count(0) >= 0.9 * len(zeros) and text.count(0) == 0:
                return kind
    return None


def decode(raw: bytes, path: str) -> tuple[str | None, Finding | None]:
    """UTF-8 only (a leading BOM is allowed, as Windows Notepad writes one)."""
    kind = utf16_kind(raw)
    if kind is not None:
        return None, Finding(path, 1, "YML003", Level.ERROR,
                             f"Berkas ini teks {kind}, bukan UTF-8; catatan harus teks UTF-8. {UTF16_ADVICE}")
    if b"\x00" in raw:
        return None, Finding(path, _line_of_byte(raw, raw.index(b"\x00")), "YML003", Level.ERROR,
                             "Berkas ini biner (berisi byte NUL), bukan teks catatan. Dokumen disimpan di arsip yang aman, bukan di repositori.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, Finding(path, _line_of_byte(raw, exc.start), "YML003", Level.ERROR,
                             "Berkas bukan teks UTF-8. Simpan ulang sebagai UTF-8 (Notepad: Simpan Sebagai, Encoding UTF-8).")
    return text.removeprefix("\ufeff"), None


def _too_big(path: str, size: int, max_bytes: int) -> Finding:
    return Finding(path, None, "YML002", Level.ERROR,
                   f"Berkas {size:_} byte, melebihi batas {max_bytes:_} byte. Catatan hanya menguraikan "
                   "dokumen; simpan dokumennya di arsip yang aman.".replace("_", "."))


def load_bytes(raw: bytes, path: str, max_bytes: int = MAX_BYTES) -> Loaded:
    if len(raw) > max_bytes:
        return Loaded(path, findings=[_too_big(path, len(raw), max_bytes)])
    text, problem = decode(raw, path)
    if problem:
        return Loaded(path, findings=[problem])
    return parse_text(text, path)


def load_file(file: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> Loaded:
    """Load one YAML file; `display` is the path shown to users (relative to the repository)."""
    shown = display or str(file)
    try:
        if not file.is_file():
            return Loaded(shown, findings=[Finding(shown, None, "YML001", Level.ERROR,
                                                   "Berkas tidak ditemukan atau bukan berkas biasa.")])
        size = file.stat().st_size
        if size > max_bytes:
            return Loaded(shown, findings=[_too_big(shown, size, max_bytes)])
        raw = file.read_bytes()
    except OSError as exc:
        return Loaded(shown, findings=[Finding(shown, None, "YML001", Level.ERROR,
                                               f"Berkas tidak dapat dibaca ({exc.strerror or exc}).")])
    return load_bytes(raw, shown, max_bytes)


def to_jsonable(value: Any) -> Any:
    """Dates become ISO strings so JSON Schema sees what a JSON editor would."""
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
