"""Thai dates with Buddhist Era years, and Thai digits."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def thai_date(day: dt.date) -> str:
    """20 ก.ค. 2570"""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year + 543}"


def thai_datetime(moment: dt.datetime, zone: ZoneInfo) -> str:
    """24 พ.ย. 2569 เวลา 14:05 น. (in the campaign's time zone)"""
    local = moment.astimezone(zone)
    return f"{thai_date(local.date())} เวลา {local:%H:%M} น."


def arabic_digits(text: str) -> str:
    """Officers may type ๑๒๓ or 123; both mean the same."""
    return text.translate(_THAI_DIGITS)
