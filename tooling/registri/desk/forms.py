"""The desk's forms, generated from the record schema, the SOP and the Pasal 17 table.

A step's form holds the fields of the sections that step adds (`steps.SECTIONS_ADDED`, keyed by
the status the SOP says the step produces); each field's widget follows its schema node: enums
become choices, `format: date` a date input, integers a number input, the Pasal 17 codes a list
of the law's grounds. Only labels (how a field is named on screen) are the desk's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from registri import steps
from registri.pasal17 import load_pasal17
from registri.report import labels
from registri.sop import OPENED, STATUS_ORDER, Sop

# How each field is named on screen (the schema's keys are short Indonesian identifiers).
LABELS = {
    "judul": "Judul informasi", "uraian": "Uraian isi informasi", "unit_penguasa": "Unit yang menguasai",
    "sumber": "Surat masuk (disposisi/surat pengantar)", "sumber.jenis": "Jenis surat masuk",
    "sumber.nomor": "Nomor surat masuk", "sumber.tanggal": "Tanggal surat masuk",
    "penetapan": "Penetapan", "penetapan.nomor": "Nomor surat penetapan", "penetapan.tanggal": "Tanggal penetapan",
    "penetapan.tempat": "Tempat penetapan", "penetapan.pejabat": "Pejabat yang menetapkan",
    "uji_konsekuensi": "Uji konsekuensi", "uji_konsekuensi.nomor": "Nomor berita acara uji konsekuensi",
    "uji_konsekuensi.tanggal": "Tanggal uji konsekuensi", "uji_konsekuensi.waktu": "Waktu uji konsekuensi",
    "uji_konsekuensi.jika_dibuka": "Konsekuensi bila dibuka",
    "uji_konsekuensi.kepentingan_publik": "Kepentingan publik yang dilindungi",
    "klasifikasi": "Klasifikasi", "klasifikasi.pasal": "Alasan pengecualian (Pasal 17 UU 14/2008)",
    "klasifikasi.dasar_hukum": "Dasar hukum", "klasifikasi.jangka_waktu": "Jangka waktu pengecualian",
    "klasifikasi.jangka_waktu.jenis": "Jenis jangka waktu", "klasifikasi.jangka_waktu.mulai": "Mulai berlaku",
    "klasifikasi.jangka_waktu.tahun": "Lama (tahun)", "klasifikasi.jangka_waktu.berakhir": "Berakhir (dihitung)",
    "klasifikasi.jangka_waktu.peristiwa": "Peristiwa yang mengakhiri",
    "klasifikasi.jangka_waktu.keterangan": "Keterangan jangka waktu",
    "klasifikasi.tinjau_ulang": "Tanggal tinjau ulang", "klasifikasi.keamanan": "Tingkat keamanan",
    "klasifikasi.akses_khusus": "Akses khusus (satu per baris)",
    "klasifikasi.pengecualian_sebagian": "Hanya sebagian yang dikecualikan",
    "klasifikasi.bentuk_layanan": "Bentuk layanan bagi pemohon",
    "dokumentasi": "Dokumentasi", "dokumentasi.softcopy": "Softcopy",
    "dokumentasi.softcopy.lokasi": "Lokasi penyimpanan softcopy",
    "dokumentasi.softcopy.pengamanan": "Pengamanan softcopy",
    "dokumentasi.softcopy.sha256": "Sidik SHA-256 berkas softcopy",
    "dokumentasi.hardcopy": "Hardcopy", "dokumentasi.hardcopy.lokasi": "Lokasi penyimpanan hardcopy",
    "dokumentasi.hardcopy.pengamanan": "Pengamanan hardcopy",
    "laporan": "Periode laporan",
    "peninjauan": "Peninjauan ulang", "peninjauan.tanggal": "Tanggal peninjauan",
    "peninjauan.nomor": "Nomor berita acara peninjauan", "peninjauan.hasil": "Hasil peninjauan",
    "dibuka": "Pembukaan", "dibuka.tanggal": "Tanggal dibuka", "dibuka.alasan": "Alasan dibuka",
    "dibuka.dasar": "Dokumen dasar pembukaan", "dibuka.keterangan": "Keterangan",
    "jenis": "Jenis", "nomor": "Nomor", "tahun": "Tahun", "tentang": "Tentang", "pasal": "Pasal",
}
CHOICE_LABELS = {
    "uji_konsekuensi.waktu": labels.TEST_TIME, "dibuka.alasan": labels.OPEN_REASON,
    "klasifikasi.jangka_waktu.jenis": labels.PERIOD_TYPE, "klasifikasi.bentuk_layanan": labels.RELEASE_FORM,
}
PROSE = {"uraian", "jika_dibuka", "kepentingan_publik", "keterangan", "hasil", "dasar"}
COMPUTED = {"klasifikasi.jangka_waktu.berakhir"}     # mulai + tahun, filled by the desk
LEGAL_BASIS_ROWS = 3                                  # rows offered for dasar_hukum
SKIPPED = {"id", "status", "abaikan_aturan"}          # set by the step itself, or an expert's edit
_ROW_KEY = re.compile(r"^(?P<list>[a-z_.]+)\[(?P<row>[0-9]+|new)\]\.")


@dataclass(frozen=True)
class Field:
    key: str                   # input name: dotted path as the schema findings spell it
    label: str
    widget: str                # text | textarea | date | number | select | checks | bool | lines | pasal | sha256 | period
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    computed: bool = False
    max_length: int | None = None

    @property
    def dom_id(self) -> str:
        return "f-" + "".join(c if c.isalnum() else "-" for c in self.key)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    fields: tuple[Field, ...]
    note: str = ""

    @property
    def blocks(self) -> list[tuple[str | None, list[Field]]]:
        """Fields in display blocks: each list row (a legal basis) together, under its own label."""
        out: list[tuple[str | None, list[Field]]] = []
        for f in self.fields:
            match = _ROW_KEY.match(f.key)
            label = None
            if match:
                number = "baru" if match["row"] == "new" else str(int(match["row"]) + 1)
                label = f"{_label(match['list'])} {number}"
            if out and out[-1][0] == label:
                out[-1][1].append(f)
            else:
                out.append((label, [f]))
        return out


@dataclass(frozen=True)
class Form:
    kind: str                  # "1".."4" | koreksi | peninjauan | pembukaan
    title: str
    groups: tuple[Group, ...]
    status_after: str | None   # the status the saved record will have (None: unchanged)

    @property
    def fields(self) -> list[Field]:
        return [f for g in self.groups for f in g.fields]


@lru_cache(maxsize=1)
def record_schema() -> dict:
    text = resources.files("registri").joinpath("schema/record.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _resolve(node: dict) -> dict:
    schema = record_schema()
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _node(path: list[str]) -> dict:
    node: dict = record_schema()
    for part in path:
        node = _resolve(node)
        if node.get("type") == "array":
            node = _resolve(node["items"])
        node = node["properties"][part]
    return _resolve(node)


@lru_cache(maxsize=1)
def pasal_choices() -> tuple[tuple[str, str], ...]:
    """Every valid Pasal 17 code with the law's words ('17h.3 — Mengungkap rahasia pribadi')."""
    table = load_pasal17()
    out = []
    for letter, ground in sorted(table.grounds.items()):
        out.append((ground.code, f"{ground.code} — {ground.summary}"))
        for n in range(1, ground.angka + 1):
            out.append((f"{ground.code}.{n}", f"{ground.code}.{n} — {ground.summary}, angka {n}"))
    return tuple(out)


