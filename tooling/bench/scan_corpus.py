"""Recall and false positives of `registri scan` per class, on the corpus in tests/fixtures/scan.

    .venv/bin/python tooling/bench/scan_corpus.py [CORPUS.yaml]

A positive counts as found when the scanner reports exactly its class's code for it and nothing
else; a negative counts as a false positive when the scanner reports anything. Also prints the
scanner's speed on the corpus (texts per second) and per sample record, because every commit
runs it.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tooling"))

from registri.scan import text_hits  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "scan" / "corpus.yaml"
JOIN_MARK = "‹›"     # written inside token prefixes so code hosts' secret scanners skip the corpus


@dataclass(frozen=True)
class ClassResult:
    name: str
    title: str
    code: str | None
    missed: tuple[tuple[str, tuple[str, ...]], ...]          # positive text, codes reported
    flagged: tuple[tuple[str, tuple[str, ...]], ...]         # negative text, codes reported
    positives: int
    negatives: int

    @property
    def found(self) -> int:
        return self.positives - len(self.missed)

    @property
    def recall(self) -> float | None:
        return self.found / self.positives if self.positives else None


def load_corpus(path: Path = CORPUS) -> dict[str, dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    classes = data["classes"]
    for spec in classes.values():
        spec["positives"] = [t.replace(JOIN_MARK, "") for t in spec.get("positives") or []]
        spec["negatives"] = [t.replace(JOIN_MARK, "") for t in spec.get("negatives") or []]
    return classes


def evaluate(classes: dict[str, dict]) -> list[ClassResult]:
    results = []
    for name, spec in classes.items():
        code = spec.get("code")
        missed, flagged = [], []
        for text in spec["positives"]:
            codes = tuple(h.code for h in text_hits(text))
            if codes != (code,):
                missed.append((text, codes))
        for text in spec["negatives"]:
            codes = tuple(h.code for h in text_hits(text))
            if codes:
                flagged.append((text, codes))
        results.append(ClassResult(name, spec.get("title", name), code, tuple(missed), tuple(flagged),
                                   len(spec["positives"]), len(spec["negatives"])))
    return results


def table(results: list[ClassResult]) -> str:
    lines = ["| Kelas | Kode | Positif ditemukan | Recall | Negatif ditandai (positif palsu) |",
             "| --- | --- | ---: | ---: | ---: |"]
    for r in results:
        recall = f"{r.recall:.0%}" if r.recall is not None else "–"
        lines.append(f"| {r.title} | {r.code or '–'} | {r.found}/{r.positives} | {recall} | {len(r.flagged)}/{r.negatives} |")
    positives = sum(r.positives for r in results)
    found = sum(r.found for r in results)
    negatives = sum(r.negatives for r in results)
    flagged = sum(len(r.flagged) for r in results)
    lines.append(f"| **Semua** | | {found}/{positives} | {found / positives:.0%} | {flagged}/{negatives} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    classes = load_corpus(Path(argv[0]) if argv else CORPUS)
    results = evaluate(classes)
    print(table(results))
    for r in results:
        for text, codes in r.missed:
            print(f"terlewat [{r.name}]: {text!r} -> {list(codes)}")
        for text, codes in r.flagged:
            print(f"positif palsu [{r.name}]: {text!r} -> {list(codes)}")
    texts = [t for spec in classes.values() for t in spec["positives"] + spec["negatives"]]
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            text_hits(text)
    elapsed = time.perf_counter() - started
    print(f"\n{len(texts)} teks x {rounds} putaran: {elapsed:.2f} s, {len(texts) * rounds / elapsed:,.0f} teks/detik")
    records = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "records").rglob("*.yaml"))]
    if records:
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(20):
                for text in records:
                    text_hits(text)
            runs.append((time.perf_counter() - started) / (20 * len(records)))
        print(f"catatan contoh ({len(records)} berkas): {min(runs) * 1000:.2f} ms per catatan (terbaik dari 3)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
