"""Same-day procedures (docs/rules.md §2): "done the same day; the next working day when received
after 15:00" (Decree 23/2015/NĐ-CP Art. 7; Decree 123/2015/NĐ-CP Art. 2(?) as restated for civil
status) is the period 0 working days with the 15:00 cut-off, due at the end of office hours of
the deemed receipt day. It is not 8 working hours (which would end the next morning)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest

from motcua.accounts.models import Agency
from motcua.catalog.demo.seed import PROCEDURES
from motcua.core.calendar import LOCAL_TZ, compute_due
from motcua.core.calendar_rules import deemed_receipt, due_local
from tests.core.test_calendar_rules import CITY, CUTOFF, SAT_AGENCY

SAME_DAY_CODES = (
    "2.000815",
    "2.000884",
    "2.001008",
    "1.001193",
    "1.000656",
    "1.000894",
    "2.000635",
    "1.005092",
)


def _same_day(cal: Any, received: datetime) -> datetime:
    return due_local(cal, deemed_receipt(cal, received, CUTOFF), 0, "working_days", 0)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 17, 0)),  # Monday 09:00 → Monday 17:00
        (datetime(2026, 3, 2, 15, 0), datetime(2026, 3, 2, 17, 0)),  # 15:00 is not after 15:00
        (datetime(2026, 3, 2, 15, 30), datetime(2026, 3, 3, 17, 0)),  # after the cut-off
        (datetime(2026, 3, 2, 6, 45), datetime(2026, 3, 2, 17, 0)),  # before opening
        (datetime(2026, 3, 2, 12, 10), datetime(2026, 3, 2, 17, 0)),  # lunch break
        (datetime(2026, 3, 2, 17, 30), datetime(2026, 3, 3, 17, 0)),  # after closing
        (datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 17, 0)),  # Friday 16:00 → Monday
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 9, 17, 0)),  # Saturday, city calendar
        (datetime(2026, 2, 13, 9, 0), datetime(2026, 2, 13, 17, 0)),  # the day before Tết 2026
        (datetime(2026, 2, 13, 15, 30), datetime(2026, 2, 23, 17, 0)),  # ... after 15:00
        (datetime(2026, 11, 23, 16, 0), datetime(2026, 11, 25, 17, 0)),  # 24/11 is off
    ],
)
def test_same_day_rule_on_the_city_calendar(received: datetime, due: datetime) -> None:
    assert _same_day(CITY, received) == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (datetime(2026, 3, 7, 9, 0), datetime(2026, 3, 7, 11, 30)),  # Saturday session
        (datetime(2026, 3, 7, 11, 45), datetime(2026, 3, 9, 17, 0)),  # after the session
        (datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 7, 11, 30)),  # Friday 16:00 → Saturday
        (datetime(2026, 2, 13, 15, 30), datetime(2026, 2, 23, 17, 0)),  # Tết closes Saturdays
    ],
)
def test_same_day_rule_at_an_agency_with_a_saturday_session(
    received: datetime, due: datetime
) -> None:
    assert _same_day(SAT_AGENCY, received) == due


def test_eight_hours_is_not_the_same_day() -> None:
    # given the old encoding of the same procedures
    deemed = deemed_receipt(CITY, datetime(2026, 3, 2, 9, 0), CUTOFF)
    # then it ends the next morning, which the law does not allow
    assert due_local(CITY, deemed, 8, "hours", 8 * 3600) == datetime(2026, 3, 3, 9, 0)


def _demo(code: str) -> dict[str, Any]:
    return next(row for row in PROCEDURES if row["code"] == code)


@pytest.mark.django_db
@pytest.mark.parametrize("code", SAME_DAY_CODES)
def test_demo_same_day_procedures_are_due_the_same_day(code: str) -> None:
    row = _demo(code)
    assert (row["time_limit_unit"], row["time_limit_value"]) == ("working_days", Decimal(0))
    assert row["receipt_cutoff"] == time(15, 0)
    monday_9 = datetime(2026, 3, 2, 9, 0, tzinfo=LOCAL_TZ)
    due = compute_due(
        monday_9, row["time_limit_value"], row["time_limit_unit"], cutoff=row["receipt_cutoff"]
    )
    assert due.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=LOCAL_TZ)
    late = compute_due(
        monday_9.replace(hour=15, minute=30),
        row["time_limit_value"],
        row["time_limit_unit"],
        cutoff=row["receipt_cutoff"],
    )
    assert late.due_at == datetime(2026, 3, 3, 17, 0, tzinfo=LOCAL_TZ)


@pytest.mark.django_db
def test_demo_same_day_at_a_saturday_ward() -> None:
    ward = Agency.objects.create(
        code="000.02.90.H29",
        name="UBND phường Bến Thành",
        short_name="BT",
        kind="ward",
        saturday_hours=[["07:30", "11:30"]],
    )
    row = _demo("2.000815")
    saturday_9 = datetime(2026, 3, 7, 9, 0, tzinfo=LOCAL_TZ)
    due = compute_due(
        saturday_9,
        row["time_limit_value"],
        row["time_limit_unit"],
        agency=ward,
        cutoff=row["receipt_cutoff"],
    )
    assert due.due_at == datetime(2026, 3, 7, 11, 30, tzinfo=LOCAL_TZ)
    assert date(2026, 3, 7) == due.deemed_received_at.astimezone(LOCAL_TZ).date()
