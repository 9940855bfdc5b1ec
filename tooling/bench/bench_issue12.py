"""Every figure of issue 12 (a register of 10,000 records), before and after, in one run.

For each size (default 1,000 and 10,000 records) it makes one demo register (`registri demo
--records N`, 2,321 commits at 10,000) and measures two versions of the code on copies of it:
"before" (a checkout of the commit before this work, default 9f26616, made with `git worktree
add` unless --before-dir names one) and "after" (this checkout). Each version runs in its own
process with PYTHONPATH pointing at its own `tooling/`, and builds with its own mkdocs.yml and docs/.

Figures:
  build cold (no site, no cache) and peak memory (max RSS of the build and its children);
  build again with nothing changed, with the cache of the cold build;
  build again after one record's title changed (committed), with the cache of the builds before;
  build again after one record's hardcopy location changed (committed: shown on its page only);
  site size (bytes of all files; `du` in brackets) and search index size;
  daftar/ HTML size, and the largest file a reader's browser fetches for the table or search;
  Chromium (Playwright, /usr/bin/chromium): register table usable, one filter keystroke (the
  slowest of three), a record page loaded, first search result for a word of a record's text;
  `registri validate` cold and again unchanged;
  `pre-commit run --files <one record>` in the sample register (this repository's records);
  the anchor: plain Material building N one-line pages out of nav (issue: theme's floor).

    .venv/bin/python tooling/bench/bench_issue12.py [--sizes 1000 10000] [--work DIR] [--keep]
    .venv/bin/python tooling/bench/bench_issue12.py --search-only SITE [SITE…] [--runs 5]
        (only "first search result", on sites already built, in alternation; with the page's own
        timings: when Pagefind was merged, when the word was typed, when the first result showed)

The 10,000-record runs take many minutes on a 2-core machine: run it with nohup into a log.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"
BEFORE_REF = "9f26616"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FILTER_WORD = "dok"                  # typed into the register filter, one keystroke at a time
SEARCH_WORD = "kualifikasi"          # a word of the records' descriptions (uraian), not of titles
ENV = {**os.environ, "REGISTRI_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}

# Runs one build in a fresh interpreter of the version under test; prints seconds and peak RSS.
BUILD = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from registri.commands.build import build_site
    config, root, out = map(Path, sys.argv[1:4])
    start = time.perf_counter()
    build_site(config, root, out, sys.argv[4])
    seconds = time.perf_counter() - start
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": max(own.ru_maxrss, kids.ru_maxrss) / 1024}))
""")

PLAIN = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    start = time.perf_counter()
    build(load_config(sys.argv[1], site_dir=sys.argv[2]))
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


@dataclass
class Figures:
    values: dict[str, str] = field(default_factory=dict)

    def put(self, key: str, value: str) -> None:
        self.values[key] = value
        print(f"    {key}: {value}", flush=True)


def run(cmd: list[str], cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env or ENV, text=True, capture_output=True)
    if check and done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, cmd))}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done


def version_env(code: Path) -> dict:
    return {**ENV, "PYTHONPATH": str(code / "tooling")}


