"""The desk's web application: routes that parse a request, call the core, render a template.

Every view is a face: what a step checks, refuses and commits is decided by registri.workflow
(and acceptance, newrecord, importer) exactly as for the CLI. Writes are serialised by one lock
because one working tree has one HEAD.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sys
import threading
import traceback
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from flask import Flask, Response, abort, redirect, render_template, request, send_from_directory, url_for

from registri import steps
from registri.clock import today as office_today
from registri.config import load_office
from registri import handoff as operations   # the staff actions and the hand-off, in the core
from registri.desk import checks, drafts, forms, identity, imports, security, work
from registri.desk.github import github_repo, open_pull_request
from registri.errors import RegistriError, UsageError
from registri.findings import LEVEL_WORD, Finding
from registri.gitwrite import MAIN, Workspace
from registri.sop import OPENED, STATUS_LABEL, STATUS_ORDER, load_sop

PACKAGE = Path(__file__).resolve().parent
# After these the branch is ready for the Atasan PPID (the workflow's next action says so too).
READY_FOR_ATASAN = ("4", "koreksi", "peninjauan", "pembukaan")
LIVE_CHECKS = ("new_check", "step_check")


@dataclass
class Desk:
    root: Path
    guard: security.Guard
    today_text: str | None = None        # --today / REGISTRI_TODAY for reproducible checks
    lock: threading.Lock = field(default_factory=threading.Lock)   # one working tree, one HEAD

    def office(self):
        return load_office(self.root)

    def sop(self):
        return load_sop(self.root)

    def today(self) -> dt.date:
        return office_today(self.office().tz, self.today_text)

    def now(self) -> dt.datetime:
        return dt.datetime.now(self.office().tz)


def create_app(root: Path, guard: security.Guard | None = None, today_text: str | None = None) -> Flask:
    app = Flask("registri.desk", root_path=str(PACKAGE), template_folder="templates", static_folder="static")
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    desk = Desk(Path(root), guard or security.Guard(), today_text)
    app.config["DESK"] = desk
    security.install(app, desk.guard)
    uploads: dict[str, tuple[str, bytes]] = {}     # import previews awaiting confirmation

    @app.context_processor
    def _common():  # noqa: ANN202
        base = {"csrf": desk.guard.csrf, "level_word": LEVEL_WORD, "status_label": STATUS_LABEL}
        if request.endpoint in LIVE_CHECKS:    # a fragment: no page header, no Git reads
            return base
        office, sop = desk.office(), desk.sop()
        ws = Workspace(desk.root)
        return {"office": office, "sop": sop, "me": identity.who_am_i(ws, office, sop), "current_branch": ws.branch(),
                "csrf": desk.guard.csrf, "level_word": LEVEL_WORD, "status_label": STATUS_LABEL,
                "has_remote": "origin" in ws.remote_names()}

    # Pages --------------------------------------------------------------------------------
    @app.get("/")
    def home():
        office, sop = desk.office(), desk.sop()
        ws = Workspace(desk.root)
        me = identity.who_am_i(ws, office, sop)
        if not me.known:
            return render_template("whoami.html", staff=office.staff)
        now = desk.now()
        waiting = work.waiting_for(ws, office, sop, me.person, now)
        subs = work.submissions(ws, office, sop, now) if me.person.has_role("atasan_ppid") else []
        local = [t for t in ws.branch_tips() if not t.remote and (t.name != MAIN or t.upstream)]
        unsent = [t for t in local if t.upstream is None or ws.rev(t.upstream) is None
                  or not ws.is_ancestor(t.sha, ws.rev(t.upstream))]        # commits the server lacks
        return render_template("home.html", waiting=waiting, submissions=subs, unsent=unsent,
                               my_steps=work.my_steps(me.person, sop), notice=None)

    @app.post("/siapa")
    def choose_identity():
        office = desk.office()
        with desk.lock:
            identity.choose(Workspace(desk.root), office, request.form.get("pegawai", ""))
        return redirect(url_for("home"), code=303)

    @app.get("/siapa")
    def whoami_page():
        return render_template("whoami.html", staff=desk.office().staff)

    @app.get("/aturan/<code>")
    def rule(code: str):
        from registri.catalog import all_rules

        found = all_rules().get(code.upper())
        if found is None:
            return _message_page("Kode aturan tidak dikenal",
                                 f"Tidak ada aturan dengan kode '{code}'. Periksa kodenya di daftar temuan.", 404)
        site = desk.root / "site" / "aturan" / found.code / "index.html"
        return render_template("rule.html", rule=found, site_page=site.is_file())

    @app.get("/situs/<path:page>")
    def site_page(page: str):
        folder = desk.root / "site"
        if not folder.is_dir():
            abort(404)
        if page.endswith("/") or not Path(page).suffix:
            page = page.rstrip("/") + "/index.html"
        return send_from_directory(folder, page)

    @app.get("/gaya/registri.css")
    def site_css():
        css = resources.files("registri").joinpath("site/assets/registri.css").read_text(encoding="utf-8")
        return Response(css, mimetype="text/css")

    # A new record: `registri new` + `registri step 1` ---------------------------------------------
    @app.get("/baru")
    def new_form():
        form = forms.form_for("1", desk.sop())
        return _render_form(form, drafts.new_defaults(desk.office()), None, None, url_for("new_save"),
                            url_for("new_check"))

    @app.post("/periksa/baru")
    def new_check():
        form = forms.form_for("1", desk.sop())
        placed, problems, _ = _new_draft_findings(form)
        values = drafts.FormValues(request.form)
        typed = {k: v for k, v in problems.items() if values.get(k).strip()}   # not yet filled: said on saving
        return render_template("_check.html", form=form, placed=placed, problems=typed, computed=None,
                               missing=len(problems) - len(typed))

    @app.post("/baru")
    def new_save():
        form = forms.form_for("1", desk.sop())
        values = drafts.FormValues(request.form)
        placed, problems, draft = _new_draft_findings(form)
        shown = {f.key: values.get(f.key) for f in form.fields}
        if problems or draft is None:
            return _render_form(form, shown, None, None, url_for("new_save"), url_for("new_check"),
                                placed=placed, problems=problems, message="Belum disimpan: perbaiki kolom yang "
                                "ditandai, lalu simpan lagi.", status=422)
        me = _me_or_fail()
        try:
            with desk.lock:
                outcome = operations.save_new(desk.root, draft, me.email, desk.today(),
                                              accept_warnings=request.form.get("terima_peringatan") == "on")
        except operations.Refused as exc:
            return _render_form(form, shown, None, None, url_for("new_save"), url_for("new_check"),
                                placed=checks.place(exc.findings, form, draft.text), problems={},
                                message=exc.message, status=422)
        except RegistriError as exc:
            return _render_form(form, shown, None, None, url_for("new_save"), url_for("new_check"),
                                placed=placed, problems={}, message=exc.message, status=409)
        return render_template("done.html", outcome=outcome, record_id=draft.record_id, offer_send=True)

    def _new_draft_findings(form: forms.Form):
        values = drafts.FormValues(request.form)
        parsed, problems = drafts.new_values(values)
        if problems:
            return checks.place([], form, ""), problems, None
        from registri import newrecord

        draft = newrecord.draft_new(desk.root, parsed, year=desk.today().year, today=desk.today())
        findings = checks.check_draft(desk.root, draft.path, draft.text, desk.today())
        return checks.place(findings, form, draft.text), {}, draft

    # Steps 2-4 and the named changes on an existing record ----------------------------------------
    def _located(record_id: str) -> work.Located:
        record_id = record_id.strip().upper()
        try:
            steps.check_id(record_id)
        except UsageError as exc:   # the core's sentence, as `registri step` says it
            abort(404, description=exc.message)
        found = work.find(Workspace(desk.root), record_id, request.values.get("cabang"))
        if found is None:
            abort(404, description=f"Catatan {record_id} tidak ada di cabang mana pun di komputer ini. Periksa "
                                   "nomornya, atau tekan Sinkronkan untuk mengambil pekerjaan terbaru dari server.")
        return found

    def _kind_form(kind: str, located: work.Located) -> forms.Form:
        if kind not in forms.KINDS or kind == "1":
            abort(404, description=f"'{kind}' bukan langkah yang dapat dikerjakan di sini; pilih langkah 2, 3, 4, "
                                   "koreksi, peninjauan atau pembukaan.")
        return forms.form_for(kind, desk.sop(), located.status)

    @app.get("/catatan/<record_id>/<kind>")
    def step_form(record_id: str, kind: str):
        located = _located(record_id)
        form = _kind_form(kind, located)
        data = drafts.record_data(located.data.decode("utf-8-sig", errors="replace"))
        values = {f.key: drafts.shown_value(f, data) for f in form.fields}
        if kind == "4" and not values.get("laporan"):
            office = desk.office()
            values["laporan"] = steps.report_period(desk.today(), office.report_period) \
                if office.report_period != "tahun" else ""
        return _render_form(form, values, located, kind, url_for("step_save", record_id=located.record_id, kind=kind),
                            url_for("step_check", record_id=located.record_id, kind=kind))

    def _step_draft(form: forms.Form, located: work.Located, text: str) -> tuple[str, str, dict]:
        draft, data = drafts.draft_text(text, form, drafts.FormValues(request.form))
        preview = steps.with_status(draft, form.status_after) if form.status_after else draft
        return draft, preview, data

    @app.post("/periksa/<record_id>/<kind>")
    def step_check(record_id: str, kind: str):
        located = _located(record_id)
        form = _kind_form(kind, located)
        _, preview, data = _step_draft(form, located, located.data.decode("utf-8-sig", errors="replace"))
        findings = checks.check_draft(desk.root, desk.root / located.path, preview, desk.today(),
                                      kind=kind, before=located.data)
        computed = drafts.computed_end(data)
        return render_template("_check.html", form=form, placed=checks.place(findings, form, preview), problems={},
                               computed=computed)

    @app.post("/catatan/<record_id>/<kind>")
    def step_save(record_id: str, kind: str):
        located = _located(record_id)
        form = _kind_form(kind, located)
        me = _me_or_fail()
        values = drafts.FormValues(request.form)
        shown = {f.key: (values.getlist(f.key) if f.widget in ("checks", "pasal") else values.get(f.key))
                 for f in form.fields}
        ws = Workspace(desk.root)
        with desk.lock:
            before = ws.branch()
            preview = ""
            try:
                operations.go_to(ws, located.branch, located.remote)
                operations.ensure_untouched(ws, located.path)
                text = (desk.root / located.path).read_bytes().decode("utf-8")
                draft, preview, _ = _step_draft(form, located, text)
                outcome = operations.save_step(desk.root, kind, located.record_id, draft, me.email, desk.today(),
                                               period=values.get("laporan") or None,
                                               accept_warnings=values.get("terima_peringatan") == "on")
            except operations.Refused as exc:
                _back(ws, before)
                return _render_form(form, shown, located, kind, request.path, url_for(
                    "step_check", record_id=located.record_id, kind=kind),
                    placed=checks.place(exc.findings, form, preview), message=exc.message, status=422)
            except (RegistriError, UnicodeDecodeError) as exc:
                _back(ws, before)
                message = exc.message if isinstance(exc, RegistriError) else "Berkas catatan bukan teks UTF-8."
                return _render_form(form, shown, located, kind, request.path, url_for(
                    "step_check", record_id=located.record_id, kind=kind), message=message, status=409)
        return render_template("done.html", outcome=outcome, record_id=located.record_id, offer_send=True,
                               offer_atasan=kind in READY_FOR_ATASAN)

    def _back(ws: Workspace, before: str | None) -> None:
        """After a refused save, the working tree goes back to the branch it was on."""
        if before and ws.branch() != before and not ws.dirty_tracked():
            ws.switch(before)

    @app.get("/buka")
    def open_record():
        """The number typed on Pekerjaan saya: an accepted record waits for nobody, so this is how
        one reaches it for a koreksi, a peninjauan or a pembukaan."""
        located = _located(request.args.get("id", ""))
        return redirect(url_for("record_history", record_id=located.record_id), code=303)

    @app.get("/catatan/<record_id>")
    def record_history(record_id: str):
        from registri.timeline import TZ_ABBREVIATION, timeline   # the rows `registri history` prints
        from registri.history import load_history

        located = _located(record_id)
        office, sop = desk.office(), desk.sop()
        history = load_history(desk.root, located.branch, office=office, sop=sop)
        trail = history.of(located.record_id)
        rows = timeline(trail, office, sop)
        for row in rows:
            row["waktu_tampil"] = dt.datetime.fromisoformat(row["waktu"]).strftime("%d-%m-%Y %H:%M")
        data = drafts.record_data(located.data.decode("utf-8-sig", errors="replace"))
        site = (desk.root / "site" / "catatan" / located.record_id / "index.html").is_file()
        nxt = STATUS_ORDER.index(located.status) + 2 if located.status in STATUS_ORDER[:-1] else None
        return render_template("history.html", located=located, data=data, rows=rows, trail=trail,
                               site_page=site, next_step=nxt, changes=_my_changes(located.status),
                               tz_label=TZ_ABBREVIATION.get(office.tz_name, office.tz_name))

    # Import --------------------------------------------------------------------------------
    @app.get("/impor")
    def import_form():
        return render_template("import.html", preview=None, message=None, upload=None)

    @app.post("/impor")
    def import_preview():
        me = _me_or_fail()
        picked = request.files.get("berkas")
        if picked is None or not picked.filename:
            return render_template("import.html", preview=None, upload=None,
                                   message="Pilih berkas daftar (.csv atau .xlsx) lebih dahulu."), 422
        upload = imports.Upload(
            imports.safe_name(picked.filename), picked.read(), existing=request.form.get("warisan") == "on",
            penetapan={k: request.form.get(f"penetapan_{k}", "").strip() or None
                       for k in ("nomor", "tanggal", "tempat", "pejabat")},
            unit=request.form.get("unit", "").strip() or None)
        try:
            preview = imports.plan(desk.root, upload, me.email, desk.today())
        except RegistriError as exc:
            return render_template("import.html", preview=None, upload=None, message=exc.message), 422
        token = None
        if preview.ok:
            token = secrets.token_urlsafe(16)
            uploads.clear()             # one pending import at a time
            uploads[token] = upload
        return render_template("import.html", preview=preview, upload=token, message=None,
                               refused=import_plan_refused()), (200 if preview.ok else 422)

    @app.post("/impor/simpan")
    def import_save():
        me = _me_or_fail()
        pending = uploads.pop(request.form.get("unggahan", ""), None)
        if pending is None:
            return render_template("import.html", preview=None, upload=None,
                                   message="Pratinjau impor ini sudah tidak berlaku. Pilih berkasnya lagi."), 409
        try:
            with desk.lock:
                plan, commit, created = imports.commit(desk.root, pending, me.email, desk.today())
        except RegistriError as exc:
            return render_template("import.html", preview=None, upload=None, message=exc.message), 409
        from registri.import_plan import summary_lines

        branch = created or Workspace(desk.root).branch()
        outcome = operations.Outcome(operations.for_desk(summary_lines(plan, commit, created)), commit, branch, [], True)
        return render_template("done.html", outcome=outcome, record_id=plan.records[0].record_id, offer_send=True)

    def import_plan_refused() -> str:
        from registri.import_plan import REFUSED

        return REFUSED

    # Hand-off ----------------------------------------------------------------------------
    @app.post("/sinkronkan")
    def sync():
        try:
            with desk.lock:
                outcome = operations.sync(desk.root)
        except RegistriError as exc:
            return _message_page("Sinkronkan belum berhasil", exc.message, 409)
        return render_template("done.html", outcome=outcome, record_id=None, offer_send=False)

    @app.post("/kirim")
    def send():
        ws = Workspace(desk.root)
        branch = request.form.get("cabang", "")
        if branch not in {t.name for t in ws.branch_tips() if not t.remote}:
            return _message_page("Cabang tidak dikenal", f"Cabang '{branch}' tidak ada di komputer ini.", 404)
        to_atasan = request.form.get("ke_atasan") == "1"
        try:
            with desk.lock:
                outcome = operations.send(desk.root, branch)
        except RegistriError as exc:
            return _message_page("Belum terkirim", exc.message, 409)
        pull = None
        if to_atasan and branch != MAIN:
            title, body = _submission_text(ws, branch)
            pull = open_pull_request(desk.root, ws.remote_url(), MAIN, branch, title, body)
            if pull.url is None:
                outcome.lines.append("Atasan PPID akan melihat kiriman ini di Pekerjaan saya setelah menekan "
                                     "Sinkronkan.")
        return render_template("done.html", outcome=outcome, record_id=None, offer_send=False, pull=pull)

    def _submission_text(ws: Workspace, branch: str) -> tuple[str, str]:
        from registri.report.submission import build_submission, render_submission_markdown, submitted_ids
        from registri.history import load_history

        office, sop = desk.office(), desk.sop()
        register = work.branch_register(desk.root, ws, branch, office, sop)
        history = load_history(desk.root, branch, office=office, sop=sop)
        ids = submitted_ids(desk.root, history, MAIN, branch)
        sub = build_submission(register, history, ids, MAIN, desk.today(), [])
        title = f"Laporan pendokumentasian: {steps.id_list(ids)}" if ids else f"Perubahan {branch}"
        return title, render_submission_markdown(sub)

    # Acceptance (step 5) ---------------------------------------------------------------------
    def _submission_branch() -> work.Submission:
        ws = Workspace(desk.root)
        name = request.values.get("cabang", "")
        found = next((s for s in work.submissions(ws, desk.office(), desk.sop(), desk.now()) if s.branch == name), None)
        if found is None:
            abort(404, description=f"Tidak ada kiriman '{name}' yang menunggu penerimaan. Tekan Sinkronkan untuk "
                                   "mengambil kiriman terbaru.")
        return found

    @app.get("/terima")
    def accept_page():
        from registri.audit import run_audit
        from registri.history import load_history
        from registri.report.submission import build_submission, submitted_ids

        sub = _submission_branch()
        ws = Workspace(desk.root)
        office, sop = desk.office(), desk.sop()
        sha = ws.rev(sub.branch)
        register = work.branch_register(desk.root, ws, sha, office, sop)
        history = load_history(desk.root, sha, office=office, sop=sop)
        report = build_submission(register, history, submitted_ids(desk.root, history, MAIN, sha), MAIN,
                                  desk.today(), [])
        audit = run_audit(desk.root, rev_range=f"{MAIN}..{sha}", today=desk.today())
        where = github_repo(ws.remote_url())
        return render_template("accept.html", sub=sub, report=report, audit=audit,
                               github=f"https://github.com/{where[0]}/{where[1]}/pulls" if where else None)

    @app.post("/terima")
    def accept():
        sub = _submission_branch()
        me = _me_or_fail()
        try:
            with desk.lock:
                outcome = operations.accept(desk.root, sub.branch, sub.remote, me.email, desk.today())
                if "origin" in Workspace(desk.root).remote_names():
                    try:     # accepted here already; a refused push is said, and Kirim stays offered
                        outcome.lines.extend(operations.send(desk.root, MAIN).lines)
                    except RegistriError as exc:
                        outcome.lines.append(exc.message)
        except operations.Refused as exc:
            return _message_page("Belum dapat diterima", exc.message, 422, findings=exc.findings)
        except RegistriError as exc:
            return _message_page("Belum dapat diterima", exc.message, 409)
        return render_template("done.html", outcome=outcome, record_id=None, offer_send=False)

    # Helpers and errors ----------------------------------------------------------------------
    def _my_changes(status: str | None) -> list[str]:
        """The named changes this person's roles may make (the hook's table); none once opened."""
        from registri.commitmsg import CHANGE_ROLES   # who may make which change: one table

        me = identity.who_am_i(Workspace(desk.root), desk.office(), desk.sop())
        if status == OPENED or not me.known:
            return []
        return [change for change, roles in CHANGE_ROLES.items() if any(me.person.has_role(r) for r in roles)]

    def _me_or_fail() -> identity.Me:
        me = identity.who_am_i(Workspace(desk.root), desk.office(), desk.sop())
        if not me.known:
            abort(403, description="Pilih dulu siapa Anda (menu Siapa saya), lalu ulangi.")
        return me

    def _render_form(form, values, located, kind, action, check_url, placed=None, problems=None, message=None,
                     status=200):
        html = render_template("form.html", form=form, values=values, located=located, kind=kind, action=action,
                               check_url=check_url, placed=placed or checks.place([], form, ""),
                               problems=problems or {}, message=message, pasal_texts=forms.pasal_texts())
        return html, status

    def _message_page(title: str, message: str, status: int, findings: list[Finding] | None = None):
        return render_template("message.html", title=title, message=message, findings=findings or []), status

    @app.errorhandler(404)
    def _not_found(error):  # noqa: ANN202
        text = getattr(error, "description", "") or ""
        if not text or text.startswith("The requested URL"):
            text = "Halaman ini tidak ada di desk. Kembali ke Pekerjaan saya."
        return _message_page("Tidak ditemukan", text, 404)

    @app.errorhandler(403)
    def _forbidden(error):  # noqa: ANN202
        return _message_page("Tidak diizinkan", getattr(error, "description", "") or "Tidak diizinkan.", 403)

    @app.errorhandler(405)
    def _method(_error):  # noqa: ANN202
        return _message_page("Tidak tersedia", "Halaman ini tidak menerima permintaan seperti itu.", 405)

    @app.errorhandler(UsageError)
    def _usage(error):  # noqa: ANN202
        return _message_page("Belum dapat dikerjakan", error.message, 409)

    @app.errorhandler(RegistriError)
    def _registri(error):  # noqa: ANN202
        return _message_page("Belum dapat dikerjakan", error.message, 409)

    @app.errorhandler(Exception)
    def _crash(error):  # noqa: ANN202
        from werkzeug.exceptions import HTTPException

        if isinstance(error, HTTPException):
            return error
        traceback.print_exception(error, file=sys.stderr)
        return _message_page("Terjadi kesalahan internal",
                             "Desk mengalami kesalahan yang tidak terduga. Tidak ada data yang diubah. Salin pesan di "
                             "jendela terminal desk dan kirim kepada pengelola Registri.", 500)

    return app
