"""The site's report data and findings come from the build cache only when nothing they are computed
from has changed (issue 12): a build where nothing changed computes no report and checks no record,
and each kind of input — a record's content, the history (a new commit), the configuration, the day,
the code version — makes them computed again. What the cache gives equals the uncached computation.
Real Git repositories; the counts come from the real functions, wrapped."""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import TODAY, copy_register, git, init_repo

from registri import cache
from registri.site import data as site_data
from registri import forked
from registri.site.data import load_site_data

RECORD = "records/2026/DIK-2026-003.yaml"


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message)


def retitle(root: Path, words: str) -> None:
    file = root / RECORD
    file.write_text(file.read_text(encoding="utf-8").replace("judul: ", f"judul: {words} ", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A register in Git whose site data was loaded once (the cache filled)."""
    root = copy_register(init_repo(tmp_path_factory.mktemp("reports") / "repo"))
    commit(root, "Register awal\n\nPerubahan: koreksi\nPelaksana: PPID")
    load_site_data(root, TODAY)
    return root


@pytest.fixture
def repo(warm, tmp_path) -> Path:
    """A copy of the warm register, loaded once more where it now lies: the folder is part of the
    keys (a register moved elsewhere is computed again), and the copy's cache then holds it."""
    shutil.copytree(warm, tmp_path / "repo", symlinks=True)
    load_site_data(tmp_path / "repo", TODAY)
    return tmp_path / "repo"


@pytest.fixture
def counted(monkeypatch) -> dict[str, int]:
    """How often the reports are computed and the records checked, in this process."""
    calls = {"reports": 0, "checks": 0}
    monkeypatch.setattr(forked, "workers", lambda: 1)          # computed here, where calls are counted
    real_data, real_run = site_data.report_files, site_data.run

    def report_files(*args, **kwargs):
        calls["reports"] += 1
        return real_data(*args, **kwargs)

    def run(*args, **kwargs):
        calls["checks"] += 1
        return real_run(*args, **kwargs)

    monkeypatch.setattr(site_data, "report_files", report_files)
    monkeypatch.setattr(site_data, "run", run)
    return calls


def test_a_register_moved_to_another_folder_is_computed_again(warm, tmp_path, counted):
    shutil.copytree(warm, tmp_path / "moved", symlinks=True)
    data = load_site_data(tmp_path / "moved", TODAY)
    assert counted == {"reports": 1, "checks": 1}
    assert data.reports == uncached(tmp_path / "moved").reports


def uncached(root: Path, today: str = TODAY):
    return load_site_data(root, today, use_cache=False)


def same_as_uncached(data, root: Path, today: str = TODAY) -> None:
    """The reports and findings of a cached build equal those computed without any cache."""
    fresh = uncached(root, today)
    assert data.reports == fresh.reports and data.findings == fresh.findings


def test_nothing_changed_computes_no_report_and_checks_no_record(repo, counted):
    data = load_site_data(repo, TODAY)
    assert counted == {"reports": 0, "checks": 0}
    assert data.late is None
    same_as_uncached(data, repo)
    # Section I of each period report still names the commit the report was computed from.
    head = git(repo, "rev-parse", "HEAD").stdout.strip()
    assert any(head in text for path, text in data.reports.items() if path.startswith("laporan/20") and path.endswith(".md"))


def test_a_changed_record_computes_the_reports_and_checks_again(repo, counted):
    retitle(repo, "Tembolok-Isi")                             # not committed: its blob id alone differs
    data = load_site_data(repo, TODAY)
    assert counted == {"reports": 1, "checks": 1}
    assert any("Tembolok-Isi" in text for text in data.reports.values() if isinstance(text, str))
    same_as_uncached(data, repo)


def test_a_new_commit_computes_the_reports_again(repo, counted):
    # An empty commit: every record file is as it was; only the history moved on.
    git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m", "Catatan rapat")
    head = git(repo, "rev-parse", "HEAD").stdout.strip()
    data = load_site_data(repo, TODAY)
    assert counted["reports"] == 1
    assert counted["checks"] == 0                             # the findings do not read the history
    assert any(head in text for text in data.reports.values() if isinstance(text, str))
    assert data.reports == uncached(repo).reports


def test_after_a_commit_no_report_file_is_rendered_again_and_every_file_names_the_new_commit(repo, counted,
                                                                                             monkeypatch):
    # The figures of every period are as they were; only the commit they were computed from moved.
    # Every file holds it as text, the PDF too: each is filled in from the cache (commitfill.py).
    import io
    import zipfile

    import registri.report.site as report_site

    made = []
    for name in ("render_pdf", "render_xlsx", "render_json", "render_csv", "render_markdown"):
        monkeypatch.setattr(report_site, name, lambda *args, real=getattr(report_site, name), name=name, **kwargs:
                            made.append(name) or real(*args, **kwargs))
    git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m", "Catatan rapat")
    head = git(repo, "rev-parse", "HEAD").stdout.strip()
    data = load_site_data(repo, TODAY)
    assert made == []
    periods = [p for p in data.reports if p.startswith("laporan/unduh/20") and p.endswith(".json")]
    assert periods
    for path in periods:
        assert head in data.reports[path] and head[:12] in data.reports[path.replace("unduh/", "").replace(".json", ".md")]
        pdf = data.reports[path.replace(".json", ".pdf")]
        assert head.encode() in pdf and pdf.count(head[:12].encode()) >= 2      # section I, footer, notes
        with zipfile.ZipFile(io.BytesIO(data.reports[path.replace(".json", ".xlsx")])) as book:
            assert head.encode() in b"".join(book.read(name) for name in book.namelist())
    assert data.reports == uncached(repo).reports


def test_a_changed_configuration_computes_the_reports_and_checks_again(repo, counted):
    config = repo / "registri.yaml"
    text = config.read_text(encoding="utf-8")
    assert "nama: " in text
    config.write_text(text.replace("nama: ", "nama: Kantor Uji Laporan — ", 1), encoding="utf-8")
    data = load_site_data(repo, TODAY)
    assert counted == {"reports": 1, "checks": 1}
    assert any("Kantor Uji Laporan — " in text for text in data.reports.values() if isinstance(text, str))
    same_as_uncached(data, repo)


def test_another_day_computes_the_reports_and_checks_again(repo, counted):
    data = load_site_data(repo, "2026-11-27")
    assert counted == {"reports": 1, "checks": 1}
    assert data.today == dt.date(2026, 11, 27)
    same_as_uncached(data, repo, "2026-11-27")
    assert data.reports != load_site_data(repo, TODAY).reports   # the day is in every report


def test_a_new_code_version_computes_the_reports_and_checks_again(repo, counted, monkeypatch):
    monkeypatch.setattr(cache, "code_version", lambda: "another-version-of-the-code")
    data = load_site_data(repo, TODAY)
    assert counted == {"reports": 1, "checks": 1}
    assert data.reports == uncached(repo).reports


def test_a_report_file_missing_from_the_cache_computes_the_reports_again(repo, counted):
    entries = [p for p in (cache.cache_folder(repo) / "reports").glob("*.pickle") if not p.name.startswith("set-")]
    assert entries
    entries[0].unlink()
    data = load_site_data(repo, TODAY)
    assert counted["reports"] == 1
    assert data.reports == uncached(repo).reports


def test_the_cache_keeps_one_set_of_reports(repo):
    retitle(repo, "Sementara")
    load_site_data(repo, TODAY)
    assert len(list((cache.cache_folder(repo) / "reports").glob("set-*.pickle"))) == 1


# The history is read once per build --------------------------------------------------------------

def test_a_site_build_reads_the_history_once(repo, monkeypatch, tmp_path):
    from registri import history

    # The history is read in a child beside the register load: each read leaves a line in a file.
    log = tmp_path / "reads.txt"
    real = history._Cache.read_history

    def counted(self, key):
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(self, key)

    monkeypatch.setattr(history._Cache, "read_history", counted)
    retitle(repo, "Sekali")                                   # reports computed: the audit runs
    load_site_data(repo, TODAY)
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1


def test_the_audit_of_a_history_passed_in_equals_the_audit_that_reads_it(repo):
    from registri.audit import run_audit
    from registri.history import load_history

    git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m", "Tanpa trailer")
    day = dt.date.fromisoformat(TODAY)
    assert run_audit(repo, today=day, history=load_history(repo)) == run_audit(repo, today=day)
    # A history of another commit is not used for HEAD.
    old = load_history(repo, "HEAD~1")
    assert run_audit(repo, today=day, history=old) == run_audit(repo, today=day)


# The records cache is written again only where a record changed ----------------------------------

def test_a_changed_record_writes_only_its_shard_of_the_records_cache(repo, monkeypatch):
    from registri import validation
    from registri.register import load_register

    written = []
    real = cache.Store.write
    monkeypatch.setattr(cache.Store, "write", lambda self, name, value: written.append(name) or real(self, name, value))
    register, _ = validation.load_register_cached(repo)
    assert written == []                                      # nothing changed: nothing written
    retitle(repo, "Pecahan")
    register, _ = validation.load_register_cached(repo)
    assert written == [validation.RECORD_CACHE.format(shard=validation._record_shard(RECORD))]
    assert register == load_register(repo)
    assert "Pecahan" in next(r.title for r in register.records if r.path == RECORD)


def test_a_deleted_record_leaves_the_records_cache(repo):
    from registri import validation
    from registri.register import load_register

    (repo / RECORD).unlink()
    register, _ = validation.load_register_cached(repo)
    assert register == load_register(repo) and RECORD not in {r.path for r in register.records}
    kept = validation.read_records(cache.Store(cache.cache_folder(repo)))
    assert kept and RECORD not in {path for path, _ in kept}


# Record facts are computed once per record -------------------------------------------------------

def test_a_record_pickles_without_its_computed_facts_and_equals_itself(repo):
    from registri.register import load_register

    record = next(r for r in load_register(repo).records if r.path == RECORD)
    facts = (record.id, record.pasal, record.letters, record.period_type, record.period_end, record.review_date,
             record.determined_on, record.status_rank, record.year)
    again = pickle.loads(pickle.dumps(record))
    assert set(again.__dict__) == {"path", "data", "lines"}
    assert again == record and repr(again) == repr(record)
    assert (again.id, again.pasal, again.letters, again.period_type, again.period_end, again.review_date,
            again.determined_on, again.status_rank, again.year) == facts


# Aggregate views --------------------------------------------------------------------------------

def test_the_calendar_from_the_site_rows_equals_the_calendar_made_alone(repo):
    from registri.register import load_register
    from registri.site import views

    register, day = load_register(repo), dt.date.fromisoformat(TODAY)
    rows = {r.id: views.row(r, day) for r in register.records}
    alone = views.calendar(register, day)
    assert alone.months or alone.overdue
    assert views.calendar(register, day, rows=rows) == alone


def test_the_months_chart_counts_each_end_and_review_in_its_month(repo):
    from registri.register import load_register
    from registri.site import views

    register, day = load_register(repo), dt.date.fromisoformat(TODAY)
    months = views.upcoming_per_month(register, day, months=36)
    ends = [r.period_end for r in register.active() if r.period_end]
    reviews = [r.review_date for r in register.active() if r.review_date]
    horizon = dt.date(day.year + 3, day.month, 1)
    assert sum(m[1] for m in months) == sum(1 for d in ends if dt.date(day.year, day.month, 1) <= d < horizon)
    assert sum(m[2] for m in months) == sum(1 for d in reviews if dt.date(day.year, day.month, 1) <= d < horizon)
    assert sum(m[1] + m[2] for m in months) > 0


def test_the_activity_log_lists_the_newest_lines_as_a_full_sort_does(repo):
    from registri.history import Acceptance, load_history
    from registri.register import load_register
    from registri.site import views

    git(repo, "-c", "core.hooksPath=/dev/null", "commit", "-q", "--allow-empty", "-m", "Tanpa catatan")
    retitle(repo, "Aktivitas")
    commit(repo, "Koreksi judul\n\nPerubahan: koreksi\nPelaksana: PPID")
    register, history = load_register(repo), load_history(repo)
    tz = register.office.tz
    # The reference: every event and acceptance, newest first by (time, record id), stable.
    items = [(e.time.isoformat(), record_id, e) for record_id, past in history.records.items() for e in past.events]
    items += [(a.time.isoformat(), record_id, a) for a in history.acceptances for record_id in a.record_ids]
    items.sort(key=lambda item: (item[0], item[1]), reverse=True)
    for limit in (1, 8, 300):
        lines, total = views.activity(history, register, tz, limit)
        assert total == len(items)
        expected = [(record_id, views._acceptance_step(what, record_id, register.sop, tz) if isinstance(what, Acceptance)
                     else views._event_step(what, register.sop, tz)) for _, record_id, what in items[:limit]]
        assert [(line.record_id, line.step) for line in lines] == expected
    assert lines[0].step.subject == "Koreksi judul"


# Forked children are waited for on their pipes ---------------------------------------------------

def test_children_are_waited_for_without_taking_another_subprocess_exit_status():
    # A subprocess of this process runs while the children do: its exit status stays its own.
    other = subprocess.Popen(["sh", "-c", "sleep 0.3; exit 7"])
    jobs = [lambda n=n: (time.sleep(0.1 * n), n)[1] for n in range(4)]
    assert forked.run_all(jobs, parallel=2) == [0, 1, 2, 3]
    assert other.wait() == 7


def test_a_child_that_dies_has_its_job_run_here():
    parent = os.getpid()

    def dies_in_a_child():
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return "hier"

    assert forked.run_all([lambda: "dort", dies_in_a_child], parallel=2) == ["dort", "hier"]


def test_waiting_for_children_does_not_poll(monkeypatch):
    # The parent blocks on the children's pipes: it never sleeps to look again, and it wakes as
    # soon as the last child is done.
    parent = os.getpid()
    naps = []
    real = time.sleep
    monkeypatch.setattr(time, "sleep", lambda seconds: (naps.append(seconds) if os.getpid() == parent else None,
                                                         real(seconds))[1])

    def busy(seconds: float, value: int):
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pass
        return value

    start = time.monotonic()
    assert forked.run_all([lambda: busy(0.3, 1), lambda: busy(0.3, 2)], parallel=2) == [1, 2]
    assert naps == []
    assert time.monotonic() - start < 1.5


def test_jobs_in_batches_give_the_results_in_order_from_fewer_children(monkeypatch):
    forks = []
    real = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real())
    jobs = [lambda n=n: {f"f{n}": bytes([n]) * (n * 10_000)} for n in range(1, 12)]
    running = forked.start(jobs, parallel=2, batches=3)
    assert running.results() == [job() for job in jobs]
    assert len(forks) == 3


def test_a_batch_that_fails_in_a_child_raises_its_error_here():
    with pytest.raises(ZeroDivisionError):
        forked.start([lambda: 1, lambda: 2, lambda: 1 / 0, lambda: 4], parallel=2, batches=2).results()


def test_stages_hand_back_each_value_as_soon_as_the_child_yields_it(tmp_path):
    # The child yields its first value, then waits for a file this process writes only once it has
    # that value: the second can only come if the first was handed back before the child finished.
    go = tmp_path / "weiter"

    def stages():
        yield os.getpid()
        while not go.exists():
            time.sleep(0.01)
        yield "zwei"

    forked.settle()              # children an earlier test's history left writing its cache
    running = forked.staged(stages, 2)
    first = running.stage(0)
    go.write_text("ja")
    assert first != os.getpid() and running.stage(1) == "zwei"
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)                                 # the child was waited for


