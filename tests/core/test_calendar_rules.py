"""Pure calendar arithmetic (motcua.core.calendar_rules): no database."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.calendar import _library_days
from motcua.core.calendar_rules import (
    FULL,
    OFF,
    SATURDAY,
    CalendarRangeError,
    WorkCalendar,
    add_months,
    day_kinds,
    deemed_receipt,
    due_local,
    parse_sessions,
)

FIRST, LAST = date(2024, 1, 1), date(2028, 12, 31)
OFFICE = parse_sessions([["07:30", "11:30"], ["13:00", "17:00"]])
SAT_MORNING = parse_sessions([["07:30", "11:30"]])
CUTOFF = 15 * 3600


def _vn(*, saturday: bool = False, overrides: dict[date, bool] | None = None) -> WorkCalendar:
    days_off, makeup = _library_days(FIRST.year, LAST.year)
    kinds = day_kinds(
        FIRST, LAST, days_off=days_off, makeup_days=makeup, overrides=overrides, saturday=saturday
    )
    return WorkCalendar(FIRST, kinds, full=OFFICE, saturday=SAT_MORNING if saturday else ())


CITY = _vn()
SAT_AGENCY = _vn(saturday=True)

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


# -- parsing and precedence --------------------------------------------------------------------


def test_parse_sessions_to_seconds() -> None:
    assert OFFICE == ((27000, 41400), (46800, 61200))


@pytest.mark.parametrize(
    "raw",
    [
        [["11:30", "07:30"]],
        [["07:30", "11:30"], ["11:00", "17:00"]],
        [["25:00", "26:00"]],
        [["07:60", "08:00"]],
    ],
)
def test_parse_sessions_rejects_bad_data(raw: list[list[str]]) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_sessions(raw)


def test_day_kinds_precedence() -> None:
    # given a Monday holiday, a Saturday make-up day and overrides on a Tuesday and a Sunday
    mon, sat, tue, sun = date(2025, 6, 2), date(2025, 6, 7), date(2025, 6, 3), date(2025, 6, 8)
    kinds = day_kinds(
        mon,
        sun,
        days_off=[mon, sat],
        makeup_days=[sat],
        overrides={tue: False, sun: True},
        saturday=True,
    )
    # then the make-up day beats the holiday list and overrides beat everything
    assert list(kinds) == [OFF, OFF, FULL, FULL, FULL, FULL, FULL]


def test_day_kinds_saturday_agency() -> None:
    kinds = day_kinds(date(2025, 6, 2), date(2025, 6, 8), days_off=[], saturday=True)
    assert list(kinds) == [FULL] * 5 + [SATURDAY, OFF]


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


# -- day arithmetic ------------------------------------------------------------------------------


def test_add_working_days_zero_and_negative() -> None:
    assert CITY.add_working_days(date(2026, 2, 13), 0) == date(2026, 2, 13)
    assert CITY.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)
    assert CITY.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert CITY.add_working_days(date(2026, 2, 18), -1) == date(2026, 2, 13)


def test_out_of_range_raises() -> None:
    with pytest.raises(CalendarRangeError):
        CITY.add_working_days(date(2030, 1, 1), 1)
    with pytest.raises(CalendarRangeError):
        CITY.add_working_days(date(2028, 12, 29), 5)
    with pytest.raises(CalendarRangeError):
        CITY.is_working_day(date(2023, 12, 31))
    with pytest.raises(CalendarRangeError):
        CITY.working_days_between(date(2025, 1, 1), date(2029, 1, 1))
    with pytest.raises(CalendarRangeError):
        CITY.instant_at(CITY.cum_sec[-1] + 1)


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_add_then_count_is_identity(start: date, n: int) -> None:
    end = CITY.add_working_days(start, n)
    assert CITY.working_days_between(start, end) == n
    assert CITY.is_working_day(end)
    assert CITY.working_days_between(start, end - timedelta(days=1)) == n - 1


@given(a=dates, b=dates)
def test_between_is_antisymmetric_and_bounded(a: date, b: date) -> None:
    assert CITY.working_days_between(a, b) == -CITY.working_days_between(b, a)
    assert abs(CITY.working_days_between(a, b)) <= abs((b - a).days)


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_negative_steps_invert_positive_steps(start: date, n: int) -> None:
    # from a non-working day, -n lands on the last working day before it
    expected = start if CITY.is_working_day(start) else CITY.add_working_days(start, -1)
    assert CITY.add_working_days(CITY.add_working_days(start, n), -n) == expected


@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_saturday_agency_never_slower(start: date, n: int) -> None:
    assert SAT_AGENCY.add_working_days(start, n) <= CITY.add_working_days(start, n)


# -- office-time axis ------------------------------------------------------------------------------


def test_position_flat_outside_sessions() -> None:
    lunch = [datetime(2025, 6, 2, h, m) for h, m in ((11, 30), (12, 0), (12, 59))]
    assert len({CITY.position(t) for t in lunch}) == 1
    night = [datetime(2025, 6, 2, 17, 0), datetime(2025, 6, 3, 7, 30), datetime(2025, 6, 3, 3, 0)]
    assert len({CITY.position(t) for t in night}) == 1


def test_add_working_seconds_ends_at_session_end() -> None:
    # 4 office hours from Monday opening use up the morning: due 11:30, not 13:00
    assert CITY.add_working_seconds(datetime(2025, 6, 2, 7, 30), 4 * 3600) == datetime(
        2025, 6, 2, 11, 30
    )
    assert CITY.add_working_seconds(datetime(2025, 6, 2, 7, 30), 8 * 3600) == datetime(
        2025, 6, 2, 17, 0
    )
    assert CITY.add_working_seconds(datetime(2025, 6, 2, 12, 0), 0) == datetime(2025, 6, 2, 12, 0)
    with pytest.raises(ValueError, match="âm"):
        CITY.add_working_seconds(datetime(2025, 6, 2, 12, 0), -1)


def test_saturday_sessions_on_the_axis() -> None:
    # Friday 16:00 + 2 h: 1 h on Friday, 1 h on the Saturday morning for the Saturday agency
    fri = datetime(2025, 6, 6, 16, 0)
    assert SAT_AGENCY.add_working_seconds(fri, 7200) == datetime(2025, 6, 7, 8, 30)
    assert CITY.add_working_seconds(fri, 7200) == datetime(2025, 6, 9, 8, 30)
    # a Saturday session is 4 h: Friday 17:00 + 5 h → Monday 08:30
    assert SAT_AGENCY.add_working_seconds(datetime(2025, 6, 6, 17), 5 * 3600) == datetime(
        2025, 6, 9, 8, 30
    )


office_instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))


@given(start=office_instants, seconds=st.integers(min_value=1, max_value=400 * 3600))
def test_add_seconds_then_measure_is_identity(start: datetime, seconds: int) -> None:
    start = start.replace(microsecond=0)
    end = CITY.add_working_seconds(start, seconds)
    assert end > start
    assert CITY.working_seconds_between(start, end) == seconds
    assert CITY.working_seconds_between(start, end - timedelta(seconds=1)) == seconds - 1


# -- deemed receipt and due ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "deemed"),
    [
        (datetime(2025, 6, 2, 9, 15), datetime(2025, 6, 2, 9, 15)),  # in hours
        (datetime(2025, 6, 2, 6, 0), datetime(2025, 6, 2, 7, 30)),  # before opening
        (datetime(2025, 6, 2, 12, 0), datetime(2025, 6, 2, 13, 0)),  # lunch break
        (datetime(2025, 6, 2, 15, 0), datetime(2025, 6, 2, 15, 0)),  # exactly the cut-off
        (datetime(2025, 6, 2, 15, 1), datetime(2025, 6, 3, 7, 30)),  # after the cut-off
        (datetime(2025, 6, 2, 18, 0), datetime(2025, 6, 3, 7, 30)),  # evening
        (datetime(2025, 6, 6, 16, 0), datetime(2025, 6, 9, 7, 30)),  # Friday 16:00
        (datetime(2025, 6, 7, 9, 0), datetime(2025, 6, 9, 7, 30)),  # Saturday
    ],
)
def test_deemed_receipt(received: datetime, deemed: datetime) -> None:
    assert deemed_receipt(CITY, received, CUTOFF) == deemed


def test_deemed_receipt_saturday_agency() -> None:
    assert deemed_receipt(SAT_AGENCY, datetime(2025, 6, 7, 9), CUTOFF) == datetime(2025, 6, 7, 9)
    assert deemed_receipt(SAT_AGENCY, datetime(2025, 6, 7, 12), CUTOFF) == datetime(
        2025, 6, 9, 7, 30
    )


def test_due_local_units() -> None:
    # Friday 31/1/2025 is in the Tết 2025 break (25/1–2/2): deemed Monday 3/2 at opening
    deemed = deemed_receipt(CITY, datetime(2025, 1, 31, 9, 0), CUTOFF)
    assert deemed == datetime(2025, 2, 3, 7, 30)
    assert due_local(CITY, deemed, 0, "working_days", 0) == datetime(2025, 2, 3, 17, 0)
    assert due_local(CITY, deemed, 5, "working_days", 0) == datetime(2025, 2, 10, 17, 0)
    # 5 calendar days from 3/2 → Saturday 8/2 → next working day Monday 10/2
    assert due_local(CITY, deemed, 5, "days", 0) == datetime(2025, 2, 10, 17, 0)
    # 1 month from 3/2 → 3/3/2025 (Monday)
    assert due_local(CITY, deemed, 1, "months", 0) == datetime(2025, 3, 3, 17, 0)
    with pytest.raises(ValueError, match="Đơn vị"):
        due_local(CITY, deemed, 1, "weeks", 0)