def timed(cmd: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    run(cmd, cwd, env)
    return time.perf_counter() - start


def mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder.is_dir() else 0


def du(folder: Path) -> str:
    done = subprocess.run(["du", "-sh", str(folder)], capture_output=True, text=True)
    return done.stdout.split()[0] if done.returncode == 0 else "?"


# Versions -------------------------------------------------------------------------------------

def checkout(work: Path, name: str, ref: str, given: Path | None) -> Path:
    """A checkout of `ref` in the work folder (git worktree), or the folder given."""
    if given:
        return given
    target = work / name
    if not (target / "tooling").is_dir():
        run(["git", "worktree", "add", "--detach", str(target), ref], PROJECT)
    return target


def demo(work: Path, records: int) -> Path:
    target = work / f"demo-{records}"
    if not (target / ".git").is_dir():
        run([sys.executable, "-m", "registri", "demo", "--records", str(records), "--out", str(target),
             "--today", TODAY], PROJECT, version_env(PROJECT))
    return target


def copy_register(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    shutil.rmtree(target / ".git" / "registri-cache", ignore_errors=True)
    return target


def change_one_record(root: Path) -> str:
    """Change one record's title and commit it as a correction; returns the record's id."""
    record = sorted((root / "records").rglob("*.yaml"))[len(list((root / "records").rglob("*.yaml"))) // 2]
    text = record.read_text(encoding="utf-8")
    changed = re.sub(r"^(judul: .*?)(['\"]?)$", lambda m: f"{m[1]} (diperbaiki){m[2]}", text, count=1, flags=re.M)
    if changed == text:
        raise SystemExit(f"no title line in {record}")
    record.write_text(changed, encoding="utf-8")
    run(["git", "add", str(record.relative_to(root))], root)
    run(["git", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m",
         f"Koreksi judul {record.stem}\n\nPerubahan: koreksi\nPelaksana: PPID"], root)
    return record.stem


def move_one_hardcopy(root: Path) -> str:
    """Change where one record's hardcopy is kept (shown on its page only: no report, table or
    public list holds it) and commit it; returns the record's id."""
    records = sorted((root / "records").rglob("*.yaml"))
    for record in records[len(records) // 3:]:
        text = record.read_text(encoding="utf-8")
        moved = re.sub(r"^(    lokasi: \"Ruang Arsip[^\"]*?)(\"?)$", lambda m: f"{m[1]}, dipindah{m[2]}", text,
                       count=1, flags=re.M)
        if moved != text:
            break
    else:
        raise SystemExit(f"no hardcopy location in {root / 'records'}")
    record.write_text(moved, encoding="utf-8")
    run(["git", "add", str(record.relative_to(root))], root)
    run(["git", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m",
         f"Pindah arsip {record.stem}\n\nPerubahan: koreksi\nPelaksana: PPID"], root)
    return record.stem


def build(code: Path, root: Path, out: Path) -> dict:
    done = run([sys.executable, "-c", BUILD, str(code / "mkdocs.yml"), str(root), str(out), TODAY], code,
               version_env(code))
    return json.loads(done.stdout.strip().splitlines()[-1])


def plain_material(work: Path, records: int) -> dict:
    """The theme's floor: N one-line pages out of nav, plain Material, its own search plugin."""
    folder = work / f"plain-{records}"
    docs = folder / "docs"
    if not docs.is_dir():
        (docs / "p").mkdir(parents=True)
        (docs / "index.md").write_text("# Beranda\n", encoding="utf-8")
        for i in range(records):
            (docs / "p" / f"{i}.md").write_text(f"# Halaman {i}\n\nSatu baris teks halaman {i}.\n", encoding="utf-8")
        (folder / "mkdocs.yml").write_text("site_name: Uji\ntheme:\n  name: material\nnav:\n  - index.md\n",
                                           encoding="utf-8")
    out = folder / "site"
    shutil.rmtree(out, ignore_errors=True)
    done = run([sys.executable, "-c", PLAIN, str(folder / "mkdocs.yml"), str(out)], folder)
    return json.loads(done.stdout.strip().splitlines()[-1])


# Browser --------------------------------------------------------------------------------------

class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The browser moving on mid-download (the old site's 40 MB index) resets the connection:
        # not a figure, and no traceback in the bench's output.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def served(site: Path):
    server = QuietServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


KEYSTROKES = """async (word) => {
  const input = document.querySelector("form.rg-filter input[name=q]");
  const times = [];
  for (const ch of word) {
    const start = performance.now();
    input.value += ch;
    input.dispatchEvent(new Event("input", {bubbles: true}));
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.push(performance.now() - start);
  }
  return times;
}"""


def browser_figures(site: Path, record_id: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
        tab = context.new_page()
        tab.set_default_timeout(180_000)
        tab.goto(url, wait_until="load")                 # warm the shared CSS/JS like a reader's cache

        start = time.perf_counter()
        tab.goto(url + "daftar/", wait_until="load")
        tab.wait_for_function("document.querySelector('form.rg-filter') && "
                              "document.querySelector('form.rg-filter').dataset.registriReady")
        out["table"] = time.perf_counter() - start
        out["keystroke"] = max(tab.evaluate(KEYSTROKES, FILTER_WORD)) / 1000

        start = time.perf_counter()
        tab.goto(url + f"catatan/{record_id}/", wait_until="load")
        out["record"] = time.perf_counter() - start

        out["search"] = first_search_result(tab, url, site)
        browser.close()
    return out


# The page's own clock: Pagefind merged, the word typed, the first result shown (ms after the
# navigation started). Set before the page's scripts run.
PAGE_MARKS = """(() => {
  window.__marks = {};
  const mark = (k) => { if (!(k in window.__marks)) window.__marks[k] = Math.round(performance.now()); };
  document.addEventListener("input", () => mark("typed"), true);
  new MutationObserver(() => {
    if (document.querySelector(".pagefind-ui__result a[href*='catatan/']")) mark("result");
  }).observe(document, {subtree: true, childList: true});
  const wait = setInterval(() => {
    if (window.registriPagefindReady) { clearInterval(wait); window.registriPagefindReady.then(() => mark("merged")); }
  }, 5);
})()"""


def first_search_result(tab, url: str, site: Path) -> float:
    """Seconds from opening the search page to the first record found by a word of its text."""
    if (site / "pagefind").is_dir():              # after: the Pagefind page
        start = time.perf_counter()
        tab.goto(url + "cari/", wait_until="load")
        field_ = tab.locator(".pagefind-ui__search-input")
        field_.wait_for()
        field_.fill(SEARCH_WORD)
        tab.locator(".pagefind-ui__result a[href*='catatan/']").first.wait_for()
    else:                                          # before: Material's search
        start = time.perf_counter()
        tab.goto(url, wait_until="load")
        tab.locator("input.md-search__input").click()
        tab.locator("input.md-search__input").fill(SEARCH_WORD)
        tab.locator(".md-search-result__item a[href*='catatan/']").first.wait_for()
    return time.perf_counter() - start


def search_only(sites: list[Path], runs: int) -> int:
    """"First search result" alone, `runs` times on each built site in alternation (a fresh
    browser each time, the home page opened first as in browser_figures)."""
    from playwright.sync_api import sync_playwright

    got: dict[Path, list[float]] = {site: [] for site in sites}
    with sync_playwright() as playwright:
        for run_ in range(runs):
            for site in sites:
                with served(site) as url:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                    tab = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID").new_page()
                    tab.set_default_timeout(60_000)
                    tab.add_init_script(PAGE_MARKS)
                    tab.goto(url, wait_until="load")
                    seconds = first_search_result(tab, url, site)
                    marks = tab.evaluate("() => window.__marks || {}")
                    browser.close()
                got[site].append(seconds)
                print(f"run {run_ + 1} {site}: {seconds:.3f} s (in the page, ms: {marks}); "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)
    for site, seconds in got.items():
        ordered = sorted(seconds)
        print(f"{site}: median {statistics.median(ordered):.3f} s (min {ordered[0]:.3f}, max {ordered[-1]:.3f}); "
              f"{sum(s <= 0.7 for s in ordered)} of {len(ordered)} runs ≤ 0.7 s, {sum(s <= 1 for s in ordered)} ≤ 1 s")
    return 0


# Validation and hooks -------------------------------------------------------------------------

def validate_figures(code: Path, root: Path) -> tuple[float, float]:
    """`registri validate` with no cache (cold), then again on the unchanged register."""
    cmd = [sys.executable, "-m", "registri", "validate", "--today", TODAY]
    env = version_env(code)
    shutil.rmtree(root / ".git" / "registri-cache", ignore_errors=True)
    times = []
    for _ in range(2):
        start = time.perf_counter()
        done = run(cmd, root, env, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"validate failed in {root}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return times[0], times[1]


def precommit_figure(code: Path, work: Path, runs: int = 5) -> float:
    """Median wall time of `pre-commit run --files <record>` for one changed record (sample register)."""
    repo = work / f"hook-{code.name}"
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    for name in ("registri.yaml", ".pre-commit-config.yaml", ".yamllint.yaml"):
        if (code / name).is_file():
            shutil.copy2(code / name, repo / name)
    shutil.copytree(code / "records", repo / "records")
    shutil.copytree(code / "tooling", repo / "tooling", ignore=shutil.ignore_patterns("__pycache__", "bench"))
    env = version_env(code)
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "config", "user.name", "Nurul Hasanah, S.Sos."],
                ["git", "config", "user.email", "nurul.hasanah@bpmp-kalsel.example"],
                ["git", "config", "commit.gpgsign", "false"],
                [sys.executable, "-m", "pre_commit", "install", "--install-hooks"],
                ["git", "add", "-A"], ["git", "commit", "-q", "--no-verify", "-m", "Register awal"]):
        run(cmd, repo, env)
    record = sorted((repo / "records").rglob("*.yaml"))[0]
    rel = record.relative_to(repo).as_posix()
    record.write_text(record.read_text(encoding="utf-8").replace("\n", "\n# koreksi\n", 1), encoding="utf-8")
    run(["git", "add", rel], repo)
    cmd = [sys.executable, "-m", "pre_commit", "run", "--files", rel]
    run(cmd, repo, env, check=False)                 # first run: hook environments, caches
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        run(cmd, repo, env, check=False)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


# One version at one size ----------------------------------------------------------------------

def measure(label: str, code: Path, source: Path, work: Path, hook: float | None) -> Figures:
    print(f"  {label} ({code})", flush=True)
    figures = Figures()
    root = copy_register(source, work / f"{label}-{source.name}")
    out = work / f"{label}-{source.name}-site"
    shutil.rmtree(out, ignore_errors=True)
    cold = build(code, root, out)
    figures.put("build cold", f"{cold['seconds']:.1f} s (CPU {cold['cpu']:.0f} s), peak {cold['peak_mb']:.0f} MB")
    search = out / ("pagefind" if (out / "pagefind").is_dir() else "search")
    figures.put("site / search index", f"{mb(tree_bytes(out))} (du {du(out)}) / {mb(tree_bytes(search))}")
    daftar = (out / "daftar" / "index.html").stat().st_size
    fetched = [out / "daftar" / "index.html", *(out / "assets" / "registri" / "daftar").glob("*.json"),
               *(f for f in search.rglob("*") if f.is_file())]
    biggest = max(fetched, key=lambda f: f.stat().st_size)
    figures.put("daftar/ HTML", mb(daftar))
    figures.put("largest file for table/search", f"{mb(biggest.stat().st_size)} ({biggest.relative_to(out)})")
    same = build(code, root, out)             # nothing changed: everything from the cache
    figures.put("build again, nothing changed",
                f"{same['seconds']:.1f} s (CPU {same['cpu']:.0f} s), peak {same['peak_mb']:.0f} MB")
    record_id = change_one_record(root)
    again = build(code, root, out)
    figures.put("build after one record changed",
                f"{again['seconds']:.1f} s (CPU {again['cpu']:.0f} s), peak {again['peak_mb']:.0f} MB")
    marker = (out / "catatan" / record_id / "index.html").read_text(encoding="utf-8")
    if "(diperbaiki)" not in marker:
        raise SystemExit(f"{label}: the changed title of {record_id} is not on its page after the rebuild")
    moved_id = move_one_hardcopy(root)
    moved = build(code, root, out)
    figures.put("build after one hardcopy location changed",
                f"{moved['seconds']:.1f} s (CPU {moved['cpu']:.0f} s), peak {moved['peak_mb']:.0f} MB")
    if ", dipindah" not in (out / "catatan" / moved_id / "index.html").read_text(encoding="utf-8"):
        raise SystemExit(f"{label}: the moved hardcopy of {moved_id} is not on its page after the rebuild")
    times = browser_figures(out, record_id)
    figures.put("Chromium: table usable", f"{times['table']:.2f} s")
    figures.put("Chromium: filter keystroke", f"{times['keystroke']:.3f} s")
    figures.put("Chromium: record page", f"{times['record']:.2f} s")
    figures.put("Chromium: first search result", f"{times['search']:.2f} s")
    cold_v, again_v = validate_figures(code, root)
    figures.put("validate cold / again", f"{cold_v:.2f} s / {again_v:.2f} s")
    if hook is not None:
        figures.put("pre-commit one record (sample register)", f"{hook:.2f} s")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=None, help="folder for registers and sites (kept)")
    parser.add_argument("--before-ref", default=BEFORE_REF)
    parser.add_argument("--before-dir", type=Path, default=None, help="an existing checkout of the old code")
    parser.add_argument("--after-ref", default=None,
                        help="measure this commit as 'after' (a checkout of it; default: this working tree)")
    parser.add_argument("--no-anchor", action="store_true", help="skip the plain-Material anchor build")
    parser.add_argument("--only", choices=("before", "after"), default=None,
                        help="measure one version only (the issue's figures need both: the default)")
    parser.add_argument("--search-only", type=Path, nargs="+", default=None, metavar="SITE",
                        help="only time the first search result on these built sites, in alternation")
    parser.add_argument("--runs", type=int, default=5, help="runs per site with --search-only")
    args = parser.parse_args()
    if args.search_only:
        return search_only(args.search_only, args.runs)
    work = (args.work or Path(tempfile.mkdtemp(prefix="registri-bench12-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; work folder {work}", flush=True)
    after = checkout(work, "after", args.after_ref, None) if args.after_ref else PROJECT
    versions = {"before": checkout(work, "before", args.before_ref, args.before_dir), "after": after}
    if args.only:
        versions = {args.only: versions[args.only]}
    for label, code in versions.items():
        head = run(["git", "rev-parse", "--short", "HEAD"], code).stdout.strip()
        print(f"{label}: {code} (commit {head})", flush=True)
    hooks = {}
    for label, code in versions.items():
        hooks[label] = precommit_figure(code, work)
        print(f"  pre-commit one record, {label}: {hooks[label]:.2f} s", flush=True)
    results: dict[tuple[str, int], Figures] = {}
    anchors = {}
    for size in args.sizes:
        print(f"{size} records (load average {os.getloadavg()[0]:.2f})", flush=True)
        source = demo(work, size)
        for label, code in versions.items():
            results[(label, size)] = measure(label, code, source, work, hooks[label])
        if not args.no_anchor:
            anchors[size] = plain_material(work, size)
            print(f"  plain Material, {size} one-line pages: {anchors[size]['seconds']:.1f} s, "
                  f"peak {anchors[size]['peak_mb']:.0f} MB", flush=True)
    keys = list(next(iter(results.values())).values)
    columns = [(label, size) for size in args.sizes for label in versions]
    print()
    print("| What | " + " | ".join(f"{size:,} {label}" for label, size in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for key in keys:
        print(f"| {key} | " + " | ".join(results[c].values.get(key, "—") for c in columns) + " |")
    if anchors:
        print("| plain Material, N one-line pages | " + " | ".join(
            f"{anchors[size]['seconds']:.1f} s, {anchors[size]['peak_mb']:.0f} MB" if label == columns[0][0] else "″"
            for label, size in columns) + " |")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
