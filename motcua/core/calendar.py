"""The working-time calendar: working days, office hours and statutory deadlines.

Where the days come from (strongest last):
1. Weekends: Saturday and Sunday are not working days, except that an agency with
   ``saturday_hours`` works its Saturday sessions (HCMC Saturday reception, docs/rules.md §1, §3).
2. The `holidays` library, ``country_holidays("VN", language="vi")``: Labour Code 2019 Art. 112
   holidays with lunar dates, compensatory days (nghỉ bù, Art. 111(3)), the yearly Tết and
   National-Day schedules and swapped days off. Checked for holidays 0.109: Tết 2025 27/1–31/1
   (with the weekends: 25/1–2/2), Tết 2026 16/2–20/2 (with the weekends: 14/2–22/2), Hùng Kings
   7/4/2025, 26/4/2026 (Sunday → Monday 27/4), 16/4/2027, National Day 2025 1/9–2/9 (with the
   weekend: 30/8–2/9, Thông báo 6150/TB-BLĐTBXH), and Vietnamese Culture Day 24/11 from 2026.
   A swapped day off names the Saturday worked in exchange ("Ngày nghỉ (thay cho ngày
   26/04/2025)"); that Saturday becomes a full working day (26/4/2025, 22/8/2026).
   `ANNOUNCED_BREAKS` adds the announced break periods as a whole, so that the weekend days
   inside a break are off for agencies that otherwise receive on Saturdays.
3. `CalendarOverride` rows: city-wide rows (agency empty), then the agency's own rows, win over
   all of the above. DAY_OFF makes a day non-working; WORKING_DAY makes it a full working day.

Caching: one `WorkCalendar` per (own overrides?, office sessions, Saturday sessions), built on
first use and kept for the process. Agencies with default hours, no Saturday sessions and no
rows of their own share the city calendar. `reset()` drops everything; override services call
it on commit. Other processes notice changes by comparing the count and newest ``updated_at``
of the override rows at most every `STALE_CHECK_SECONDS`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time as _time
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from motcua.core.calendar_rules import (
    UNITS,
    Sessions,
    WorkCalendar,
    day_kinds,
    deemed_receipt,
    due_local,
    parse_hhmm,
    parse_sessions,
)

if TYPE_CHECKING:
    from motcua.accounts.models import Agency

__all__ = [
    "DueResult",
    "add_working_days",
    "add_working_seconds",
    "add_working_time",
    "calendar_version",
    "compute_due",
    "deemed_received_at",
    "is_working_day",
    "office_day_end",
    "reset",
    "working_days_between",
    "working_seconds_between",
]

logger = logging.getLogger(__name__)

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STALE_CHECK_SECONDS = 5.0
_SWAP_LABEL = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")

CalendarKey = tuple[int | None, Sessions, Sessions]

# Announced civil-service breaks, first and last day inclusive. The library already has their
# weekdays; listing the whole period also closes the Saturdays inside it. Add a year's breaks
# when its notice is published (or use CalendarOverride rows).
ANNOUNCED_BREAKS: tuple[tuple[date, date, str], ...] = (
    (date(2025, 1, 25), date(2025, 2, 2), "Tết 2025: VPCP 8726/VPCP-KGVX, TB 6150/TB-BLĐTBXH"),
    (date(2025, 4, 30), date(2025, 5, 4), "30/4–1/5/2025: TB 6150/TB-BLĐTBXH (làm bù 26/4)"),
    (date(2025, 8, 30), date(2025, 9, 2), "Quốc khánh 2025: TB 6150/TB-BLĐTBXH"),
    (date(2026, 2, 14), date(2026, 2, 22), "Tết 2026: TB 9441/TB-BNV ngày 16/10/2025"),
    (date(2026, 8, 29), date(2026, 9, 2), "Quốc khánh 2026: TB 9441/TB-BNV (làm bù 22/8)"),
)


@dataclass(frozen=True)
class DueResult:
    """A computed deadline. ``calendar_version`` identifies the calendar that produced it."""

    due_at: datetime
    deemed_received_at: datetime
    calendar_version: str


@dataclass
class _State:
    """Everything cached for this process; replaced wholesale by `reset()`."""

    overrides: dict[int | None, dict[date, bool]] = field(default_factory=dict)
    stamp: tuple[Any, ...] | None = None
    next_check: float = 0.0
    calendars: dict[CalendarKey, WorkCalendar] = field(default_factory=dict)
    city: WorkCalendar | None = None


_state = _State()


def reset() -> None:
    """Drop every cached calendar and override; the next call reloads from the database."""
    global _state
    _state = _State()


# -- building ---------------------------------------------------------------------------------


def _years() -> tuple[int, int]:
    first, last = settings.MOTCUA["CALENDAR_YEARS"]
    return int(first), int(last)


@cache
def _library_days(first: int, last: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off, Saturdays worked in exchange for a swapped day off) from `holidays` and
    `ANNOUNCED_BREAKS`."""
    table = holidays.country_holidays("VN", years=range(first, last + 1), language="vi")
    days_off, makeup = set(table), set()
    for name in table.values():
        for match in _SWAP_LABEL.finditer(name):
            day, month, year = (int(g) for g in match.groups())
            makeup.add(date(year, month, day))
    for start, end, _source in ANNOUNCED_BREAKS:
        days_off.update(date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))
    return frozenset(days_off), frozenset(makeup)


