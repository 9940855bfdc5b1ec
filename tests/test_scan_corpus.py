"""The scanner against its corpus (tests/fixtures/scan/corpus.yaml): every positive is found with
its class's code, no negative is flagged, and the corpus's identifiers really have the structure
they claim (so the corpus cannot pass by holding malformed numbers)."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from conftest import PROJECT
from registri.scan import RULE_BY_CODE, is_nik, is_nip, mask, text_hits

_spec = importlib.util.spec_from_file_location("scan_corpus", PROJECT / "tooling" / "bench" / "scan_corpus.py")
scan_corpus = importlib.util.module_from_spec(_spec)
sys.modules["scan_corpus"] = scan_corpus      # dataclasses look their module up there
_spec.loader.exec_module(scan_corpus)

CLASSES = scan_corpus.load_corpus()
POSITIVES = [(name, spec["code"], text) for name, spec in CLASSES.items() for text in spec["positives"]]
NEGATIVES = [(name, text) for name, spec in CLASSES.items() for text in spec["negatives"]]


def test_the_corpus_covers_every_personal_data_and_secret_code() -> None:
    codes = {spec["code"] for spec in CLASSES.values() if spec["code"]}
    assert codes == {code for code in RULE_BY_CODE if code < "SCN020"}
    for name, spec in CLASSES.items():
        assert spec["negatives"], name                               # every class has look-alikes
        assert spec["positives"] or spec["code"] is None, name
    assert {"nuptk", "nrg", "nim", "telepon", "email", "npwp", "kata_sandi", "token"} <= set(CLASSES)


@pytest.mark.parametrize(("name", "code", "text"), POSITIVES, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(POSITIVES)])
def test_every_positive_is_found_with_its_class(name: str, code: str, text: str) -> None:
    hits = text_hits(text)
    assert [h.code for h in hits] == [code], [(h.code, text[h.start:h.end]) for h in hits]


@pytest.mark.parametrize(("name", "text"), NEGATIVES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(NEGATIVES)])
def test_no_negative_is_flagged(name: str, text: str) -> None:
    hits = text_hits(text)
    assert hits == [], [(h.code, text[h.start:h.end]) for h in hits]


def test_corpus_identifiers_have_their_documented_structure() -> None:
    for text in CLASSES["nik"]["positives"]:
        digits = re.sub(r"\D", "", re.search(r"\d[\d .\-]{14,}\d", text).group())
        assert is_nik(digits), text
    for text in CLASSES["nip"]["positives"]:
        digits = re.sub(r"\D", "", re.search(r"\d[\d ]{16,}\d", text).group())
        assert is_nip(digits), text


def test_messages_mask_the_value_in_every_class() -> None:
    for name, code, text in POSITIVES:
        (hit,) = text_hits(text)
        value = text[hit.start:hit.end]
        if code in ("SCN010", "SCN011", "SCN012", "SCN013"):          # secrets: nothing of the value but a prefix
            secret = re.split(r"[:=]|adalah|\s(?=\S+$)", value)[-1].strip(" '\"")
            assert secret not in hit.message and (len(secret) < 8 or secret[4:] not in hit.message), (name, hit.message)
        elif code == "SCN006":                                         # e-mail: first letter of the name only
            local = re.split(r"[\s\[({<@]", value, maxsplit=1)[0]
            assert local[1:] not in hit.message and "***" in hit.message, (name, hit.message)
        else:                                                          # numbers: never all their digits
            digits = re.sub(r"\D", "", value)
            assert digits not in re.sub(r"\D", "", hit.message) and "*" in hit.message, (name, hit.message)


def test_the_bench_prints_a_table_per_class(capsys) -> None:
    assert scan_corpus.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| Kelas | Kode | Positif ditemukan | Recall |")
    for spec in CLASSES.values():
        assert f"| {spec['title']} |" in out
    assert "terlewat" not in out and "positif palsu [" not in out
