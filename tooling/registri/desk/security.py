"""Local and locked: who may talk to the desk, checked before any view runs.

- Only the loopback address serves (the command binds 127.0.0.1), and only requests whose Host
  header names this desk are answered, so a web page cannot reach it by DNS rebinding.
- A secret in the launch address opens the session (as Jupyter does): the desk sets a cookie
  derived from it; without that cookie nothing is shown.
- Every state-changing request carries a CSRF token and, when the browser says where it came
  from, an Origin (or Referer) of this desk.
- Request bodies are limited in size (an import list is small; a document is never uploaded).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask, Response, redirect, render_template, request

COOKIE = "registri_desk"
TOKEN_PARAM = "token"
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
MAX_BODY = 5 * 1024 * 1024          # 5 MB: far above any import list, far below a document
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# No inline script or style, nothing from another host; the page may not be framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


@dataclass
class Guard:
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    port: int = 0

    def _derive(self, purpose: str) -> str:
        return hmac.new(self.token.encode(), purpose.encode(), hashlib.sha256).hexdigest()

    @property
    def session_value(self) -> str:
        return self._derive("sesi")

    @property
    def csrf(self) -> str:
        return self._derive("csrf")

    @property
    def hosts(self) -> set[str]:
        return {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def origins(self) -> set[str]:
        return {f"http://{host}" for host in self.hosts}

    def launch_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?{TOKEN_PARAM}={self.token}"


def _refuse(status: int, title: str, message: str) -> Response:
    html = render_template("refused.html", title=title, message=message)
    return Response(html, status=status, mimetype="text/html")


def install(app: Flask, guard: Guard) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.config["DESK_GUARD"] = guard

    @app.before_request
    def _check():  # noqa: ANN202 - Flask hook
        if request.host not in guard.hosts:
            return _refuse(400, "Alamat tidak dikenal",
                           "Desk Registri hanya menjawab alamat http://127.0.0.1 pada port yang dicetak saat "
                           "dijalankan. Permintaan ini memakai alamat lain, jadi ditolak dan tidak ada yang diubah.")
        offered = request.args.get(TOKEN_PARAM)
        if offered is not None and request.method in SAFE_METHODS:
            if not hmac.compare_digest(offered, guard.token):
                return _refuse(403, "Kunci desk salah",
                               "Alamat ini memuat kunci yang salah. Buka desk lewat alamat lengkap yang dicetak "
                               "perintah `registri desk`.")
            response = redirect(request.path, code=303)
            response.set_cookie(COOKIE, guard.session_value, httponly=True, samesite="Strict", path="/")
            return response
        if not hmac.compare_digest(request.cookies.get(COOKIE, ""), guard.session_value):
            return _refuse(403, "Sesi belum dibuka",
                           "Buka desk lewat alamat lengkap (dengan kunci) yang dicetak perintah `registri desk` "
                           "di jendela terminal Anda. Tidak ada yang diubah.")
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("Origin") or _origin_of(request.headers.get("Referer"))
            if origin is not None and origin not in guard.origins:
                return _refuse(403, "Permintaan dari halaman lain",
                               "Permintaan ini datang dari halaman selain desk Registri, jadi ditolak. "
                               "Tidak ada yang diubah.")
            sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
            if not hmac.compare_digest(sent, guard.csrf):
                return _refuse(403, "Formulir kedaluwarsa",
                               "Formulir ini tidak membawa tanda pengaman desk (CSRF). Muat ulang halaman, lalu "
                               "ulangi. Tidak ada yang diubah.")
        return None

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"   # keeps Origin on our own POSTs
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(413)
    def _too_large(_error):  # noqa: ANN202
        return _refuse(413, "Berkas terlalu besar",
                       f"Kiriman ini lebih dari {MAX_BODY // (1024 * 1024)} MB. Daftar impor cukup beberapa ratus "
                       "kilobita; dokumen softcopy tidak perlu dikirim (sidiknya dihitung di peramban). "
                       "Tidak ada yang diubah.")


def _origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
