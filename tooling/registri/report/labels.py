"""Indonesian labels for the enumerations a report counts by (keys as in record.schema.json)."""

from __future__ import annotations

TEST_TIME = {
    "sebelum_permohonan": "Sebelum ada permohonan",
    "saat_permohonan": "Saat ada permohonan",
    "perintah_komisi_informasi": "Atas perintah Komisi Informasi",
}
OPEN_REASON = {
    "jangka_waktu_berakhir": "Jangka waktu berakhir",
    "peristiwa_terjadi": "Peristiwa yang ditentukan telah terjadi",
    "persetujuan": "Persetujuan tertulis yang bersangkutan",
    "putusan_komisi_informasi": "Putusan Komisi Informasi",
    "putusan_pengadilan": "Putusan pengadilan",
    "keputusan_pimpinan": "Keputusan pimpinan",
}
PERIOD_TYPE = {
    "durasi_tetap": "Jangka waktu tetap",
    "sampai_peristiwa": "Sampai peristiwa tertentu",
    "sampai_persetujuan": "Sampai ada persetujuan",
    "tidak_terbatas": "Tidak terbatas",
}
RELEASE_FORM = {
    "ringkasan": "Ringkasan",
    "rekapitulasi": "Rekapitulasi",
    "salinan_dihitamkan": "Salinan dengan bagian dihitamkan",
}
REMAINING = {
    "sudah_berakhir": "Sudah berakhir",
    "sd_3_bulan": "≤ 3 bulan",
    "3_12_bulan": "3–12 bulan",
    "1_5_tahun": "1–5 tahun",
    "lebih_5_tahun": "> 5 tahun",
    "tanpa_tanggal_akhir": "Tanpa tanggal akhir (bukan jangka waktu tetap)",
}
NOT_CLASSIFIED = "Belum diklasifikasi"
CHANGE = {"koreksi": "koreksi", "peninjauan": "peninjauan", "pembukaan": "pembukaan"}
