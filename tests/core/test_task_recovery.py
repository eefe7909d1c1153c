"""Tasks abandoned by a killed worker (RUNNING past the lease) run again; a task that keeps
killing its workers is failed instead; nothing changes with a queue other than the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motcua.core import task_recovery
from motcua.core.tasks import audit_checkpoint

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _lease(settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "TASK_LEASE_SECONDS": 60}


def claimed(at: datetime, workers: int = 1) -> DBTaskResult:
    """A task a worker claimed at `at` (`workers` claims so far)."""
    row = DBTaskResult.objects.get(pk=audit_checkpoint.enqueue().id)
    DBTaskResult.objects.filter(pk=row.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=at,
        worker_ids=[f"w{i}" for i in range(workers)],
    )
    return row


def test_a_task_running_past_the_lease_is_ready_again_and_a_recent_one_is_left() -> None:
    old, recent = claimed(AT - timedelta(seconds=61)), claimed(AT - timedelta(seconds=59))
    with time_machine.travel(AT, tick=False):
        assert task_recovery.recover_abandoned() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=old.pk).exists()  # a worker will take it
    assert recent.status == TaskResultStatus.RUNNING


def test_a_task_abandoned_by_max_claims_workers_is_failed() -> None:
    row = claimed(AT - timedelta(hours=1), workers=task_recovery.MAX_CLAIMS)
    with time_machine.travel(AT, tick=False):
        assert task_recovery.recover_abandoned() == 1
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert "abandoned by 5 workers" in row.traceback


def test_another_task_backend_is_left_alone(settings: Any) -> None:
    row = claimed(AT - timedelta(hours=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with time_machine.travel(AT, tick=False):
        assert task_recovery.recover_abandoned() == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.RUNNING


def test_an_outbox_claim_lasts_the_configured_lease(settings: Any) -> None:
    from motcua.core import outbox
    from motcua.core.models import OutboxMessage

    settings.MOTCUA = {**settings.MOTCUA, "OUTBOX_LEASE_SECONDS": 3}
    OutboxMessage.objects.create(kind="test", channel="portal", payload={})
    [row] = outbox._claim(["portal"], AT, 10)
    assert row.next_attempt_at == AT + timedelta(seconds=3)
    settings.MOTCUA = {**settings.MOTCUA, "OUTBOX_LEASE_SECONDS": None}
    assert outbox.lease() == outbox.LEASE