def test_stages_of_a_child_that_fails_are_made_here_and_raise_here():
    parent = os.getpid()

    def dies_after_the_first():
        yield "eins"
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        yield "hier"

    running = forked.staged(dies_after_the_first, 2)
    assert running.stage(0) == "eins" and running.stage(1) == "hier"

    def fails():
        yield 1 / 0

    with pytest.raises(ZeroDivisionError):
        forked.staged(fails, 1).stage(0)


def test_stages_closed_early_end_the_child():
    def slow():
        yield "eins"
        time.sleep(60)
        yield "nie"

    forked.settle()              # children an earlier test's history left writing its cache
    running = forked.staged(slow, 2)
    assert running.stage(0) == "eins"
    start = time.monotonic()
    running.close()
    assert time.monotonic() - start < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


# Dashboard charts -------------------------------------------------------------------------------

def dashboard(root: Path) -> str:
    from registri.site import pages

    # Made afresh each time (not the whole dashboard from the cache): the charts' own cache is tested.
    return pages._dashboard_html(pages.make_site(load_site_data(root, TODAY)), "index.md")


def test_dashboard_charts_come_from_the_cache_until_their_counts_or_the_code_change(repo, monkeypatch):
    from registri.site import charts

    drawn = []
    real = charts._svg
    monkeypatch.setattr(charts, "_svg", lambda figure, label, prefix: drawn.append(prefix) or real(figure, label, prefix))
    first = dashboard(repo)
    assert sorted(drawn) == ["rg-bulan", "rg-pasal", "rg-status"] and "<svg" in first
    drawn.clear()
    assert dashboard(repo) == first and drawn == []
    # One more record in a new status changes the status counts: that chart is drawn again.
    file = repo / RECORD
    text = file.read_text(encoding="utf-8")
    status = next(line for line in text.splitlines() if line.startswith("status:"))
    other = "divalidasi" if "divalidasi" not in status else "diklasifikasi"
    file.write_text(text.replace(status, f"status: {other}", 1), encoding="utf-8")
    dashboard(repo)
    assert "rg-status" in drawn
    drawn.clear()
    monkeypatch.setattr(cache, "code_version", lambda: "another-version-of-the-code")
    dashboard(repo)
    assert sorted(drawn) == ["rg-bulan", "rg-pasal", "rg-status"]


