"""`registri desk [--port N] [--no-browser]`: the desk, a local web application for the SOP steps.

Serves on 127.0.0.1 only (waitress: pure Python, also on Windows) and prints the address with
its secret key; opens the browser there unless --no-browser. Ctrl-C stops it.
"""

from __future__ import annotations

import argparse
import sys

from registri.commands.common import add_today, root_of
from registri.errors import UsageError

DEFAULT_PORT = 8765
LOOPBACK = "127.0.0.1"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port di 127.0.0.1 (bawaan {DEFAULT_PORT}; 0 = pilih port bebas)")
    parser.add_argument("--no-browser", action="store_true", help="jangan membuka peramban secara otomatis")
    add_today(parser)


def run(args: argparse.Namespace) -> int:
    root = root_of(args)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} bukan nomor port; pakai 1024-65535, atau 0 untuk port bebas.")
    from waitress import create_server

    from registri.config import load_office
    from registri.desk.app import create_app
    from registri.desk.security import MAX_BODY, Guard
    from registri.gitwrite import Workspace

    load_office(root)          # a broken registri.yaml is reported now, not on the first page
    Workspace(root)            # and so is a folder that is not a Git repository
    guard = Guard()
    app = create_app(root, guard, args.today)
    try:
        server = create_server(app, host=LOOPBACK, port=args.port, threads=4, ident="registri-desk",
                               max_request_body_size=MAX_BODY * 30, clear_untrusted_proxy_headers=True)
    except OSError:
        raise UsageError(f"Port {args.port} di {LOOPBACK} sedang dipakai program lain. Jalankan lagi dengan "
                         "--port 0 (port bebas) atau --port NOMOR yang lain.") from None
    guard.port = server.effective_port
    url = guard.launch_url()
    print(f"Desk Registri berjalan di {url}", flush=True)
    print("Buka alamat itu di peramban di komputer ini (alamat memuat kunci sesi; jangan dibagikan). "
          "Tekan Ctrl-C untuk berhenti.", flush=True)
    if not args.no_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.run()
    except KeyboardInterrupt:
        print("Desk dihentikan.", file=sys.stderr)
    finally:
        server.close()
    return 0
