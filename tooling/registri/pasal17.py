"""The Pasal 17 table (pasal17.yaml): letters, their angka, and what periods they allow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CODE = re.compile(r"^17([a-j])(?:\.([0-9]+))?$")


@dataclass(frozen=True)
class Ground:
    letter: str
    summary: str
    text: str
    angka: int
    may_be_indefinite: bool
    max_years: int | None

    @property
    def code(self) -> str:
        return f"17{self.letter}"


@dataclass(frozen=True)
class Pasal17:
    grounds: dict[str, Ground]   # letter -> ground

    def ground(self, code: str) -> Ground | None:
        """The ground of a code such as '17h.4' (None when the letter does not exist)."""
        match = CODE.match(code)
        return self.grounds.get(match.group(1)) if match else None

    def is_valid(self, code: str) -> bool:
        """A letter a-j, and an angka only where the letter has angka, within its range."""
        match = CODE.match(code)
        if not match or match.group(1) not in self.grounds:
            return False
        ground, angka = self.grounds[match.group(1)], match.group(2)
        if angka is None:
            return True
        return ground.angka > 0 and 1 <= int(angka) <= ground.angka

    def max_years(self, code: str, overrides: dict[str, int]) -> int | None:
        ground = self.ground(code)
        if ground is None:
            return None
        return overrides.get(ground.code, ground.max_years)


@lru_cache(maxsize=1)
def load_pasal17() -> Pasal17:
    """The packaged table; it is part of the law, not of an office's configuration."""
    from registri.loader import load_file  # local: keeps this module importable on its own

    loaded = load_file(Path(__file__).with_name("pasal17.yaml"))
    if loaded.findings:  # a packaging defect, not user input
        raise RuntimeError("; ".join(f.as_text() for f in loaded.findings))
    grounds = {
        letter: Ground(letter=letter, summary=g["ringkas"], text=g["uraian"], angka=int(g["angka"]),
                       may_be_indefinite=bool(g["tidak_terbatas"]), max_years=g.get("maks_tahun"))
        for letter, g in loaded.data["huruf"].items()
    }
    return Pasal17(grounds)