def test_a_dashboard_from_cached_charts_equals_one_drawn_afresh(repo):
    cached = dashboard(repo)
    shutil.rmtree(cache.cache_folder(repo) / "charts")
    assert dashboard(repo) == cached
    assert len(list((cache.cache_folder(repo) / "charts").glob("*.pickle"))) == 3


def test_a_record_file_git_ignores_is_still_part_of_the_keys(repo, counted):
    # An ignored record file has no blob id in Git's index; what it says still reaches the reports.
    draft = repo / "records" / "2026" / "DIK-2026-099.yaml"
    (repo / ".gitignore").write_text("records/2026/DIK-2026-099.yaml\n", encoding="utf-8")
    commit(repo, "Abaikan draf\n\nPerubahan: koreksi\nPelaksana: PPID")
    source = (repo / RECORD).read_text(encoding="utf-8").replace("DIK-2026-003", "DIK-2026-099")
    draft.write_text(source.replace("judul: ", "judul: Draf Pertama ", 1), encoding="utf-8")
    load_site_data(repo, TODAY)
    counted["reports"] = 0
    draft.write_text(source.replace("judul: ", "judul: Draf Kedua ", 1), encoding="utf-8")
    data = load_site_data(repo, TODAY)
    assert counted["reports"] == 1
    assert data.reports == uncached(repo).reports
    texts = "".join(t for t in data.reports.values() if isinstance(t, str))
    assert "Draf Kedua" in texts and "Draf Pertama" not in texts


