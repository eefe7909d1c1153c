"""Where each day of the working calendar comes from, for `motcua calendar_show`: the holidays
library (with its own name for the day), the announced breaks and swapped Saturdays, and the
override table (docs/calendar.md, docs/rules.md §1). Reads only; the calendar itself is
`core.calendar`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import holidays

from motcua.core.calendar import _SWAP_LABEL, ANNOUNCED_BREAKS, _agency_sessions, _calendar
from motcua.core.calendar_rules import Sessions

if TYPE_CHECKING:
    from motcua.accounts.models import Agency

WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class DaySource:
    """One day of a year that differs from the weekly pattern, or that a rule names: whether it
    is worked, its sessions, and every source that decided it (strongest first)."""

    day: date
    working: bool
    sessions: Sessions
    sources: tuple[str, ...]


def _override_rows(agency: Agency | None) -> dict[date, list[str]]:
    from motcua.core.models import CalendarOverride, OverrideKind

    rows = CalendarOverride.objects.filter(agency__isnull=True)
    if agency is not None and agency.pk is not None:
        rows = CalendarOverride.objects.filter(agency=agency) | rows
    found: dict[date, list[str]] = {}
    for row in rows.select_related("agency").order_by("agency_id"):
        who = f"cơ quan {row.agency.code}" if row.agency else "toàn thành phố"
        what = "ngày làm việc" if row.kind == OverrideKind.WORKING_DAY else "ngày nghỉ"
        detail = "; ".join(p for p in (row.note, row.source) if p) or "không ghi chú"
        found.setdefault(row.date, []).insert(0, f"điều chỉnh {who} ({what}): {detail}")
    return found


def _rule_sources(year: int) -> dict[date, list[str]]:
    """Library holidays (with the library's name), Saturdays worked in exchange for a swapped
    day off, and the announced breaks of `ANNOUNCED_BREAKS`."""
    table = holidays.country_holidays("VN", years=year, language="vi")
    found: dict[date, list[str]] = {}
    library = f"thư viện holidays {holidays.__version__}"
    for day, name in sorted(table.items()):
        found.setdefault(day, []).append(f"{library}: {name}")
        for match in _SWAP_LABEL.finditer(name):
            d, m, y = (int(g) for g in match.groups())
            found.setdefault(date(y, m, d), []).append(f"{library}: làm bù cho ngày {day:%d/%m/%Y}")
    for start, end, note in ANNOUNCED_BREAKS:
        for ordinal in range(start.toordinal(), end.toordinal() + 1):
            day = date.fromordinal(ordinal)
            if day.year == year:
                found.setdefault(day, []).append(f"thông báo: {note}")
    return found


def calendar_sources(year: int, *, agency: Agency | None = None) -> list[DaySource]:
    """Every day off and every worked weekend day of ``year`` at ``agency`` (None = city) with
    its sources, plus days a rule names that stay ordinary (e.g. a holiday cancelled by an
    override shows as worked). Ordinary weekends are not listed: the weekly pattern is Monday–
    Friday, plus Saturday sessions where the agency has them."""
    cal = _calendar(agency)
    saturday = bool(_agency_sessions(agency)[1])
    named = _rule_sources(year)
    for day, texts in _override_rows(agency).items():
        named[day] = texts + named.get(day, [])
    out = []
    for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
        day = date.fromordinal(ordinal)
        sessions = cal.sessions_of(day)
        usual = day.weekday() < 5 or (day.weekday() == 5 and saturday)
        if (bool(sessions) != usual or day in named) and (sessions or usual):
            out.append(DaySource(day, bool(sessions), sessions, tuple(named.get(day, ()))))
    return out
