"""Deadline reminders through the outbox, each once (services/reminders.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core.audit import stream_events
from motcua.core.jobs import JOBS
from motcua.core.models import OutboxMessage
from motcua.directives.models import TaskReminder
from motcua.directives.services import (
    remind_before_days,
    send_reminders,
    task_complete,
    task_extend,
)
from tests.directives.conftest import City, assign


def at(day: date, hour: int = 9) -> datetime:
    """`hour` o'clock local (UTC+7) on `day`."""
    return datetime(day.year, day.month, day.day, hour - 7, tzinfo=UTC)


def rows(kind: str) -> list[tuple[str, str]]:
    found = OutboxMessage.objects.filter(kind=kind).order_by("user__username")
    return [(m.user.username, m.channel) for m in found if m.user is not None]


@pytest.fixture
def task(town: City, clock: Any) -> Any:
    # Tue 28/04/2026 + 10 working days (29/4, 4–8/5, 11–14/5) = Thu 14/05/2026
    t = assign(town, working_days=10)
    assert t.deadline == date(2026, 5, 14)
    return t


def test_the_default_is_two_working_days(settings: Any, monkeypatch: Any) -> None:
    monkeypatch.delenv("MOTCUA_TASK_REMIND_BEFORE_DAYS", raising=False)
    assert remind_before_days() == 2
    settings.MOTCUA_TASK_REMIND_BEFORE_DAYS = 4
    assert remind_before_days() == 4


def test_before_once_then_after_once(town: City, task: Any, clock: Any) -> None:
    # Mon 11/5 is three working days before the deadline: nothing yet
    assert send_reminders(at(date(2026, 5, 11))) == {"after": 0, "before": 0}
    # Tue 12/5 is two working days before: the ward's leader and unit head (no official named)
    assert send_reminders(at(date(2026, 5, 12))) == {"after": 0, "before": 1}
    expected_before = [("ward_head", "portal"), ("ward_leader", "portal")]
    assert rows("task.due_soon") == expected_before
    # run again the same day and the next: nothing new
    assert send_reminders(at(date(2026, 5, 12), 10)) == {"after": 0, "before": 0}
    assert send_reminders(at(date(2026, 5, 14))) == {"after": 0, "before": 0}
    assert rows("task.due_soon") == expected_before
    # Fri 15/5, the first working day after: overdue, to the assigning leader too
    assert send_reminders(at(date(2026, 5, 15), 8)) == {"after": 1, "before": 0}
    expected_after = [("city_leader", "portal"), ("ward_head", "portal"), ("ward_leader", "portal")]
    assert rows("task.overdue") == expected_after
    assert send_reminders(at(date(2026, 5, 15), 9)) == {"after": 0, "before": 0}
    assert send_reminders(at(date(2026, 5, 18))) == {"after": 0, "before": 0}
    assert rows("task.overdue") == expected_after
    kinds = [e.kind for e in stream_events("task", str(task.pk))]
    assert kinds == ["task.assigned", "task.reminded", "task.reminded"]
    message = OutboxMessage.objects.filter(kind="task.overdue").first()
    assert message is not None
    assert message.payload == {
        "task": task.pk,
        "title": "Rà soát hồ sơ tồn đọng",
        "source_reference": "Văn bản số 05/QĐ-UBND",
        "deadline": "2026-05-14",
        "agency": "UBND Phường Bến Thành",
        "assigning_agency": "UBND Thành phố Hồ Chí Minh",
        "assigned_by": "City Leader",
        "reminded_on": "2026-05-15",
        "days_late": 1,
    }
    before = OutboxMessage.objects.filter(kind="task.due_soon").first()
    assert before is not None
    assert (before.payload["reminded_on"], before.payload["days_left"]) == ("2026-05-12", 2)
    assert "days_late" not in before.payload


def test_the_overdue_reminder_waits_for_a_working_day(town: City, clock: Any) -> None:
    task = assign(town, working_days=6)  # Fri 08/05/2026
    assert task.deadline == date(2026, 5, 8)
    assert send_reminders(at(date(2026, 5, 9)))["after"] == 0  # Saturday
    assert send_reminders(at(date(2026, 5, 11)))["after"] == 1  # Monday


def test_a_named_official_is_the_one_reminded(town: City, clock: Any) -> None:
    assign(town, working_days=10, assignee_official=town.u("ward_specialist"))
    send_reminders(at(date(2026, 5, 13)))
    assert rows("task.due_soon") == [("ward_specialist", "portal")]


def test_a_named_official_who_left_is_replaced_by_the_agencys_heads(town: City, clock: Any) -> None:
    assign(town, working_days=10, assignee_official=town.u("ward_specialist"))
    User.objects.filter(pk=town.u("ward_specialist").pk).update(is_active=False)  # left
    send_reminders(at(date(2026, 5, 13)))
    assert rows("task.due_soon") == [("ward_head", "portal"), ("ward_leader", "portal")]


def test_the_setting_moves_the_before_reminder(town: City, task: Any, settings: Any) -> None:
    settings.MOTCUA_TASK_REMIND_BEFORE_DAYS = 0
    assert send_reminders(at(date(2026, 5, 13)))["before"] == 0
    assert send_reminders(at(date(2026, 5, 14)))["before"] == 1


def test_an_extension_gets_its_own_reminders_and_a_done_task_none(
    town: City, task: Any, clock: Any
) -> None:
    send_reminders(at(date(2026, 5, 12)))
    clock.move_to(at(date(2026, 5, 13)))
    task_extend(
        actor=town.u("city_leader"), task_id=task.pk, new_deadline=date(2026, 5, 20), reason="Chờ"
    )
    # the new deadline Wed 20/5: two working days before is Mon 18/5
    assert send_reminders(at(date(2026, 5, 15)))["before"] == 0
    assert send_reminders(at(date(2026, 5, 18)))["before"] == 1
    assert TaskReminder.objects.filter(task=task).count() == 2
    clock.move_to(at(date(2026, 5, 19)))
    task_complete(actor=town.u("ward_head"), task_id=task.pk)
    assert send_reminders(at(date(2026, 5, 21))) == {"after": 0, "before": 0}
    assert OutboxMessage.objects.filter(kind="task.overdue").count() == 0


def test_the_job_is_registered() -> None:
    job = next(j for j in JOBS if j.name == "task_reminders")
    assert job.task == "motcua.directives.tasks.task_reminders"


def test_the_job_runs_and_leaves_its_heartbeat(town: City, task: Any, clock: Any) -> None:
    from motcua.core.models import JobRun
    from motcua.directives.tasks import task_reminders

    clock.move_to(at(date(2026, 5, 12)))
    assert task_reminders.call() == 1
    assert task_reminders.call() == 0
    assert JobRun.objects.get(name="task_reminders").last_ok is True