# Generated pages, table rows and the dashboard ---------------------------------------------------

def generated(data, use_directory_urls: bool = True) -> dict:
    from registri.site import pages
    from registri.site.render import RawHtml

    site = pages.make_site(data, use_directory_urls)
    raw = RawHtml()
    out = {src: (page.markdown, tuple(page.raw.blocks)) if isinstance(page, pages.Page) else page
           for src, page in pages.generated_pages(site).items()}
    out["dashboard"] = pages.dashboard_block(site, "index.md", raw), tuple(raw.blocks)
    out["rows"] = site.rows, site.table_files
    return out


@pytest.fixture
def made(monkeypatch) -> dict[str, int]:
    """How often the generated pages, the rows and the dashboard are made, in this process."""
    from registri.site import pages, views

    calls = {"pages": 0, "rows": 0, "dashboard": 0}
    for name, module, attribute in (("pages", pages, "_generated_pages"), ("rows", views, "row"),
                                    ("dashboard", pages, "_dashboard_html")):
        real = getattr(module, attribute)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, attribute, counted)
    return calls


def test_unchanged_data_makes_no_generated_page_row_or_dashboard_again(repo, made):
    first = generated(load_site_data(repo, TODAY))
    made.update(pages=0, rows=0, dashboard=0)
    again = generated(load_site_data(repo, TODAY))
    assert made == {"pages": 0, "rows": 0, "dashboard": 0}
    assert again == first == generated(uncached(repo))


