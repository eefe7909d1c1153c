"""Working-time arithmetic: one immutable precomputed table and pure functions. No Django here.

Vocabulary and contracts (all wall-clock values are *naive local* datetimes in the calendar's
time zone; Asia/Ho_Chi_Minh has had no daylight saving since 1975, so naive arithmetic is exact):

- A *session* is ``(start, end)`` in seconds after local midnight, half-open ``[start, end)``.
- Every day of the calendar has a *kind*: ``OFF`` (weekend, holiday, announced day off),
  ``FULL`` (the ordinary sessions) or ``SATURDAY`` (an agency's Saturday sessions).
- The *office-time axis*: ``position(t)`` is the number of office seconds between the first day
  of the calendar and ``t``. It is non-decreasing and flat outside sessions; every hour-level
  function is a difference or an inverse of it. Sub-second parts are truncated.
- Dates outside the precomputed years raise `CalendarRangeError`.
"""

from __future__ import annotations

import calendar as _stdcal
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from motcua.core.errors import DomainError

Session = tuple[int, int]
Sessions = tuple[Session, ...]

OFF, FULL, SATURDAY = 0, 1, 2
DAY = 86_400
UNITS = ("hours", "days", "working_days", "months")


class CalendarRangeError(DomainError):
    """A date falls outside the years the calendar precomputes (settings CALENDAR_YEARS)."""

    def __init__(self, message: str = "Ngày nằm ngoài phạm vi lịch làm việc.") -> None:
        super().__init__(message, code="calendar_out_of_range")


def parse_hhmm(value: str) -> int:
    """``"07:30"`` → seconds after midnight. ``"24:00"`` is allowed as the end of a day."""
    hours, minutes = (int(part) for part in value.split(":"))
    if not (0 <= hours <= 24 and 0 <= minutes < 60) or hours * 60 + minutes > 24 * 60:
        raise ValueError(f"Giờ không hợp lệ: {value!r}")
    return (hours * 60 + minutes) * 60


def parse_sessions(raw: Sequence[Sequence[str]]) -> Sessions:
    """``[["07:30","11:30"],["13:00","17:00"]]`` → ``((27000, 41400), (46800, 61200))``.

    Sessions must be non-empty, ordered and non-overlapping; bad data raises ValueError rather
    than silently producing wrong deadlines."""
    sessions = tuple((parse_hhmm(start), parse_hhmm(end)) for start, end in raw)
    previous_end = 0
    for start, end in sessions:
        if not previous_end <= start < end:
            raise ValueError(f"Ca làm việc không hợp lệ: {list(map(list, raw))!r}")
        previous_end = end
    return sessions


def day_kinds(
    first: date,
    last: date,
    *,
    days_off: Iterable[date],
    makeup_days: Iterable[date] = (),
    overrides: Mapping[date, bool] | None = None,
    saturday: bool = False,
) -> bytearray:
    """The kind of every day in ``[first, last]``, strongest rule last:

    1. Monday–Friday are FULL; Saturday is SATURDAY when ``saturday`` (the agency receives on
       Saturdays) else OFF; Sunday is OFF.
    2. ``days_off`` (statutory holidays, compensatory and swapped days off) are OFF.
    3. ``makeup_days`` (a Saturday worked in exchange for a swapped day off) are FULL.
    4. ``overrides`` (True = working, False = day off) win over everything above; a working
       override is a FULL day even on a Saturday or Sunday.
    """
    base = first.toordinal()
    kinds = bytearray(last.toordinal() - base + 1)
    weekly = (FULL, FULL, FULL, FULL, FULL, SATURDAY if saturday else OFF, OFF)
    start_weekday = first.weekday()
    for i in range(len(kinds)):
        kinds[i] = weekly[(start_weekday + i) % 7]
    marks = [(d, OFF) for d in days_off] + [(d, FULL) for d in makeup_days]
    marks += [(d, FULL if working else OFF) for d, working in (overrides or {}).items()]
    for d, kind in marks:
        if first <= d <= last:
            kinds[d.toordinal() - base] = kind
    return kinds


