"""The working-time calendar (motcua.core.calendar) against the real holiday data and overrides."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
import time_machine
from django.db import DatabaseError
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import calendar
from motcua.core.calendar import (
    LOCAL_TZ,
    add_working_days,
    add_working_time,
    calendar_version,
    compute_due,
    deemed_received_at,
    is_working_day,
    working_days_between,
    working_seconds_between,
)
from motcua.core.calendar_rules import CalendarRangeError
from motcua.core.models import AuditEvent, CalendarOverride, OverrideKind
from motcua.core.services import calendar_override_delete, calendar_override_set

pytestmark = pytest.mark.django_db


def vn(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Iterator[None]:
    calendar.reset()
    yield
    calendar.reset()


def _agency(code: str, **fields: object) -> Agency:
    return Agency.objects.create(
        code=code, name=f"UBND {code}", short_name=code[-5:], kind="ward", **fields
    )


@pytest.fixture
def saturday_ward() -> Agency:
    return _agency("000.01.01.H29", saturday_hours=[["07:30", "11:30"]])


@pytest.fixture
def plain_ward() -> Agency:
    return _agency("000.01.02.H29")


def _days(start: date, end: date) -> list[date]:
    return [date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1)]


# -- holidays ------------------------------------------------------------------------------------


def test_tet_2026_nine_days_off() -> None:
    # Saturday 14/2 – Sunday 22/2/2026 (TB 9441/TB-BNV; docs/rules.md §1); Friday 13/2 works
    assert is_working_day(date(2026, 2, 13))
    assert not any(is_working_day(d) for d in _days(date(2026, 2, 14), date(2026, 2, 22)))
    assert is_working_day(date(2026, 2, 23))
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_tet_2025_nine_days_off() -> None:
    # 25/1 – 2/2/2025 (VPCP 8726/VPCP-KGVX, Thông báo 6150/TB-BLĐTBXH)
    assert is_working_day(date(2025, 1, 24))
    assert not any(is_working_day(d) for d in _days(date(2025, 1, 25), date(2025, 2, 2)))
    assert is_working_day(date(2025, 2, 3))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 4, 7), False),  # Hùng Kings 2025, Monday
        (date(2026, 4, 26), False),  # Hùng Kings 2026, Sunday ...
        (date(2026, 4, 27), False),  # ... compensatory Monday
        (date(2026, 4, 28), True),
        (date(2027, 4, 16), False),  # Hùng Kings 2027, Friday
        # 30/4 – 1/5
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # Friday swapped with ...
        (date(2025, 4, 26), True),  # ... Saturday 26/4/2025, worked
        (date(2025, 5, 5), True),
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 5, 4), True),
        (date(2027, 4, 30), False),
        (date(2027, 5, 1), False),  # Saturday ...
        (date(2027, 5, 3), False),  # ... compensatory Monday
        (date(2027, 5, 4), True),
        # National Day
        (date(2025, 9, 1), False),  # 30/8–2/9/2025 (Thông báo 6150/TB-BLĐTBXH) ...
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),  # ... so 3/9/2025 is a working day (not 31/8–3/9)
        (date(2026, 8, 31), False),  # Monday swapped with ...
        (date(2026, 8, 22), True),  # ... Saturday 22/8/2026, worked
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2027, 9, 2), False),
        (date(2027, 9, 3), False),
        (date(2027, 9, 6), True),
        # New Year, Vietnamese Culture Day (from 2026)
        (date(2026, 1, 1), False),
        (date(2026, 11, 24), False),
    ],
)
def test_statutory_days(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_out_of_range() -> None:
    with pytest.raises(CalendarRangeError):
        add_working_days(date(2046, 1, 2), 1)


# -- overrides -----------------------------------------------------------------------------------


def test_city_override_day_off_and_worked_saturday(
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    # given an ordinary Monday and Saturday
    mon, sat = date(2026, 3, 9), date(2026, 3, 14)
    before = calendar_version()
    assert is_working_day(mon)
    assert not is_working_day(sat)
    # when the city announces a day off and a worked Saturday
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(date=mon, kind=OverrideKind.DAY_OFF, source="QĐ 1/2026")
        calendar_override_set(date=sat, kind=OverrideKind.WORKING_DAY)
    # then the cache was dropped on commit and both rows apply
    assert not is_working_day(mon)
    assert is_working_day(sat)
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 10)
    assert calendar_version() != before
    assert AuditEvent.objects.filter(stream_id="city", kind="calendar.override_set").count() == 2


def test_override_can_cancel_a_holiday(
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(date=date(2026, 11, 24), kind=OverrideKind.WORKING_DAY)
    assert is_working_day(date(2026, 11, 24))


def test_agency_override_wins_over_city(
    saturday_ward: Agency,
    plain_ward: Agency,
    django_capture_on_commit_callbacks: pytest.FixtureRequest,
) -> None:
    day = date(2026, 3, 9)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(date=day, kind=OverrideKind.DAY_OFF)
        calendar_override_set(date=day, kind=OverrideKind.WORKING_DAY, agency=saturday_ward)
        calendar_override_set(date=date(2026, 3, 10), kind=OverrideKind.DAY_OFF, agency=plain_ward)
    assert not is_working_day(day)
    assert is_working_day(day, agency=saturday_ward)
    assert not is_working_day(date(2026, 3, 10), agency=plain_ward)
    assert is_working_day(date(2026, 3, 10))
    assert is_working_day(date(2026, 3, 10), agency=saturday_ward)
    assert len({calendar_version(), calendar_version(plain_ward)}) == 2


def test_agencies_without_own_rules_share_the_city_calendar(plain_ward: Agency) -> None:
    other = _agency("000.01.03.H29", office_hours=[["07:30", "11:30"], ["13:00", "17:00"]])
    city = calendar._calendar(None)
    assert calendar._calendar(plain_ward) is city
    assert calendar._calendar(other) is city
    assert calendar_version(plain_ward) == calendar_version()


def test_saturday_agency_works_saturdays_except_holidays(saturday_ward: Agency) -> None:
    assert is_working_day(date(2026, 3, 14), agency=saturday_ward)
    assert not is_working_day(date(2026, 3, 15), agency=saturday_ward)  # Sunday
    assert not is_working_day(date(2026, 2, 14), agency=saturday_ward)  # Tết 2026
    assert not is_working_day(date(2027, 5, 1), agency=saturday_ward)  # Labour Day on Saturday
    assert not is_working_day(date(2025, 8, 30), agency=saturday_ward)  # National Day break 2025
    assert not is_working_day(date(2026, 8, 29), agency=saturday_ward)  # National Day break 2026
    # a make-up Saturday is a full day, not the Saturday morning session
    assert calendar._calendar(saturday_ward).sessions_of(date(2025, 4, 26))[-1][1] == 17 * 3600
    assert add_working_days(date(2026, 3, 13), 1, agency=saturday_ward) == date(2026, 3, 14)
    assert calendar_version(saturday_ward) != calendar_version()


def test_other_processes_notice_changes_after_the_check_interval() -> None:
    # given a loaded calendar
    day = date(2026, 3, 9)
    assert is_working_day(day)
    # when another process writes a row (no reset here)
    row = CalendarOverride.objects.create(date=day, kind=OverrideKind.DAY_OFF)
    # then the cached answer stands until the next freshness check ...
    assert is_working_day(day)
    calendar._state.next_check = 0.0
    assert not is_working_day(day)
    # ... which also sees edits and deletions
    row.kind = OverrideKind.WORKING_DAY
    row.save(update_fields=["kind", "updated_at"])
    calendar._state.next_check = 0.0
    assert is_working_day(day)
    CalendarOverride.objects.filter(date=date(2026, 3, 9)).delete()
    CalendarOverride.objects.create(date=date(2026, 3, 10), kind=OverrideKind.DAY_OFF)
    calendar._state.next_check = 0.0
    assert is_working_day(day)
    assert not is_working_day(date(2026, 3, 10))


def test_unreadable_override_table_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise DatabaseError("no such table")

    monkeypatch.setattr(calendar, "_stamp", broken)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


# -- services ------------------------------------------------------------------------------------


def test_override_set_replaces_and_delete_is_idempotent(
    plain_ward: Agency, django_capture_on_commit_callbacks: pytest.FixtureRequest
) -> None:
    day = date(2026, 3, 9)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_override_set(date=day, kind=OverrideKind.DAY_OFF, agency=plain_ward)
        row = calendar_override_set(date=day, kind=OverrideKind.WORKING_DAY, agency=plain_ward)
    assert CalendarOverride.objects.get(agency=plain_ward).pk == row.pk
    assert row.kind == OverrideKind.WORKING_DAY
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert calendar_override_delete(date=day, agency=plain_ward) is True
        assert calendar_override_delete(date=day, agency=plain_ward) is False
    assert len(callbacks) == 1
    assert AuditEvent.objects.filter(stream_id=plain_ward.code).count() == 3


@pytest.mark.parametrize(
    ("day", "kind", "code"),
    [
        (date(2026, 3, 9), "holiday", "invalid_override_kind"),
        (date(2050, 3, 9), OverrideKind.DAY_OFF, "calendar_out_of_range"),
    ],
)
def test_override_set_rejects(day: date, kind: str, code: str) -> None:
    from motcua.core.errors import DomainError

    with pytest.raises(DomainError) as info:
        calendar_override_set(date=day, kind=kind)
    assert info.value.code == code


# -- hour level ----------------------------------------------------------------------------------


def test_add_working_time_crosses_lunch_and_nights() -> None:
    assert add_working_time(vn(2026, 3, 9, 10), 3) == vn(2026, 3, 9, 14, 30)
    assert add_working_time(vn(2026, 3, 9, 16), Decimal("2.5")) == vn(2026, 3, 10, 9)
    assert add_working_time(vn(2026, 3, 9, 7, 30), 8) == vn(2026, 3, 9, 17)
    assert add_working_time(vn(2026, 3, 13, 16), 2) == vn(2026, 3, 16, 8, 30)  # weekend
    assert add_working_time(vn(2026, 2, 13, 16), 2) == vn(2026, 2, 23, 8, 30)  # Tết
    assert add_working_time(vn(2026, 3, 9, 20), 0) == vn(2026, 3, 9, 20)


def test_add_working_time_timezones() -> None:
    start_utc = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)  # 10:00 in Hà Nội
    with timezone.override("UTC"):
        result = add_working_time(start_utc, 1)
    assert result.utcoffset().total_seconds() == 0
    assert result == vn(2026, 3, 9, 11)
    assert add_working_time(start_utc, 1).tzinfo == LOCAL_TZ
    with pytest.raises(ValueError, match="múi giờ"):
        add_working_time(datetime(2026, 3, 9, 10), 1)
    with pytest.raises(ValueError, match="âm"):
        add_working_time(start_utc, -1)


def test_custom_office_hours_and_saturday_sessions(saturday_ward: Agency) -> None:
    late = _agency("000.01.04.H29", office_hours=[["08:00", "12:00"], ["13:30", "17:30"]])
    assert add_working_time(vn(2026, 3, 9, 11), 2, agency=late) == vn(2026, 3, 9, 14, 30)
    assert calendar._calendar(late) is not calendar._calendar(None)
    assert add_working_time(vn(2026, 3, 13, 16), 2, agency=saturday_ward) == vn(2026, 3, 14, 8, 30)


def test_working_seconds_between() -> None:
    assert working_seconds_between(vn(2026, 3, 9, 10), vn(2026, 3, 10, 10)) == 8 * 3600
    assert working_seconds_between(vn(2026, 3, 9, 11), vn(2026, 3, 9, 14)) == 30 * 60 + 3600
    assert working_seconds_between(vn(2026, 3, 13, 16), vn(2026, 3, 16, 8, 30)) == 7200
    assert working_seconds_between(vn(2026, 2, 13, 16), vn(2026, 2, 23, 8)) == 5400
    assert working_seconds_between(vn(2026, 3, 10, 10), vn(2026, 3, 9, 10)) == -8 * 3600
    assert working_seconds_between(vn(2026, 3, 14, 9), vn(2026, 3, 15, 9)) == 0


# -- deadlines -----------------------------------------------------------------------------------


def test_cutoff_before_and_after_15() -> None:
    before = compute_due(vn(2026, 3, 9, 14, 59), Decimal(3), "working_days")
    after = compute_due(vn(2026, 3, 9, 15, 1), Decimal(3), "working_days")
    assert before.deemed_received_at == vn(2026, 3, 9, 14, 59)
    assert before.due_at == vn(2026, 3, 12, 17)
    assert after.deemed_received_at == vn(2026, 3, 10, 7, 30)
    assert after.due_at == vn(2026, 3, 13, 17)


def test_per_procedure_cutoff() -> None:
    due = compute_due(vn(2026, 3, 9, 15, 30), Decimal(0), "working_days", cutoff=time(16, 0))
    assert due.deemed_received_at == vn(2026, 3, 9, 15, 30)
    assert due.due_at == vn(2026, 3, 9, 17)
    assert deemed_received_at(vn(2026, 3, 9, 15, 30)) == vn(2026, 3, 10, 7, 30)


def test_friday_16h_then_weekend() -> None:
    result = compute_due(vn(2026, 3, 13, 16), Decimal(1), "working_days")
    assert result.deemed_received_at == vn(2026, 3, 16, 7, 30)
    assert result.due_at == vn(2026, 3, 17, 17)
    assert result.calendar_version == calendar_version()


def test_appointment_across_tet_2026() -> None:
    # received Thursday 12/2/2026: day 1 = 13/2, then 23, 24, 25, 26/2
    result = compute_due(vn(2026, 2, 12, 10), Decimal(5), "working_days")
    assert result.due_at == vn(2026, 2, 26, 17)


def test_saturday_agency_receipt_and_due(saturday_ward: Agency) -> None:
    result = compute_due(vn(2026, 3, 13, 16), Decimal(1), "working_days", agency=saturday_ward)
    assert result.deemed_received_at == vn(2026, 3, 14, 7, 30)
    assert result.due_at == vn(2026, 3, 16, 17)
    same_day = compute_due(vn(2026, 3, 14, 9), Decimal(0), "working_days", agency=saturday_ward)
    assert same_day.due_at == vn(2026, 3, 14, 11, 30)


@pytest.mark.parametrize(
    ("received", "value", "unit", "due"),
    [
        (vn(2026, 3, 9, 10), "0", "working_days", vn(2026, 3, 9, 17)),
        (vn(2026, 3, 9, 10), "0.5", "working_days", vn(2026, 3, 10, 17)),
        (vn(2026, 3, 9, 10), "20", "working_days", vn(2026, 4, 6, 17)),
        (vn(2026, 3, 9, 10), "8", "hours", vn(2026, 3, 10, 10)),
        (vn(2026, 3, 9, 16), "2", "hours", vn(2026, 3, 10, 9, 30)),  # after cut-off
        (vn(2026, 3, 9, 12), "1.5", "hours", vn(2026, 3, 9, 14, 30)),  # lunch → 13:00
        (vn(2026, 3, 9, 10), "5", "days", vn(2026, 3, 16, 17)),  # Sat 14 → Mon 16
        (vn(2026, 3, 9, 10), "4", "days", vn(2026, 3, 13, 17)),
        (vn(2026, 3, 31, 10), "1", "months", vn(2026, 5, 4, 17)),  # 30/4 holiday → 4/5
        (vn(2026, 1, 30, 10), "1", "months", vn(2026, 3, 2, 17)),  # 28/2 Saturday → 2/3
        (vn(2026, 2, 10, 10), "1", "days", vn(2026, 2, 11, 17)),
        (vn(2026, 2, 12, 10), "2", "days", vn(2026, 2, 23, 17)),  # 14/2 in Tết → 23/2
    ],
)
def test_compute_due_units(received: datetime, value: str, unit: str, due: datetime) -> None:
    assert compute_due(received, Decimal(value), unit).due_at == due


@pytest.mark.parametrize(("value", "unit"), [("1", "weeks"), ("1.5", "months"), ("-1", "days")])
def test_compute_due_rejects(value: str, unit: str) -> None:
    with pytest.raises(ValueError, match="không hợp lệ"):
        compute_due(vn(2026, 3, 9, 10), Decimal(value), unit)


def test_compute_due_with_frozen_clock() -> None:
    with time_machine.travel(vn(2026, 3, 13, 16), tick=False):
        result = compute_due(timezone.now(), Decimal(8), "hours")
    assert result.deemed_received_at == vn(2026, 3, 16, 7, 30)
    assert result.due_at == vn(2026, 3, 16, 17)