def test_a_changed_record_makes_the_generated_pages_again(repo, made):
    generated(load_site_data(repo, TODAY))
    retitle(repo, "Halaman-Buatan")
    made.update(pages=0, rows=0, dashboard=0)
    again = generated(load_site_data(repo, TODAY))
    assert made["pages"] == 1 and made["dashboard"] == 1 and made["rows"] > 0
    assert again == generated(uncached(repo))
    shown = [f"{page[0]}{''.join(page[1])}" for src, page in again.items() if src.endswith(".md")]
    assert any("Halaman-Buatan" in text for text in shown)
    assert any(b"Halaman-Buatan" in data for data in again["rows"][1].values())


def test_each_url_style_has_its_own_generated_pages(repo):
    data = load_site_data(repo, TODAY)
    plain, directories = generated(data, use_directory_urls=False), generated(data, use_directory_urls=True)
    assert plain != directories
    assert plain == generated(uncached(repo), use_directory_urls=False)
    assert directories == generated(uncached(repo), use_directory_urls=True)


def test_the_site_data_key_follows_every_kind_of_input(repo, monkeypatch):
    keys = [load_site_data(repo, TODAY).key]
    retitle(repo, "Kunci")                                                    # a record's content
    keys.append(load_site_data(repo, TODAY).key)
    commit(repo, "Koreksi judul\n\nPerubahan: koreksi\nPelaksana: PPID")      # the history
    keys.append(load_site_data(repo, TODAY).key)
    keys.append(load_site_data(repo, "2026-11-27").key)                       # the day
    config = repo / "registri.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("nama: ", "nama: Kunci ", 1), encoding="utf-8")
    keys.append(load_site_data(repo, TODAY).key)                              # the configuration
    monkeypatch.setattr(cache, "code_version", lambda: "another-version-of-the-code")
    keys.append(load_site_data(repo, TODAY).key)                              # the code version
    assert None not in keys and len(set(keys)) == len(keys)
    assert load_site_data(repo, TODAY).key == keys[-1]                         # and nothing else
    assert load_site_data(repo, TODAY, use_cache=False).key is None