def add_months(d: date, months: int) -> date:
    """Same day of the month ``months`` later; clamped to the month's last day (Civil Code 2015
    Art. 148(3): a month without the corresponding day ends on its last day)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last_day = _stdcal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last_day))


def local_instant(d: date, second: int) -> datetime:
    """Naive local instant ``second`` seconds after midnight of ``d``."""
    return datetime.combine(d, time()) + timedelta(seconds=second)


def _seconds_of_day(t: datetime) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


class WorkCalendar:
    """Immutable tables over ``[first, last]``; every query is O(1) or O(log n).

    - ``cum[i]``: working days among the first ``i`` days; ``days[k]``: the k-th working day.
    - ``cum_sec[i]``: office seconds in the first ``i`` days (the office-time axis).
    """

    __slots__ = ("base", "cum", "cum_sec", "days", "first", "kinds", "last", "sessions", "version")

    def __init__(
        self,
        first: date,
        kinds: bytearray,
        *,
        full: Sessions,
        saturday: Sessions = (),
        version: str = "",
    ) -> None:
        if not full:
            raise ValueError("Thiếu ca làm việc trong ngày.")
        self.first, self.base, self.kinds = first, first.toordinal(), bytes(kinds)
        self.last = date.fromordinal(self.base + len(kinds) - 1)
        self.sessions: tuple[Sessions, ...] = ((), full, saturday or full)
        self.version = version
        lengths = [sum(e - s for s, e in self.sessions[k]) for k in range(3)]
        self.cum, self.cum_sec, self.days = [0], [0], []
        for i, kind in enumerate(self.kinds):
            self.cum.append(self.cum[-1] + (kind != OFF))
            self.cum_sec.append(self.cum_sec[-1] + lengths[kind])
            if kind != OFF:
                self.days.append(date.fromordinal(self.base + i))

    # -- day level ---------------------------------------------------------------------------

    def _offset(self, d: date) -> int:
        offset = d.toordinal() - self.base
        if not 0 <= offset < len(self.kinds):
            raise CalendarRangeError(f"Ngày {d:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc.")
        return offset

    def is_working_day(self, d: date) -> bool:
        return self.kinds[self._offset(d)] != OFF

    def add_working_days(self, start: date, n: int) -> date:
        """n ≥ 1: the n-th working day after ``start``; n = 0: ``start`` if it is a working day,
        else the next working day; n ≤ -1: the |n|-th working day before ``start``."""
        offset = start.toordinal() - self.base
        if not 0 <= offset < len(self.kinds):
            raise CalendarRangeError(f"Ngày {start:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc.")
        index = self.cum[offset + 1] + n - 1 if n > 0 else self.cum[offset] + n
        if not 0 <= index < len(self.days):
            raise CalendarRangeError()
        return self.days[index]

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; when ``b < a`` it is minus the count in ``(b, a]``."""
        base, size = self.base, len(self.kinds)
        offset_a, offset_b = a.toordinal() - base, b.toordinal() - base
        if not (0 <= offset_a < size and 0 <= offset_b < size):
            raise CalendarRangeError()
        return self.cum[offset_b + 1] - self.cum[offset_a + 1]

    def sessions_of(self, d: date) -> Sessions:
        """The office sessions of ``d`` (empty on a non-working day)."""
        return self.sessions[self.kinds[self._offset(d)]]

    # -- office-time axis --------------------------------------------------------------------

    def position(self, t: datetime) -> int:
        """Office seconds from the calendar's first day to naive local ``t``."""
        offset = self._offset(t.date())
        second = _seconds_of_day(t)
        inside = sum(min(max(second - s, 0), e - s) for s, e in self.sessions[self.kinds[offset]])
        return self.cum_sec[offset] + inside

    def instant_at(self, position: int) -> datetime:
        """The earliest naive local instant whose ``position`` is ``position`` (so a period that
        uses up a session ends at that session's end, e.g. 11:30, not at the next opening)."""
        if not 0 < position <= self.cum_sec[-1]:
            raise CalendarRangeError()
        offset = bisect_left(self.cum_sec, position) - 1
        remaining = position - self.cum_sec[offset]
        for start, end in self.sessions[self.kinds[offset]]:
            if remaining <= end - start:
                return local_instant(date.fromordinal(self.base + offset), start + remaining)
            remaining -= end - start
        raise AssertionError("unreachable: cum_sec is consistent with sessions")

    def add_working_seconds(self, start: datetime, seconds: int) -> datetime:
        """The earliest instant ≥ ``start`` by which ``seconds`` of office time have elapsed."""
        if seconds < 0:
            raise ValueError("Thời gian cộng thêm không được âm.")
        if seconds == 0:
            return start
        return self.instant_at(self.position(start) + seconds)

    def working_seconds_between(self, a: datetime, b: datetime) -> int:
        """Office seconds in ``[a, b)``; negative (antisymmetric) when ``b < a``."""
        return self.position(b) - self.position(a)

    def day_end(self, d: date) -> datetime:
        """End of the last session of working day ``d``."""
        sessions = self.sessions_of(d)
        if not sessions:
            raise ValueError(f"{d:%d/%m/%Y} không phải ngày làm việc.")
        return local_instant(d, sessions[-1][1])

    def day_start(self, d: date) -> datetime:
        """Start of the first session of working day ``d``."""
        sessions = self.sessions_of(d)
        if not sessions:
            raise ValueError(f"{d:%d/%m/%Y} không phải ngày làm việc.")
        return local_instant(d, sessions[0][0])


def deemed_receipt(cal: WorkCalendar, received: datetime, cutoff: int) -> datetime:
    """When a dossier received at naive local ``received`` is deemed received.

    Same day, at the next office instant, when the day is a working day, the time is not after
    ``cutoff`` (seconds after midnight) and a session is still open or to come (before opening
    → opening time; lunch break → afternoon opening). Otherwise the first office minute of the
    next working day."""
    day, second = received.date(), _seconds_of_day(received)
    if second <= cutoff:
        for start, end in cal.sessions_of(day):
            if second < end:
                return received if second >= start else local_instant(day, start)
    return cal.day_start(cal.add_working_days(day, 1))


def due_local(cal: WorkCalendar, deemed: datetime, value: int, unit: str, seconds: int) -> datetime:
    """The due instant (naive local) for a period counted from the deemed receipt ``deemed``.

    ``value`` is the whole number of days/months (already rounded up by the caller) and
    ``seconds`` the office seconds for unit "hours". See `motcua.core.calendar.compute_due`
    for the legal rules."""
    if unit == "hours":
        return cal.add_working_seconds(deemed, seconds)
    if unit == "working_days":
        return cal.day_end(cal.add_working_days(deemed.date(), value))
    if unit == "days":
        last = deemed.date() + timedelta(days=value)
    elif unit == "months":
        last = add_months(deemed.date(), value)
    else:
        raise ValueError(f"Đơn vị thời hạn không hợp lệ: {unit!r}")
    return cal.day_end(cal.add_working_days(last, 0))
