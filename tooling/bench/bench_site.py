"""How long the internal site takes to build, and how big it is, as the register grows.

For each register it runs `registri build` exactly as staff do (a separate process: strict MkDocs
build with the plugin, reports included) and reports wall time, CPU time of that process, site size,
pages, and the search index. Then, in this process, it times the plugin's own parts once:
load_register, history, validation, reports (report_files) and page generation, so the rest of
the build (Markdown and the Material theme, per page) can be told apart.

Registers: the sample register (this repository, no Git history), the demo (`registri demo`),
and synthetic demos of N records (`registri demo --records N`).

    .venv/bin/python tooling/bench/bench_site.py [--sizes 1000 5000] [--no-parts] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT / "tooling"))

from registri.demo import build_demo  # noqa: E402

TODAY = "2026-11-26"


@dataclass
class Result:
    name: str
    records: int
    wall: float
    cpu: float
    pages: int
    size: int
    search: int
    parts: dict[str, float]


def _sample(folder: Path) -> Path:
    root = folder / "sample"
    root.mkdir(parents=True)
    for name in ("registri.yaml", "mkdocs.yml"):
        shutil.copy2(PROJECT / name, root / name)
    for name in ("records", "docs"):
        shutil.copytree(PROJECT / name, root / name)
    return root


def _register(name: str, folder: Path) -> Path:
    if name == "sampel":
        return _sample(folder)
    records = None if name == "demo" else int(name.split()[-1])
    started = time.perf_counter()
    root = build_demo(folder / "demo", records=records, seed=1, today=dt.date.fromisoformat(TODAY))
    print(f"  (register {name} dibuat dalam {time.perf_counter() - started:.1f} s)", flush=True)
    return root


def _build(root: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `registri build` process."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling"), "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "registri", "build", "--today", TODAY, "--out", str(out)],
                            cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"registri build gagal di {root}:\n{result.stdout}\n{result.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _parts(root: Path) -> dict[str, float]:
    """The plugin's own work, part by part (one run each, in this process)."""
    from registri.attention import collect
    from registri.catalog import all_rules
    from registri.register import load_register
    from registri.site import data as site_data, pages
    from registri.site.render import RawHtml

    parts: dict[str, float] = {}

    def timed(name, work):
        started = time.perf_counter()
        value = work()
        parts[name] = time.perf_counter() - started
        return value

    day = dt.date.fromisoformat(TODAY)
    register = timed("load_register", lambda: load_register(root))
    history, note = timed("history", lambda: site_data.read_history(root))
    findings = timed("validasi", lambda: site_data.check(register, day))
    reports = timed("laporan", lambda: site_data.report_files(register, history, day))
    data = site_data.SiteData(   # what load_site_data assembles, from the parts just timed
        register=register, history=history, history_note=note, today=day, findings=tuple(findings),
        rules=all_rules(), attention_soon=collect(register, day, site_data.SOON),
        attention_later=collect(register, day, site_data.LATER), files=site_data.ReportFiles(reports))
    site = pages.make_site(data)
    timed("halaman", lambda: (pages.generated_pages(site), pages.dashboard_block(site, "index.md", RawHtml()),
                              pages.sop_block(site, "sop.md", RawHtml())))
    return parts


def measure(name: str, folder: Path, with_parts: bool) -> Result:
    print(f"== {name}", flush=True)
    root = _register(name, folder)
    out = folder / "site"
    wall, cpu = _build(root, out)
    files = [p for p in out.rglob("*") if p.is_file()]
    from registri.register import load_register
    records = len(load_register(root).records)
    result = Result(name, records, wall, cpu, sum(1 for p in files if p.name.endswith(".html")),
                    sum(p.stat().st_size for p in files), (out / "search" / "search_index.json").stat().st_size,
                    _parts(root) if with_parts else {})
    print(f"  {records} catatan: {wall:.1f} s (CPU {cpu:.1f} s), {result.size / 1e6:.1f} MB", flush=True)
    return result


def table(results: list[Result]) -> str:
    head = ("| Register | Catatan | Waktu bangun | CPU | ms/catatan (CPU) | Halaman HTML | Ukuran situs | "
            "Indeks pencarian | Bagian plugin (s): register · riwayat · validasi · laporan · halaman |")
    lines = [head, "|" + "---|" * 9]
    for r in results:
        parts = " · ".join(f"{r.parts.get(k, 0):.1f}" for k in ("load_register", "history", "validasi", "laporan", "halaman")) \
            if r.parts else "—"
        lines.append(f"| {r.name} | {r.records} | {r.wall:.1f} s | {r.cpu:.1f} s | {1000 * r.cpu / r.records:.0f} | "
                     f"{r.pages} | {r.size / 1e6:.1f} MB | {r.search / 1e6:.2f} MB | {parts} |")
    return "\n".join(lines)


def growth(results: list[Result]) -> str:
    """CPU time against records between consecutive sizes: an exponent near 1 is linear."""
    import math
    lines = []
    ordered = sorted(results, key=lambda r: r.records)
    for small, big in zip(ordered, ordered[1:]):
        if big.records > small.records and small.cpu > 0:
            exponent = math.log(big.cpu / small.cpu) / math.log(big.records / small.records)
            extra = (big.cpu - small.cpu) / (big.records - small.records) * 1000
            lines.append(f"{small.records} -> {big.records} catatan: CPU x{big.cpu / small.cpu:.1f} untuk catatan "
                         f"x{big.records / small.records:.1f} (eksponen {exponent:.2f}); "
                         f"{extra:.0f} ms CPU per catatan tambahan")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000], help="synthetic demo sizes")
    parser.add_argument("--no-parts", action="store_true", help="skip the in-process part timings")
    parser.add_argument("--keep", action="store_true", help="keep the registers and sites")
    args = parser.parse_args()
    names = ["sampel", "demo", *(f"demo --records {n}" for n in args.sizes)]
    results = []
    base = Path(tempfile.mkdtemp(prefix="bench-site-"))
    try:
        for index, name in enumerate(names):
            results.append(measure(name, base / str(index), not args.no_parts))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"(disimpan di {base})")
    print()
    print(f"Mesin: {os.cpu_count()} inti; beban rata-rata saat selesai {os.getloadavg()[0]:.1f}. "
          "Waktu bangun = `registri build` (mkdocs build --strict + plugin + laporan).")
    print(table(results))
    print()
    print(growth(results))


if __name__ == "__main__":
    main()