def test_validate_follows_a_record_file_git_ignores(repo):
    # The whole-run cache of `registri validate` is keyed by the content of every file under
    # records/, ignored ones included: a draft that changes is checked again.
    from registri.validation import run_root

    draft = repo / "records" / "2026" / "DIK-2026-099.yaml"
    (repo / ".gitignore").write_text("records/2026/DIK-2026-099.yaml\n", encoding="utf-8")
    commit(repo, "Abaikan draf\n\nPerubahan: koreksi\nPelaksana: PPID")
    source = (repo / RECORD).read_text(encoding="utf-8").replace("DIK-2026-003", "DIK-2026-099")
    draft.write_text(source, encoding="utf-8")
    first, _, _ = run_root(repo, TODAY)
    assert not [f for f in first.findings if f.path.endswith("DIK-2026-099.yaml") and f.is_error]
    broken = "\n".join(line for line in source.splitlines() if not line.startswith("judul:")) + "\n"
    draft.write_text(broken, encoding="utf-8")
    again, _, _ = run_root(repo, TODAY)
    assert [f for f in again.findings if f.path.endswith("DIK-2026-099.yaml") and f.is_error]


def test_a_job_beside_runs_in_a_child_while_this_process_works_and_is_always_collected(tmp_path):
    from registri import forked

    forked.settle()              # children an earlier test's history left writing its cache
    job = forked.beside(lambda: os.getpid())
    assert job.forking and len(job.running) == 1                   # started, not awaited
    assert job.results()[0] != os.getpid()
    # A register that cannot be read: the history child is still waited for, the error stays clear.
    root = tmp_path / "rusak"
    (root / "records").mkdir(parents=True)
    (root / "registri.yaml").write_text("kantor: [tidak ditutup\n", encoding="utf-8")
    children = set(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else set()
    with pytest.raises(Exception) as caught:
        load_site_data(root, TODAY)
    assert "registri.yaml" in str(caught.value) and "Traceback" not in str(caught.value)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)                                 # no child of ours left behind
    assert children == (set(os.listdir("/proc/self/task")) if children else set())


def test_the_site_report_files_do_not_depend_on_a_periods_flat_dik(repo):
    # No site file shows a period's flat DIK (the register's one list does): were one to, its
    # key would have to cover it. Rendered with every period's DIK reversed, the files are the same.
    import dataclasses

    from registri.report import site as report_site

    from registri.report.basis import build_basis
    from registri.report.compute import register_dik

    data = uncached(repo)
    computed = report_site.report_data(data.register, data.history, data.today)
    assert computed.periods and all(report.dik == () for _, report in computed.periods)   # not computed
    rows = register_dik(build_basis(data.register, data.history), data.today)
    assert len(rows) > 1
    turned = dataclasses.replace(computed, periods=tuple(
        (period, dataclasses.replace(report, dik=tuple(reversed(rows)) + rows[:1]))
        for period, report in computed.periods))
    assert report_site.render_files(turned) == report_site.render_files(computed)


def test_a_child_hands_its_value_back_before_it_does_what_comes_after(tmp_path):
    from registri import forked

    forked.settle()
    go, wrote = tmp_path / "weiter", tmp_path / "geschrieben"

    def after():
        while not go.exists():
            time.sleep(0.01)
        wrote.write_text("ja")

    job = forked.beside(lambda: forked.Then(os.getpid(), after))
    assert job.results()[0] != os.getpid() and not wrote.exists()     # handed back, `after` still waiting
    go.write_text("ja")
    forked.settle()
    assert wrote.read_text() == "ja"
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)                                 # settled: no child left
    # Where no child is forked, `after` runs before the value is returned.
    here = forked.Running([lambda: forked.Then("wert", lambda: (tmp_path / "hier").write_text("ja"))], 1)
    assert here.results() == ["wert"] and (tmp_path / "hier").read_text() == "ja"