@cache
def _sessions(raw: tuple[tuple[str, ...], ...]) -> Sessions:
    return parse_sessions(raw)


def _agency_sessions(agency: Agency | None) -> tuple[Sessions, Sessions]:
    """(ordinary sessions, Saturday sessions) of ``agency``; defaults from settings."""
    office = getattr(agency, "office_hours", None) or settings.MOTCUA["DEFAULT_OFFICE_HOURS"]
    saturday = getattr(agency, "saturday_hours", None) or ()
    return _sessions(tuple(map(tuple, office))), _sessions(tuple(map(tuple, saturday)))


def _version(key: CalendarKey, overrides: dict[date, bool]) -> str:
    """Hash of everything the calendar depends on: library version, years, sessions, rows."""
    body = {
        "holidays": holidays.__version__,
        "breaks": [(a.isoformat(), b.isoformat()) for a, b, _source in ANNOUNCED_BREAKS],
        "years": _years(),
        "sessions": [key[1], key[2]],
        "overrides": sorted((d.isoformat(), working) for d, working in overrides.items()),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]


def _build(key: CalendarKey, state: _State) -> WorkCalendar:
    first_year, last_year = _years()
    days_off, makeup = _library_days(first_year, last_year)
    overrides = {**state.overrides.get(None, {}), **state.overrides.get(key[0], {})}
    first, last = date(first_year, 1, 1), date(last_year, 12, 31)
    kinds = day_kinds(
        first,
        last,
        days_off=days_off,
        makeup_days=makeup,
        overrides=overrides,
        saturday=bool(key[2]),
    )
    cal = WorkCalendar(first, kinds, full=key[1], saturday=key[2], version=_version(key, overrides))
    state.calendars[key] = cal
    if key == (None, *_agency_sessions(None)):
        state.city = cal
    return cal


# -- freshness --------------------------------------------------------------------------------


def _stamp() -> tuple[Any, ...]:
    """(row count, newest updated_at) of the override table: changes on insert/update/delete."""
    from motcua.core.models import CalendarOverride

    rows = CalendarOverride.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (rows["n"], rows["last"])


def _load_overrides() -> dict[int | None, dict[date, bool]]:
    """Override rows by agency id (None = city-wide): date → True (working) / False (day off)."""
    from motcua.core.models import CalendarOverride, OverrideKind

    overrides: dict[int | None, dict[date, bool]] = {}
    rows = CalendarOverride.objects.values_list("agency_id", "date", "kind")
    for agency_id, day, kind in rows:
        overrides.setdefault(agency_id, {})[day] = kind == OverrideKind.WORKING_DAY
    return overrides