def pasal_texts() -> dict[str, str]:
    return {g.code: g.text for g in load_pasal17().grounds.values()}


def _label(dotted: str) -> str:
    plain = dotted.replace("[]", "")
    return LABELS.get(plain) or LABELS.get(plain.rsplit(".", 1)[-1]) or plain.rsplit(".", 1)[-1].replace("_", " ")


def _leaf(key: str, plain: str, node: dict, required: bool) -> Field:
    name = plain.rsplit(".", 1)[-1]
    help_text = "" if node.get("format") == "date" else node.get("description", "")   # a date picker, no format
    maximum = node.get("maxLength")
    if plain == "klasifikasi.pasal":
        return Field(key, _label(plain), "pasal", help_text, pasal_choices(), required)
    if plain == "dokumentasi.softcopy.sha256":
        return Field(key, _label(plain), "sha256",
                     "Pilih berkas softcopy di komputer Anda: sidiknya dihitung di peramban ini. "
                     "Berkasnya tidak dikirim ke mana pun.", (), required)
    if plain == "laporan":
        return Field(key, _label(plain), "period", help_text, (), required)
    if "enum" in node:
        names = CHOICE_LABELS.get(plain, {})
        return Field(key, _label(plain), "select", help_text,
                     tuple((v, names.get(v, v.replace("_", " "))) for v in node["enum"]), required)
    kind = node.get("type")
    if kind == "array":
        items = _resolve(node["items"])
        if "enum" in items:
            names = CHOICE_LABELS.get(plain, {})
            return Field(key, _label(plain), "checks", help_text,
                         tuple((v, names.get(v, v.replace("_", " "))) for v in items["enum"]), required)
        return Field(key, _label(plain), "lines", help_text, (), required)
    if kind == "boolean":
        return Field(key, _label(plain), "bool", help_text, (), False)
    if kind == "integer":
        return Field(key, _label(plain), "number", help_text, (), required)
    if node.get("format") == "date":
        return Field(key, _label(plain), "date", help_text, (), required, computed=plain in COMPUTED)
    widget = "textarea" if name in PROSE or (maximum or 0) > 500 else "text"
    return Field(key, _label(plain), widget, help_text, (), required, max_length=maximum)


