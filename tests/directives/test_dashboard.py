"""The completion figures by agency and the tasks behind each (selectors.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from motcua.directives import selectors
from motcua.directives.models import Task
from motcua.directives.services import task_cancel, task_complete
from tests.directives.conftest import City, assign

TODAY = date(2026, 5, 7)  # Thursday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 7, tzinfo=UTC)


@pytest.fixture
def tasks(town: City, clock: Any) -> dict[str, Task]:
    """Given on Tue 28/04/2026: 3 working days is Tue 05/05, 10 working days Thu 14/05."""
    t = {
        "ward_on_time": assign(town, title="T1"),
        "ward_late": assign(town, title="T2"),
        "ward_open": assign(town, title="T3", working_days=10),
        "ward_overdue": assign(town, title="T4"),
        "ward_cancelled": assign(town, title="T5"),
        "dept_overdue": assign(town, title="T6", assignee_agency=town.dept),
        "dept_on_time": assign(town, title="T7", assignee_agency=town.dept),
        "other_open": assign(town, title="T8", assignee_agency=town.other_ward, working_days=10),
    }
    clock.move_to(at(date(2026, 5, 4)))
    task_complete(actor=town.u("ward_head"), task_id=t["ward_on_time"].pk)
    task_cancel(actor=town.u("city_leader"), task_id=t["ward_cancelled"].pk, reason="Trùng")
    clock.move_to(at(date(2026, 5, 5), 16))
    task_complete(actor=town.u("dept_specialist"), task_id=t["dept_on_time"].pk)
    clock.move_to(at(date(2026, 5, 6)))
    task_complete(actor=town.u("ward_head"), task_id=t["ward_late"].pk)
    clock.move_to(at(TODAY))
    return t


def figures(rows: list[selectors.Completion]) -> dict[str, tuple[Any, ...]]:
    return {
        r.agency.code: (
            r.assigned,
            r.done_on_time,
            r.done_late,
            r.open_in_time,
            r.overdue,
            r.on_time_rate,
        )
        for r in rows
    }


def test_the_city_leader_sees_every_agency(town: City, tasks: dict[str, Task]) -> None:
    rows = selectors.completion_by_agency(user=town.u("city_leader"), day=TODAY)
    # ward: T1 on time, T2 late, T3 open, T4 overdue (T5 cancelled, not counted):
    #   rate 1 / (1 + 1 + 1) = 33.3 %
    # dept: T7 on time, T6 overdue: 1 / 2 = 50 %; other ward: T8 open, nothing judged yet
    assert figures(rows) == {
        town.ward.code: (4, 1, 1, 1, 1, Decimal("33.3")),
        town.other_ward.code: (1, 0, 0, 1, 0, None),
        town.dept.code: (2, 1, 0, 0, 1, Decimal("50.0")),
    }
    # in tree order (paths /1/2/, /1/3/, /1/4/: created in that order)
    assert [r.agency for r in rows] == [town.ward, town.other_ward, town.dept]


def test_an_official_sees_their_own_agency_only(town: City, tasks: dict[str, Task]) -> None:
    rows = selectors.completion_by_agency(user=town.u("ward_specialist"), day=TODAY)
    assert figures(rows) == {town.ward.code: (4, 1, 1, 1, 1, Decimal("33.3"))}
    rows = selectors.completion_by_agency(user=town.u("other_specialist"), day=TODAY)
    assert figures(rows) == {town.other_ward.code: (1, 0, 0, 1, 0, None)}


def test_the_drill_down_lists_the_tasks_behind_each_number(
    town: City, tasks: dict[str, Task]
) -> None:
    def titles(bucket: str, agency: Any) -> list[str]:
        filters = selectors.Filters(bucket=bucket, agency_id=agency.pk)
        found = selectors.task_list(user=town.u("city_leader"), filters=filters, day=TODAY)
        return sorted(t.title for t in found)

    assert titles("assigned", town.ward) == ["T1", "T2", "T3", "T4"]
    assert titles("done_on_time", town.ward) == ["T1"]
    assert titles("done_late", town.ward) == ["T2"]
    assert titles("open_in_time", town.ward) == ["T3"]
    assert titles("overdue", town.ward) == ["T4"]
    assert titles("overdue", town.dept) == ["T6"]
    overdue = selectors.task_list(
        user=town.u("city_leader"), filters=selectors.Filters(overdue=True), day=TODAY
    )
    assert sorted(t.title for t in overdue) == ["T4", "T6"]


def test_a_period_counts_the_tasks_given_in_it(
    town: City, tasks: dict[str, Task], clock: Any
) -> None:
    clock.move_to(at(date(2026, 5, 6)))
    assign(town, title="T9", assignee_agency=town.dept)  # due Mon 11/05
    rows = selectors.completion_by_agency(
        user=town.u("city_leader"), start=date(2026, 5, 6), end=date(2026, 5, 7), day=TODAY
    )
    assert figures(rows) == {town.dept.code: (1, 0, 0, 1, 0, None)}
