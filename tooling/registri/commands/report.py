"""`registri report`: the documentation report, the public DIK (--public) and the submission report.

    registri report [--period 2026-T3|2026-S1|2026|AWAL..AKHIR] [--format md,pdf,csv,xlsx,json] [--out DIR]
    registri report --public [--format html,csv,xlsx,pdf,json] [--out DIR]
    registri report --submission BASIS..UJUNG [--out DIR]      (Markdown to stdout, PDF to DIR)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from registri.commands.common import add_today, root_of, today_of
from registri.errors import RegistriError, UsageError
from registri.history import load_history
from registri.register import load_register
from registri.report.output import write_files
from registri.report.period import containing, parse_period

REPORT_FORMATS = ("md", "pdf", "csv", "xlsx", "json")
PUBLIC_FORMATS = ("html", "csv", "xlsx", "pdf", "json")
TEXT_FORMATS = ("md", "json", "html")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--period", metavar="PERIODE", default=None,
                        help="2026-T3 (triwulan), 2026-S1 (semester), 2026 (tahun) atau 2026-01-01..2026-03-31; "
                             "bawaan: periode berjalan menurut registri.yaml laporan.periode")
    parser.add_argument("--format", dest="formats", metavar="BENTUK", default=None,
                        help="daftar dipisah koma: md,pdf,csv,xlsx,json (bawaan semuanya); "
                             "untuk --public: html,csv,xlsx,pdf,json")
    parser.add_argument("--out", metavar="FOLDER", default=None,
                        help="folder tujuan berkas (bawaan: ./laporan); '-' mencetak satu bentuk teks ke layar")
    parser.add_argument("--public", action="store_true",
                        help="buat DIK publik (tanpa data internal) untuk situs PPID")
    parser.add_argument("--submission", metavar="BASIS..UJUNG", default=None,
                        help="laporan penyerahan: catatan yang dibawa rentang ini ke status dilaporkan "
                             "(Markdown ke layar, PDF ke --out bila diisi)")
    parser.add_argument("--no-audit", action="store_true", help="jangan jalankan audit jejak untuk bagian IX")
    add_today(parser)


def _formats(text: str | None, allowed: tuple[str, ...]) -> list[str]:
    if text is None:
        return list(allowed)
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in allowed]
    if unknown or not wanted:
        raise UsageError(f"--format: '{text}' tidak dikenal; pilih dari {', '.join(allowed)} (dipisah koma).")
    return list(dict.fromkeys(wanted))


def _write(out: str | None, files: dict[str, str | bytes]) -> None:
    if out == "-":
        if len(files) != 1 or isinstance(next(iter(files.values())), bytes):
            raise UsageError("--out -: hanya satu bentuk teks (md, json atau html) yang dapat dicetak ke layar.")
        sys.stdout.write(next(iter(files.values())))
        return
    folder = Path(out or "laporan")
    write_files(folder, files)
    for name in files:
        print(f"Ditulis: {folder / name}")


def run(args: argparse.Namespace) -> int:
    if args.public and args.submission:
        raise UsageError("--public dan --submission tidak dapat dipakai bersamaan.")
    root = root_of(args)
    register = load_register(root)
    day = today_of(args, register.office)
    if args.public:
        return _public(args, register, day)
    if args.submission:
        return _submission(args, root, register, day)
    return _report(args, root, register, day)


def _report(args, root: Path, register, day) -> int:
    from registri.report.compute import compute_report
    from registri.report.csv_out import render_csv, render_dik_csv, render_items_csv
    from registri.report.json_out import render_json
    from registri.report.markdown import render_markdown
    from registri.report.pdf import render_pdf
    from registri.report.xlsx import render_xlsx

    formats = _formats(args.formats, REPORT_FORMATS)
    period = parse_period(args.period) if args.period else containing(day, register.office.report_period)
    history = load_history(root, office=register.office, sop=register.sop)
    findings = None
    if not args.no_audit and history.head:
        from registri.audit import run_audit
        try:
            findings = tuple(run_audit(root, today=day))
        except RegistriError as exc:
            print(f"registri: peringatan: audit jejak tidak dijalankan ({exc.message}); bagian IX tanpa temuan audit.",
                  file=sys.stderr)
    report = compute_report(register, history, period, day, findings)
    renderers = {"md": render_markdown, "pdf": render_pdf, "csv": render_csv, "xlsx": render_xlsx, "json": render_json}
    files = {f"laporan-{period.slug}.{fmt}": renderers[fmt](report) for fmt in formats}
    if "csv" in formats:       # the item list and the flat DIK table (one row per record) beside the long CSV
        files[f"laporan-{period.slug}-informasi.csv"] = render_items_csv(report)
        files[f"laporan-{period.slug}-dik.csv"] = render_dik_csv(report)
    _write(args.out, files)
    if not report.ok:
        failed = ", ".join(c.label for c in report.checks if not c.ok and not c.target)
        print(f"registri: pemeriksaan laporan tidak sesuai: {failed}. Periksa tanggal di catatan.", file=sys.stderr)
        return 1
    return 0


def _public(args, register, day) -> int:
    from registri.report.public import public_dik, render_public

    formats = _formats(args.formats, PUBLIC_FORMATS)
    dik = public_dik(register, day)
    _write(args.out, {f"dik-publik.{fmt}": render_public(dik, fmt) for fmt in formats})
    return 0


def _submission(args, root: Path, register, day) -> int:
    from registri.report.submission import load_submission, render_submission_markdown, render_submission_pdf
    from registri.validation import check

    submission = load_submission(root, register, args.submission, day, check(register, day))
    sys.stdout.write(render_submission_markdown(submission))
    if args.out and args.out != "-":
        folder = Path(args.out)
        write_files(folder, {"laporan-penyerahan.pdf": render_submission_pdf(submission)})
        print(f"Ditulis: {folder / 'laporan-penyerahan.pdf'}", file=sys.stderr)
    return 1 if any(f.is_error for f in submission.findings) else 0
