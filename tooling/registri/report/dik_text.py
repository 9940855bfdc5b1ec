"""How one DIK item's legal basis and period read in Indonesian; shared by the public DIK and the
report's flat DIK table, so both say the same thing in the same words."""

from __future__ import annotations

from itertools import groupby

from registri.model import Record
from registri.report.period import tanggal

DOCUMENTATION_FORMS = {(True, True): "softcopy dan hardcopy", (True, False): "softcopy",
                       (False, True): "hardcopy", (False, False): "belum"}


def pasal17_text(codes: tuple[str, ...]) -> str:
    """('17h.4', '17h.5') -> 'Pasal 17 huruf h angka 4 dan 5 UU 14/2008'."""
    parts = []
    parsed = sorted((code[2], code.partition(".")[2]) for code in codes if len(code) >= 3)
    for letter, group in groupby(parsed, key=lambda p: p[0]):
        angka = [a for _, a in group if a]
        part = f"huruf {letter}"
        if angka:
            part += " angka " + (", ".join(angka[:-1]) + " dan " + angka[-1] if len(angka) > 1 else angka[0])
        parts.append(part)
    return "Pasal 17 " + "; ".join(parts) + " UU 14/2008" if parts else ""


def law_text(law: dict) -> str:
    text = f"{law.get('jenis')} {law.get('nomor')}/{law.get('tahun')}"
    if law.get("tentang"):
        text += f" tentang {law['tentang']}"
    if law.get("pasal"):
        text += f" Pasal {law['pasal']}"
    return text


def other_laws(record: Record) -> list[dict]:
    """The legal basis besides UU 14/2008 itself (which pasal17_text already names)."""
    return [law for law in record.get("klasifikasi.dasar_hukum", []) or []
            if isinstance(law, dict) and (law.get("jenis"), law.get("nomor"), law.get("tahun")) != ("UU", 14, 2008)]


def legal_basis(record: Record) -> str:
    lines = [pasal17_text(record.pasal), *(law_text(law) for law in other_laws(record))]
    return "; ".join(line for line in lines if line)


def period_text(record: Record) -> str:
    period = record.get("klasifikasi.jangka_waktu") or {}
    kind, note = period.get("jenis"), period.get("keterangan")
    start = record.period_start
    if kind == "durasi_tetap":
        text = f"{period.get('tahun')} tahun sejak {tanggal(start)}" if start else f"{period.get('tahun')} tahun"
        end = record.period_end
        return text + (f" (sampai {tanggal(end)})" if end else "")
    if kind == "sampai_peristiwa":
        event = str(period.get("peristiwa") or "")
        if len(event) > 1 and event[1].islower():      # "Penetapan …" -> "Sampai penetapan …", keep "SK …"
            event = event[0].lower() + event[1:]
        return f"Sampai {event}" if event else (note or "Sampai peristiwa tertentu")
    if kind == "sampai_persetujuan":
        return note or "Sampai ada persetujuan tertulis dari yang bersangkutan"
    if kind == "tidak_terbatas":
        return "Tidak terbatas (ditinjau ulang secara berkala)"
    return note or "–"


def documentation_form(documentation: dict | None) -> str:
    doc = documentation if isinstance(documentation, dict) else {}
    return DOCUMENTATION_FORMS[(bool(doc.get("softcopy")), bool(doc.get("hardcopy")))]