def test_background_children_yield_the_cores_and_this_process_keeps_its_priority(tmp_path):
    from registri import forked

    forked.settle()
    mine = os.nice(0)
    running = forked.start_longest_first([lambda: os.nice(0), lambda: os.nice(0)], [3.0, 3.0], background=True)
    assert running.results() == [mine + forked.BACKGROUND_NICENESS] * 2
    assert forked.start_longest_first([lambda: os.nice(0)] * 2, [3.0, 3.0]).results() == [mine, mine]
    # A child's `after` (a cache written once the value is handed back) runs in the background too.
    job = forked.beside(lambda: forked.Then(os.nice(0), lambda: (tmp_path / "nice").write_text(str(os.nice(0)))))
    assert job.results() == [mine]
    forked.settle()
    assert int((tmp_path / "nice").read_text()) == mine + forked.BACKGROUND_NICENESS
    assert os.nice(0) == mine


def test_the_sites_public_dik_pdf_is_made_of_parts_kept_in_the_cache(repo, monkeypatch):
    import io
    import re

    import pypdf

    import registri.report.public as public

    monkeypatch.setattr(public, "PART_ROWS", 2)               # the sample's few items: parts of two
    shutil.rmtree(cache.cache_folder(repo) / "reports")      # its files were made before without parts
    data = load_site_data(repo, TODAY)
    titles = [item.information for item in public.public_dik(data.register, data.today).items]
    assert len(titles) > 2
    texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data.reports["publik/dik-publik.pdf"])).pages]
    assert [re.findall(r"Halaman (\d+) dari (\d+)", t) for t in texts] == [[(str(n), str(len(texts)))]
                                                                           for n in range(1, len(texts) + 1)]
    flat = re.sub(r"\s+", "", "".join(texts))
    assert all(re.sub(r"\s+", "", title) in flat for title in titles)
    parts = list((cache.cache_folder(repo) / "reports").glob("pdfpart-dik-publik-*.pdf"))
    assert len(parts) == -(-len(titles) // 2)


@pytest.mark.parametrize("commit", ["0" * 40, "f" * 40, "1f" * 20])
def test_a_filled_report_file_is_the_file_rendered_with_the_commit(repo, commit):
    # The widest and the narrowest hex digits: the token and the commit are laid out alike, so
    # the PDF filled from the cache is the one rendered with the commit (but for its /ID, a digest
    # of the bytes written), and a reader sees the commit in its text: section I, footer, note 1.
    import re

    from pypdf import PdfReader

    from registri.history import load_history
    from registri.register import load_register
    from registri.report.commitfill import _with_commit, without_commit
    from registri.report.csv_out import render_csv, render_items_csv
    from registri.report.json_out import render_json
    from registri.report.markdown import render_markdown
    from registri.report.pdf import render_pdf
    from registri.report.site import report_data
    from registri.report.xlsx import render_xlsx

    register = load_register(repo)
    period, report = report_data(register, load_history(repo), dt.date.fromisoformat(TODAY)).periods[0]
    report = _with_commit(report, report.identity.commit, commit)
    keyed, shown, fill = without_commit(report)
    assert shown.identity.commit != commit and commit not in repr(shown)
    makers = {"x.xlsx": render_xlsx, "x.csv": render_csv, "x-informasi.csv": render_items_csv, "x.json": render_json,
              "x.md": lambda r: render_markdown(r, {})}
    for path, render in makers.items():
        assert fill(path, render(shown)) == render(report), path
    unique = re.compile(rb"/ID\s*\[.*?\]", re.S)
    filled, direct = fill("x.pdf", render_pdf(shown, compress=False)), render_pdf(report, compress=False)
    assert unique.sub(b"", filled) == unique.sub(b"", direct) and filled != render_pdf(shown, compress=False)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(filled)).pages)
    assert commit in text and f"commit {commit[:12]}" in text and shown.identity.commit[:12] not in text


