"""`registri <command>`: parses arguments, dispatches, and is the one error boundary.

Each command lives in registri/commands/<name>.py with `configure(parser)` and `run(args) -> int`.
Commands are imported only when used, so `registri validate` in a hook stays fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from pathlib import Path

from registri import __version__
from registri.errors import ConfigError, RegistriError

# name -> (module, one-line Indonesian help)
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "Periksa catatan terhadap skema dan aturan (semua catatan bila tidak ada BERKAS)."),
    "scan": ("scan", "Cari data pribadi, rahasia, dan berkas yang tidak boleh masuk repositori."),
    "new": ("new", "Buat catatan baru untuk langkah 1 dengan nomor berikutnya."),
    "step": ("step", "Kerjakan langkah POS 1-4 untuk catatan dan buat commit yang benar."),
    "accept": ("accept", "Atasan PPID menerima laporan: gabungkan cabang ke main (langkah 5)."),
    "import": ("import_list", "Ubah daftar dari disposisi (CSV/XLSX) menjadi catatan langkah 1."),
    "lengkapi": ("complete", "Lengkapi jejak commit yang dibuat tanpa trailer (tanpa hook atau di editor web GitHub)."),
    "check-message": ("check_message", "Periksa pesan commit (trailer Langkah-POS/Pelaksana/Perubahan)."),
    "lint-yaml": ("lint_yaml", "Periksa gaya YAML (yamllint) dengan pesan berbahasa Indonesia."),
    "check-files": ("check_files", "Hook pre-commit: berkas besar, penanda konflik, kunci privat (pesan Indonesia)."),
    "check-commit": ("check_commit", "Hook pre-commit: validate, scan, gaya YAML dan berkas untuk berkas yang akan di-commit."),
    "audit": ("audit", "Periksa jejak audit di riwayat Git."),
    "history": ("history", "Tampilkan riwayat satu catatan: langkah, pelaksana, waktu."),
    "report": ("report", "Buat laporan pendokumentasian untuk satu periode."),
    "attention": ("attention", "Daftar catatan yang perlu tindakan: masa berakhir, tinjau ulang terlambat, segera berakhir."),
    "build": ("build", "Bangun situs internal dan laporan (sama dengan mkdocs build)."),
    "demo": ("demo", "Buat repositori contoh dengan riwayat realistis."),
    "desk": ("desk", "Jalankan desk: semua langkah POS lewat peramban di komputer ini (127.0.0.1)."),
}

# argparse's own sentences, in Indonesian (argparse looks them up through its module-level `_`).
_ARGPARSE_ID = {
    "usage: ": "penggunaan: ",
    "positional arguments": "argumen posisi",
    "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu keluar",
    "the following arguments are required: %s": "argumen wajib belum diisi: %s",
    "unrecognized arguments: %s": "argumen tidak dikenal: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "pilihan %(value)r tidak dikenal (pilih dari %(choices)s)",
    "expected one argument": "butuh satu nilai",
    "expected at least one argument": "butuh minimal satu nilai",
    "invalid %(type)s value: %(value)r": "nilai %(value)r tidak valid",
    "argument %(argument_name)s: %(message)s": "argumen %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "pilihan %(option)s ambigu: bisa %(matches)s",
    "not allowed with argument %s": "tidak boleh dipakai bersama %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: galat: %(message)s\n",
}
argparse._ = lambda text: _ARGPARSE_ID.get(text, text)  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D102 - Indonesian usage errors, exit 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: galat: {message}\nLihat '{self.prog} --help'.\n")
        raise SystemExit(2)


def build_parser(argv: list[str]) -> Parser:
    parser = Parser(prog="registri", description="Registri: Daftar Informasi yang Dikecualikan (DIK) di Git.")
    parser.add_argument("--version", action="version", version=f"registri {__version__}",
                        help="tampilkan versi lalu keluar")
    subs = parser.add_subparsers(dest="command", metavar="PERINTAH", parser_class=Parser)
    requested = _requested(argv)
    # A known command needs only its own parser (the pre-commit hook parses five commands per
    # run); the list of every command is built for help and for an unknown command's error.
    for name, (module, summary) in ({requested: COMMANDS[requested]} if requested in COMMANDS else COMMANDS).items():
        sub = subs.add_parser(name, help=summary, description=summary)
        sub.add_argument("--root", type=Path, default=None,
                         help="folder repositori register (bawaan: dicari dari folder saat ini)")
        sub.set_defaults(_module=module)
        if name == requested:
            _load(module).configure(sub)
    return parser


def _requested(argv: list[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def _load(module: str):
    try:
        return importlib.import_module(f"registri.commands.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"registri.commands.{module}":
            raise
        raise RegistriError(f"Perintah ini belum tersedia di versi Registri ini ({module}).") from None


def _crash_log(exc: BaseException) -> Path:
    import tempfile   # only after a bug; every hook run would pay for these imports
    import traceback

    folder = Path(tempfile.gettempdir()) / "registri"
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"galat-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    return log


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # Windows consoles: never crash on Indonesian text
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        parser = build_parser(argv)
        args = parser.parse_args(argv)
        if not getattr(args, "command", None):
            parser.print_help()
            return 2
        return int(_load(args._module).run(args) or 0)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    except RegistriError as exc:
        print(f"registri: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("registri: dihentikan.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` or a closed pager: not an error
        try:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # silence the flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # the boundary: a bug must not show a traceback to staff
        log = _crash_log(exc)
        print("registri: terjadi kesalahan internal yang tidak terduga. Tidak ada data yang diubah.\n"
              f"Kirim berkas catatan galat ini kepada pengelola Registri: {log}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
