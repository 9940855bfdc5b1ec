"""'Today' in the office's time zone, settable for reproducible checks and reports."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from registri.errors import UsageError

TODAY_ENV = "REGISTRI_TODAY"


def parse_date(text: str, what: str = "--today") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{what}: '{text}' bukan tanggal yang benar; tulis YYYY-MM-DD, mis. 2026-11-26.") from None


def today(tz: ZoneInfo, override: str | dt.date | None = None) -> dt.date:
    """`override` (from --today) wins, then $REGISTRI_TODAY, then the office's calendar date."""
    if isinstance(override, dt.date):
        return override
    if override:
        return parse_date(override)
    if os.environ.get(TODAY_ENV):
        return parse_date(os.environ[TODAY_ENV], TODAY_ENV)
    return dt.datetime.now(tz).date()