def test_light_downloads_are_made_in_the_waiting_process_and_heavy_ones_in_children(tmp_path, monkeypatch):
    # A child forked from a process that holds the register pays for every page it writes to: a
    # light file costs its child more than it saves. The memo keeps those for finish(), in this
    # process; the heavy ones (a workbook, a PDF of many pages) still render beside it.
    monkeypatch.setattr(forked, "workers", lambda: 2)
    forked.settle()
    mine = os.nice(0)
    memo = site_data.report_memo(cache.Store(tmp_path / "store"))
    pid = lambda: str(os.getpid()).encode()
    files = memo(("inputs",), {"laporan/unduh/a.xlsx": pid, "laporan/unduh/a.csv": pid, "laporan/unduh/a.pdf": pid})
    assert files == {}                                       # downloads: none made yet
    assert memo.start() and sorted(memo.pending_paths()) == ["laporan/unduh/a.csv", "laporan/unduh/a.pdf",
                                                             "laporan/unduh/a.xlsx"]
    made = memo.finish()
    here = str(os.getpid()).encode()
    assert made["laporan/unduh/a.csv"] == here and made["laporan/unduh/a.pdf"] == here
    assert made["laporan/unduh/a.xlsx"] != here              # render_weight 3.0: a child of its own
    assert os.nice(0) == mine                                # the build's own process keeps its priority
    again = site_data.report_memo(cache.Store(tmp_path / "store"))
    assert again(("inputs",), {p: pid for p in made}) == made and again.pending_paths() == []


def test_a_pool_started_while_this_process_works_refills_as_children_end(monkeypatch):
    # poll() between pieces of this process's own work starts the next job in an ended child's
    # place: a job added behind long ones does not wait for this process to finish its work.
    monkeypatch.setattr(forked, "workers", lambda: 2)
    pool = forked.Pool()
    pool.add([lambda: time.sleep(0.2) or time.monotonic()] * 2 + [lambda: time.monotonic()] * 2, [3.0] * 4)
    polled_until = time.monotonic() + 1.5
    while time.monotonic() < polled_until:              # this process's own work, polling between pieces
        time.sleep(0.05)
        pool.poll()
    asked = time.monotonic()
    done = pool.results()
    assert all(started < asked - 0.5 for started in done[2:])     # started long before results() was asked
    # Without polling, the later jobs start only once their results are asked for.
    lazy = forked.Pool()
    lazy.add([lambda: time.sleep(0.2) or time.monotonic()] * 2 + [lambda: time.monotonic()] * 2, [3.0] * 4)
    time.sleep(1.0)
    asked = time.monotonic()
    assert all(started >= asked for started in lazy.results()[2:])


def test_children_of_a_child_in_the_background_stay_at_its_niceness(monkeypatch):
    # The report child yields the cores once it has handed the pages back, and its pool forks
    # more children after that: they stay at the same niceness, not below it (the long renders
    # would wait behind the report child's light ones).
    monkeypatch.setattr(forked, "workers", lambda: 2)
    forked.settle()
    mine = os.nice(0)

    def report_child():
        forked.in_background()
        pool = forked.Pool(background=True)
        pool.add([lambda: os.nice(0)] * 2, [3.0, 3.0])
        return os.nice(0), pool.results()

    parent, children = forked.beside(report_child).results()[0]
    assert parent == mine + forked.BACKGROUND_NICENESS
    assert children == [mine + forked.BACKGROUND_NICENESS] * 2
    forked.in_background()                                   # not a forked child: nothing changes
    assert os.nice(0) == mine


def test_without_the_monospaced_dejavu_the_notes_set_the_commit_in_courier_and_the_fill_holds(repo, tmp_path,
                                                                                               monkeypatch):
    # A machine with DejaVu Sans but not its Mono keeps DejaVu for the text (Indonesian glyphs)
    # and sets the commit in Courier, whose digits are as wide as each other too.
    import re

    from registri.history import load_history
    from registri.register import load_register
    from registri.report import pdfkit
    from registri.report.commitfill import _with_commit, without_commit
    from registri.report.pdf import render_pdf
    from registri.report.site import report_data

    fonts = tmp_path / "dejavu"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        shutil.copy(pdfkit.DEJAVU / name, fonts / name)
    monkeypatch.setattr(pdfkit, "DEJAVU", fonts)
    pdfkit.fonts.cache_clear()
    try:
        assert pdfkit.fonts() == pdfkit.Fonts("DejaVuSans", "DejaVuSans-Bold", "Courier")
        _, report = report_data(load_register(repo), load_history(repo), dt.date.fromisoformat(TODAY)).periods[0]
        unique = re.compile(rb"/ID\s*\[.*?\]", re.S)
        for commit in ("0" * 40, "f" * 40):
            with_commit = _with_commit(report, report.identity.commit, commit)
            _, shown, fill = without_commit(with_commit)
            filled = fill("x.pdf", render_pdf(shown, compress=False))
            assert unique.sub(b"", filled) == unique.sub(b"", render_pdf(with_commit, compress=False))
            assert b"/Courier" in filled
    finally:
        pdfkit.fonts.cache_clear()