def _refresh() -> _State:
    """Reload overrides when the table changed since the last look (at most every few
    seconds). A database error keeps what we had (or no overrides) and is logged; the
    savepoint keeps the caller's transaction usable on PostgreSQL."""
    global _state
    state = _state
    try:
        with transaction.atomic():
            stamp = _stamp()
            if stamp != state.stamp:
                state = _State(overrides=_load_overrides(), stamp=stamp)
    except DatabaseError as exc:
        logger.warning("Không đọc được bảng điều chỉnh lịch, dùng lịch hiện có: %s", exc)
        if state.stamp is None:
            state = _State(stamp=("unavailable",))
    state.next_check = _time.monotonic() + STALE_CHECK_SECONDS
    _state = state
    return state


def _calendar(agency: Agency | None) -> WorkCalendar:
    """The calendar for ``agency`` (None = city). Hot path: one clock read and one lookup."""
    state = _state
    if _time.monotonic() >= state.next_check:
        state = _refresh()
    if agency is None and state.city is not None:
        return state.city
    full, saturday = _agency_sessions(agency)
    agency_id = getattr(agency, "pk", None)
    key = (agency_id if agency_id in state.overrides else None, full, saturday)
    return state.calendars.get(key) or _build(key, state)


# -- day level --------------------------------------------------------------------------------


def is_working_day(d: date, *, agency: Agency | None = None) -> bool:
    """True when ``d`` is a working day for ``agency`` (the city when None)."""
    return _calendar(agency).is_working_day(d)


def add_working_days(start: date, n: int, *, agency: Agency | None = None) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts, Civil Code 2015
    Art. 147(2)). n = 0 returns ``start`` when it is a working day, else the next working day
    (so 0 normalises a date); n < 0 returns the |n|-th working day before ``start``.
    O(1). Raises `CalendarRangeError` outside settings CALENDAR_YEARS."""
    return _calendar(agency).add_working_days(start, n)


def working_days_between(a: date, b: date, *, agency: Agency | None = None) -> int:
    """Working days after ``a`` up to and including ``b``: 0 when b == a, negative when b < a
    (minus the count after ``b`` up to and including ``a``). For n ≥ 1,
    ``working_days_between(d, add_working_days(d, n)) == n``."""
    return _calendar(agency).working_days_between(a, b)


def office_day_end(d: date, *, agency: Agency | None = None) -> datetime:
    """The close of working day ``d`` at ``agency`` (aware): the end of that day's last
    session, e.g. 11:30 on a Saturday-morning session, 17:00 on a weekday or a make-up
    Saturday. Raises ValueError when ``d`` is not a working day there."""
    return _aware(_calendar(agency).day_end(d))


def calendar_version(agency: Agency | None = None) -> str:
    """A 16-hex hash of what the agency's calendar depends on: the `holidays` version, the
    calendar years, the office and Saturday sessions and the override rows that apply."""
    return _calendar(agency).version


# -- hour level -------------------------------------------------------------------------------


def _local(dt: datetime) -> datetime:
    """Aware ``dt`` → naive Asia/Ho_Chi_Minh wall time."""
    if timezone.is_naive(dt):
        raise ValueError("Cần thời điểm có múi giờ (aware datetime).")
    return dt.astimezone(LOCAL_TZ).replace(tzinfo=None)


def _aware(local: datetime) -> datetime:
    """Naive Asia/Ho_Chi_Minh wall time → aware, in Django's current time zone."""
    return local.replace(tzinfo=LOCAL_TZ).astimezone(timezone.get_current_timezone())


def _seconds(hours: float | Decimal) -> int:
    seconds = (Decimal(str(hours)) * 3600).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if seconds < 0:
        raise ValueError("Số giờ không được âm.")
    return int(seconds)