def _fields_of(key: str, plain: str, node: dict, required: bool = False) -> list[Field]:
    """Leaf fields of one section, in schema order; dasar_hukum becomes a few fixed rows."""
    node = _resolve(node)
    if node.get("type") == "object" and "properties" in node:
        needed = set(node.get("required", ()))
        out = []
        for name, child in node["properties"].items():
            out.extend(_fields_of(f"{key}.{name}", f"{plain}.{name}", child, name in needed))
        return out
    if node.get("type") == "array" and _resolve(node["items"]).get("type") == "object":
        items = _resolve(node["items"])
        rows = LEGAL_BASIS_ROWS if plain == "klasifikasi.dasar_hukum" else 1
        out = []
        for row in range(rows):
            for name, child in items["properties"].items():
                child_key = f"{key}[{row}].{name}"
                out.append(_leaf(child_key, f"{plain}.{name}", _resolve(child), name in items.get("required", ())))
        return out
    return [_leaf(key, plain, node, required)]


def section_group(section: str, note: str = "") -> Group:
    node = _node([section])
    if node.get("type") == "object" or (node.get("type") == "array" and section != "peninjauan"):
        fields = _fields_of(section, section, node)
    elif section == "peninjauan":   # a change adds one new review entry; earlier ones stay as written
        items = _resolve(node["items"])
        fields = [_leaf(f"peninjauan[new].{name}", f"peninjauan.{name}", _resolve(child), name in items["required"])
                  for name, child in items["properties"].items()]
    else:
        fields = [_leaf(section, section, node, True)]
    return Group(section, _label(section), tuple(fields), note)


def _step1_group() -> Group:
    top = [s for s in steps.SECTIONS_ADDED[STATUS_ORDER[0]] if s not in SKIPPED]
    fields: list[Field] = []
    for name in top:
        node = _node([name])
        fields.extend(_fields_of(name, name, node, True))
    return Group("langkah1", "Data langkah 1 (validasi)", tuple(fields))


def sections_for_status(status: str | None) -> list[str]:
    """Every top-level section a record of `status` has (kelengkapan grows with the status)."""
    order = [*STATUS_ORDER, OPENED] if status == OPENED else list(STATUS_ORDER)
    out: list[str] = []
    for reached in order:
        out.extend(steps.SECTIONS_ADDED[reached])
        if reached == status:
            break
    return [s for s in out if s not in SKIPPED]


def form_for(kind: str, sop: Sop, status: str | None = None) -> Form:
    """The form of a step ('1'-'4') or a change (koreksi | peninjauan | pembukaan)."""
    if kind in ("1", "2", "3", "4"):
        number = int(kind)
        step = sop.step(number)
        produced = step.status
        title = f"Langkah {number}: {step.activity}"
        if number == 1:
            return Form(kind, title, (_step1_group(),), produced)
        groups = [section_group(s) for s in steps.SECTIONS_ADDED[produced] if s not in SKIPPED]
        return Form(kind, title, tuple(groups), produced)
    if kind == "koreksi":
        simple, groups = [], []
        for s in sections_for_status(status):
            if s in ("laporan",):
                continue
            if _node([s]).get("type") == "object":
                groups.append(section_group(s))
            else:
                simple.extend(_fields_of(s, s, _node([s]), True))
        if simple:
            groups.insert(0, Group("umum", "Identitas informasi", tuple(simple)))
        return Form(kind, "Koreksi catatan", tuple(groups), None)
    if kind == "peninjauan":
        return Form(kind, "Peninjauan ulang", (
            section_group("peninjauan", "Entri peninjauan baru; entri sebelumnya tetap seperti tertulis."),
            Group("klasifikasi", "Klasifikasi setelah peninjauan", tuple(
                f for f in section_group("klasifikasi").fields
                if f.key.startswith("klasifikasi.jangka_waktu") or f.key == "klasifikasi.tinjau_ulang")),
        ), None)
    if kind == "pembukaan":
        return Form(kind, "Pembukaan (informasi keluar dari DIK)", (section_group("dibuka"),), OPENED)
    raise KeyError(kind)


KINDS = ("1", "2", "3", "4", "koreksi", "peninjauan", "pembukaan")
