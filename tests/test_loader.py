"""The strict loader: YAML 1.2 scalars, real dates, one mapping document, findings with lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import conftest  # noqa: F401  (puts tooling/ on sys.path)
from registri.loader import MAX_BYTES, load_bytes, load_file, parse_text


def codes(text: str) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in parse_text(text, "x.yaml").findings]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "ya", "tidak"])
def test_yaml_11_booleans_stay_text(word: str) -> None:
    assert parse_text(f"a: {word}\n", "x.yaml").data == {"a": word}


def test_true_false_null_numbers_and_dates() -> None:
    data = parse_text("a: true\nb: False\nc: null\nd: ~\ne: 12\nf: 1.5\ng: 2026-11-26\nh: 0412/B12/HM.01.00/2026\n"
                      "i: 2026-11-26T10:00:00\nj: 012\n", "x.yaml").data
    assert data == {"a": True, "b": False, "c": None, "d": None, "e": 12, "f": 1.5, "g": dt.date(2026, 11, 26),
                    "h": "0412/B12/HM.01.00/2026", "i": "2026-11-26T10:00:00", "j": 12}


def test_lines_of_nested_fields() -> None:
    loaded = parse_text("a: 1\nb:\n  c:\n    - d: 2\n      e: 3\n", "x.yaml")
    assert loaded.ok
    assert (loaded.lines["a"], loaded.lines["b.c"], loaded.lines["b.c[0].e"]) == (1, 3, 5)
    assert loaded.line_of("b.c[0].zzz") == 4


@pytest.mark.parametrize("text, code, line", [
    ("a: 1\na: 2\n", "YML008", 2),
    ("a: &x 1\nb: *x\n", "YML006", 1),
    ("a: [1\n", "YML004", 2),
    ("a: !!binary aGVsbG8=\n", "YML007", 1),
    ("a: !custom 1\n", "YML007", 1),
    ("- 1\n- 2\n", "YML010", 1),
    ("just text\n", "YML010", 1),
    ("a: 1\n---\nb: 2\n", "YML005", 2),
    ("a: 2026-02-30\n", "YML009", 1),
    ("<<: {a: 1}\n", "YML006", 1),
    ("? [a, b]\n: 1\n", "YML011", 1),
    ("a:\n\tb: 1\n", "YML004", 2),
])
def test_rejected_yaml(text: str, code: str, line: int) -> None:
    assert codes(text) == [(code, line)]


def test_empty_and_comment_only_files() -> None:
    assert codes("") == [("YML005", None)]
    assert codes("# only a comment\n") == [("YML005", None)]


def test_bytes_utf8_bom_binary_and_size() -> None:
    assert load_bytes("\ufeffa: é\n".encode("utf-8"), "x.yaml").data == {"a": "é"}
    assert [f.code for f in load_bytes(b"a: \xe9\n", "x.yaml").findings] == ["YML003"]     # Latin-1
    assert [f.code for f in load_bytes(b"a: 1\x00\n", "x.yaml").findings] == ["YML003"]
    assert [f.code for f in load_bytes(b"a: 1\n" * (MAX_BYTES // 5 + 1), "x.yaml").findings] == ["YML002"]
    assert [f.code for f in load_bytes(b"a: \x07\n", "x.yaml").findings] == ["YML003"]


def test_file_missing_or_a_folder(tmp_path: Path) -> None:
    assert [f.code for f in load_file(tmp_path / "nope.yaml").findings] == ["YML001"]
    assert [f.code for f in load_file(tmp_path).findings] == ["YML001"]
    good = tmp_path / "ok.yaml"
    good.write_text("a: 1\n", "utf-8")
    assert load_file(good, "records/ok.yaml").path == "records/ok.yaml"