def add_working_seconds(start: datetime, seconds: int, *, agency: Agency | None = None) -> datetime:
    """The earliest instant ≥ ``start`` by which ``seconds`` of office time have elapsed.
    ``seconds`` = 0 returns ``start`` unchanged. Sub-second parts of ``start`` are dropped."""
    if seconds == 0:
        return _aware(_local(start))
    return _aware(_calendar(agency).add_working_seconds(_local(start), seconds))


def add_working_time(
    start: datetime, hours: float | Decimal, *, agency: Agency | None = None
) -> datetime:
    """``start`` plus ``hours`` of office time (the agency's sessions on its working days, local
    Asia/Ho_Chi_Minh time). A period that uses up a session ends at that session's end (17:00,
    not 07:30 next day). Hours are rounded to the second; negative hours raise ValueError."""
    return add_working_seconds(start, _seconds(hours), agency=agency)


def working_seconds_between(a: datetime, b: datetime, *, agency: Agency | None = None) -> int:
    """Office seconds in ``[a, b)`` (e.g. time a dossier spent paused); negative when b < a."""
    return _calendar(agency).working_seconds_between(_local(a), _local(b))


# -- deadlines --------------------------------------------------------------------------------


def _cutoff_seconds(cutoff: time | None) -> int:
    if cutoff is None:
        return parse_hhmm(settings.MOTCUA["RECEIPT_CUTOFF"])
    return cutoff.hour * 3600 + cutoff.minute * 60 + cutoff.second


def deemed_received_at(
    received_at: datetime, *, agency: Agency | None = None, cutoff: time | None = None
) -> datetime:
    """When a dossier received at ``received_at`` counts as received (rule 1 of `compute_due`)."""
    cal = _calendar(agency)
    return _aware(deemed_receipt(cal, _local(received_at), _cutoff_seconds(cutoff)))


def compute_due(
    received_at: datetime,
    value: Decimal,
    unit: str,
    *,
    agency: Agency | None = None,
    cutoff: time | None = None,
) -> DueResult:
    """The due time of a statutory period ``value`` ``unit`` (catalog TimeUnit values).

    1. Deemed receipt. Received on a non-working day, outside office hours, or after the
       cut-off (``cutoff``, default settings MOTCUA["RECEIPT_CUTOFF"] = 15:00, strictly after):
       deemed received at the first office minute of the next working day. Received before
       opening or during the lunch break of a working day before the cut-off: at the next
       session's opening that day. Sources: Decree 23/2015/NĐ-CP Art. 7 and Decree
       63/2024/NĐ-CP Art. 7 (after 15:00 → next working day); Customs 2988/QĐ-TCHQ and
       Circular 87/2021/TT-BTC (outside hours → start of the next working day); docs/rules.md §2.
       It applies to every unit.
    2. "working_days": the receipt day is not counted (Civil Code 2015 Art. 147(2)); due at the
       end of office hours of ``add_working_days(deemed date, n)``. Fractions round up to a
       whole day (0.5 → 1). 0 → end of office hours of the deemed receipt day.
    3. "days" and "months": counted from the day after (Art. 147(2)); a month without the
       corresponding day ends on its last day (Art. 148(3)); a last day that is not a working
       day moves to the next working day (Art. 148(5)). Due at the end of office hours of that
       day (Art. 148(6) says 24:00; results are handed over in office hours). Days round up;
       months must be whole.
    4. "hours": ``value`` office hours from the deemed receipt (Art. 147(1): from the moment).
    """
    if unit not in UNITS:
        raise ValueError(f"Đơn vị thời hạn không hợp lệ: {unit!r}")
    value = Decimal(str(value))
    if value < 0 or (unit == "months" and value != value.to_integral_value()):
        raise ValueError(f"Thời hạn không hợp lệ: {value} {unit}")
    cal = _calendar(agency)
    deemed = deemed_receipt(cal, _local(received_at), _cutoff_seconds(cutoff))
    seconds = _seconds(value) if unit == "hours" else 0
    due = due_local(cal, deemed, math.ceil(value), unit, seconds)
    return DueResult(
        due_at=_aware(due), deemed_received_at=_aware(deemed), calendar_version=cal.version
    )
