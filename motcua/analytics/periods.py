"""Reporting periods of the analytics pages: a month `2026-12`, a quarter `2026-Q4`, six months
`2026-H2` (the program reviews every six months) or a year `2026`; [start, end) in Vietnam days.
Built on the national portal's periods (national_portal/rules.py), which the 766 index uses."""

from __future__ import annotations

import re
from datetime import date

from motcua.national_portal.rules import Period, parse_period

_HALF = re.compile(r"^(\d{4})-[Hh]([12])$")


def parse(text: str) -> Period:
    """Raises ValueError with a Vietnamese message."""
    text = (text or "").strip()
    if len(text) > 16:
        raise ValueError("Kỳ không hợp lệ.")
    if m := _HALF.match(text):
        year, half = int(m[1]), int(m[2])
        start = date(year, 1 if half == 1 else 7, 1)
        end = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
        return Period("half", start, end, f"{year}-H{half}")
    try:
        return parse_period(text)
    except ValueError as exc:
        raise ValueError(
            f"Kỳ không hợp lệ: {text!r} (dùng YYYY-MM, YYYY-Qn, YYYY-Hn hoặc YYYY)."
        ) from exc


def year_of(day: date) -> Period:
    return parse(str(day.year))
