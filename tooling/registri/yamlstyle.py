"""YAML style (yamllint) with Indonesian messages: the `yamllint` pre-commit hook runs this, so
staff never read yamllint's English (`truthy value should be one of …`).

yamllint does the checking with the repository's .yamllint.yaml; this module only says each
problem in Indonesian, naming the yamllint rule so an editor's yamllint output can be matched.
"""

from __future__ import annotations

import re
from pathlib import Path

from registri.errors import RegistriError
from registri.findings import Finding, Level

CONFIG_FILE = ".yamllint.yaml"

# yamllint's message (by rule) -> Indonesian; groups of the English message fill the blanks.
_SAY: tuple[tuple[str | None, re.Pattern, str], ...] = tuple((rule, re.compile(pattern), text) for rule, pattern, text in (
    ("truthy", r"truthy value", "Nilai ya/tidak harus ditulis `true` atau `false`: YAML membaca yes/no/on/off "
                                "diam-diam sebagai benar/salah."),
    ("key-duplicates", r'duplication of key "(.*)"', "Kunci \"{0}\" ditulis dua kali di bagian yang sama; hapus "
                                                     "salah satunya (YAML hanya memakai yang terakhir)."),
    ("trailing-spaces", r"trailing spaces", "Ada spasi di akhir baris; hapus spasi itu."),
    ("new-line-at-end-of-file", r"no new line", "Baris terakhir berkas tidak diakhiri baris baru; tekan Enter di "
                                                "akhir berkas lalu simpan."),
    ("new-lines", r"wrong new line", "Akhir baris bergaya Windows (CRLF). Simpan berkas dengan akhir baris LF "
                                     "(di VS Code: klik 'CRLF' di pojok kanan bawah, pilih 'LF')."),
    ("empty-lines", r"too many blank lines \((\d+) > (\d+)\)", "Terlalu banyak baris kosong berturut-turut ({0}, "
                                                                "paling banyak {1})."),
    ("indentation", r"wrong indentation: expected (\d+) but found (\d+)", "Indentasi salah: seharusnya {0} spasi, "
                                                                           "tertulis {1} spasi."),
    ("indentation", r"wrong indentation", "Indentasi salah; samakan dengan baris lain di bagian yang sama "
                                          "(2 spasi per tingkat)."),
    ("line-length", r"line too long \((\d+) > (\d+)", "Baris terlalu panjang ({0} karakter, paling banyak {1}); "
                                                       "pecah teks panjang dengan `>-` di baris berikutnya."),
    ("colons", r"too many spaces after colon", "Terlalu banyak spasi sesudah titik dua; tulis satu spasi."),
    ("colons", r"too many spaces before colon", "Ada spasi sebelum titik dua; hapus."),
    ("commas", r"too many spaces after comma", "Terlalu banyak spasi sesudah koma."),
    ("commas", r"too few spaces after comma", "Tulis satu spasi sesudah koma."),
    ("commas", r"too many spaces before comma", "Ada spasi sebelum koma; hapus."),
    ("hyphens", r"too many spaces after hyphen", "Terlalu banyak spasi sesudah tanda - daftar; tulis satu spasi."),
    ("comments", r"too few spaces before comment", "Komentar (#) harus dipisah minimal satu spasi dari isi baris."),
    ("comments", r"missing starting space", "Tulis satu spasi sesudah # pada komentar."),
    ("braces", r"too many spaces inside braces", "Terlalu banyak spasi di dalam { }."),
    ("brackets", r"too many spaces inside brackets", "Terlalu banyak spasi di dalam [ ]."),
    ("key-ordering", r"wrong ordering of key", "Urutan kunci tidak sesuai aturan."),
    ("empty-values", r"empty value", "Nilai kosong; isi nilainya atau hapus kuncinya."),
    ("quoted-strings", r".", "Penulisan tanda kutip tidak sesuai aturan .yamllint.yaml."),
    ("octal-values", r".", "Angka berawalan 0 dibaca sebagai bilangan oktal; beri tanda kutip."),
    ("anchors", r".", "Anchor/alias YAML (&, *) tidak dipakai di catatan; tulis nilainya langsung."),
    (None, r"syntax error: (.*?)(?: \(syntax\))?$", "YAML tidak dapat dibaca ({0}); periksa titik dua, tanda kutip "
                                                     "dan indentasi di baris ini."),
))
_ENGLISH_SYNTAX = {
    "mapping values are not allowed here": "titik dua di tempat yang salah",
    "could not find expected ':'": "titik dua tidak ditemukan",
    "found character '\\t' that cannot start any token": "ada karakter Tab; pakai spasi",
    "expected <block end>, but found '-'": "tanda - daftar tidak sejajar",
    "found undefined alias": "alias tidak dikenal",
}


def say(rule: str | None, desc: str) -> str:
    """One yamllint problem in Indonesian."""
    for wanted, pattern, text in _SAY:
        if wanted == rule:
            match = pattern.search(desc)
            if match:
                groups = [_ENGLISH_SYNTAX.get(g, g) if rule is None else g for g in match.groups()]
                return text.format(*groups)
    return f"Aturan gaya YAML '{rule or 'sintaks'}' tidak dipenuhi (yamllint: {desc})."


def lint(root: Path, files: list[Path]) -> list[Finding]:
    """yamllint over `files` with the repository's .yamllint.yaml, as Indonesian findings."""
    try:  # the hook environment pins yamllint; only this command needs it
        from yamllint import linter
        from yamllint.config import YamlLintConfig
    except ImportError:
        raise RegistriError("Pemeriksaan gaya YAML butuh paket yamllint, yang dipasang oleh hook pre-commit. "
                            "Jalankan lewat hook (`pre-commit run yamllint`) atau pasang dengan "
                            "`pip install -e '.[test]'`.") from None

    config_file = root / CONFIG_FILE
    config = YamlLintConfig(file=str(config_file)) if config_file.is_file() else YamlLintConfig("extends: default")
    found: list[Finding] = []
    for file in files:
        shown = file.as_posix()
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue  # `registri validate` says it is not UTF-8 and how to save it
        except FileNotFoundError:
            found.append(Finding(shown, None, "yamllint", Level.ERROR, "Berkas tidak ditemukan. Periksa nama dan lokasinya."))
            continue
        except OSError as exc:
            found.append(Finding(shown, None, "yamllint", Level.ERROR, f"Berkas tidak dapat dibaca ({exc.strerror})."))
            continue
        for problem in linter.run(text, config, shown):
            level = Level.ERROR if problem.level == "error" else Level.WARNING
            found.append(Finding(shown, problem.line, f"yamllint/{problem.rule or 'sintaks'}", level,
                                 say(problem.rule, problem.desc)))
    return found
