"""How fast the desk answers: its start, and the live check while a form is filled.

Starts a real `registri desk` process (waitress on 127.0.0.1) in a register, opens the session
with the launch token, then sends the live check of the step-2 form (the draft with a
classification: schema, every rule, the personal-data scan) --requests times, as htmx does
while someone types, and prints the median and 95th percentile of the response times. Also
prints the time until the desk printed its address (the goal is under 3 s) and one page load
of Pekerjaan saya.

Registers: the sample register (`registri demo`, the samples' own history) and, with --sizes,
synthetic ones (`registri demo --records N`; 10,000 records take minutes to build). Goals: live
check ≤ 300 ms on the samples, ≤ 1 s at 10,000 records. `--repo DIR` measures an existing one.

    .venv/bin/python tooling/bench/bench_desk.py [--sizes 10000] [--requests 50] [--repo DIR]
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-26"
ENV = {**os.environ, "PYTHONPATH": str(PROJECT / "tooling"), "REGISTRI_TODAY": TODAY}
STEP2 = {
    "klasifikasi.pasal": "17h.3", "klasifikasi.dasar_hukum[0].jenis": "UU", "klasifikasi.dasar_hukum[0].nomor": "14",
    "klasifikasi.dasar_hukum[0].tahun": "2008", "klasifikasi.dasar_hukum[0].tentang": "Keterbukaan Informasi Publik",
    "klasifikasi.jangka_waktu.jenis": "durasi_tetap", "klasifikasi.jangka_waktu.mulai": "2026-11-19",
    "klasifikasi.jangka_waktu.tahun": "5", "klasifikasi.tinjau_ulang": "2027-11-19", "klasifikasi.keamanan": "rahasia",
}


NEW = {
    "judul": "Daftar nama dan alamat rumah guru penerima tunjangan daerah terpencil tahun 2026",
    "uraian": "Rekap penerima tunjangan khusus guru di daerah terpencil yang memuat alamat rumah.",
    "unit_penguasa": "Subbagian Umum (Kepegawaian)", "sumber.jenis": "disposisi", "sumber.nomor": "0950/B12/KP.05.00/2026",
    "sumber.tanggal": "2026-11-20", "penetapan.nomor": "31/B12/HK.03.01/2026", "penetapan.tanggal": "2026-11-19",
    "penetapan.tempat": "Banjarbaru", "penetapan.pejabat": "PPID BPMP Provinsi Kalimantan Selatan",
    "uji_konsekuensi.nomor": "BA-UK/27/2026", "uji_konsekuensi.tanggal": "2026-11-17",
    "uji_konsekuensi.waktu": "sebelum_permohonan",
    "uji_konsekuensi.jika_dibuka": "Alamat rumah dan rekening guru dapat disalahgunakan untuk penipuan dan pencurian identitas.",
    "uji_konsekuensi.kepentingan_publik": "Menutup melindungi data pribadi guru, sedangkan jumlah penerima tetap dapat diumumkan.",
}


def build(out: Path, records: int | None) -> Path:
    args = [sys.executable, "-m", "registri", "demo", "--out", str(out)]
    if records:
        args += ["--records", str(records)]
    subprocess.run(args, env=ENV, check=True, capture_output=True, text=True)
    subprocess.run(["git", "config", "user.email", "nurul.hasanah@bpmp-kalsel.example"], cwd=out, check=True)
    return out


class Desk:
    def __init__(self, repo: Path) -> None:
        began = time.perf_counter()
        self.proc = subprocess.Popen([sys.executable, "-m", "registri", "desk", "--no-browser", "--port", "0"],
                                     cwd=repo, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        self.start_seconds = time.perf_counter() - began
        if "http://127.0.0.1:" not in line:
            raise SystemExit(f"desk did not start: {line}{self.proc.stderr.read()}")
        url = line.strip().rsplit(" ", 1)[-1]
        self.port = urlsplit(url).port
        self.host = f"127.0.0.1:{self.port}"
        status, headers, _ = self.request("GET", f"/?{urlsplit(url).query}")
        self.cookie = headers["Set-Cookie"].split(";", 1)[0]
        _, _, page = self.request("GET", "/baru")
        self.csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Host": self.host}
        if getattr(self, "cookie", None):
            headers["Cookie"] = self.cookie
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": self.csrf,
                            "Origin": f"http://{self.host}"})
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def waiting_for_step_2(desk: Desk) -> tuple[str, str]:
    """A record and branch from the desk's own queue (Pekerjaan saya) that wait for step 2; else
    any record (the koreksi form is then measured with the same draft)."""
    _, _, page = desk.request("GET", "/")
    marker = "/2?cabang="
    if marker in page:
        start = page.index(marker)
        record = page[page.rindex("/catatan/", 0, start) + 9:start]
        branch = page[start + len(marker):page.index('"', start)]
        return record, f"/periksa/{record}/2?cabang={branch}"
    start = page.index('data-record="') + 13
    record = page[start:page.index('"', start)]
    return record, f"/periksa/{record}/koreksi"


def measure(repo: Path, requests: int, label: str) -> None:
    desk = Desk(repo)
    try:
        t0 = time.perf_counter()
        status, _, _ = desk.request("GET", "/")
        queue_seconds = time.perf_counter() - t0
        record, path = waiting_for_step_2(desk)
        print(f"{label}: desk start {desk.start_seconds:.2f} s · Pekerjaan saya (first load) {queue_seconds * 1000:.0f} ms")
        for what, where, form in ((f"step-2 form of {record}", path, STEP2), ("new-record form", "/periksa/baru", NEW)):
            body = urlencode(form).encode()
            times = []
            for _ in range(requests):
                t0 = time.perf_counter()
                status, _, page = desk.request("POST", where, body)
                times.append((time.perf_counter() - t0) * 1000)
                if status != 200 or "ringkasan" not in page:
                    raise SystemExit(f"live check failed ({status}): {page[:500]}")
            times.sort()
            p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
            print(f"  live check, {what}, {requests} requests: median {statistics.median(times):.0f} ms, "
                  f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
    finally:
        desk.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[], help="synthetic register sizes to build too")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--repo", type=Path, action="append", default=[], help="measure an existing register")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    if args.repo:
        for repo in args.repo:
            measure(repo, args.requests, str(repo))
        return
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as folder:
        measure(build(Path(folder) / "sampel", None), args.requests, "sample register (registri demo)")
        for size in args.sizes:
            t0 = time.perf_counter()
            repo = build(Path(folder) / f"demo-{size}", size)
            print(f"(built demo --records {size} in {time.perf_counter() - t0:.0f} s)")
            measure(repo, args.requests, f"registri demo --records {size}")


if __name__ == "__main__":
    main()
