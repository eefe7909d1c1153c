"""Tasks abandoned by a killed `db_worker` run again.

django-tasks-db claims a task by setting it RUNNING (with the worker's id) and only a live
worker ever moves it on: a worker killed mid-task (SIGKILL, OOM, power loss) leaves the row
RUNNING for ever, and its effect (a receipt slip, a deadline sweep) never happens.

Contract:
- A task RUNNING for longer than the lease (`MOTCUA["TASK_LEASE_SECONDS"]`, env
  MOTCUA_TASK_LEASE_SECONDS, default 900 s: longer than any task of ours takes) is taken to be
  abandoned and is made READY again; the next worker runs it. Our tasks are safe to run twice
  (style: "tasks are thin ... safe to run twice"), so a task that was merely slow costs a
  second run, never a wrong state.
- A task abandoned `MAX_CLAIMS` times (it kills its worker every time) is marked FAILED instead,
  so it cannot take the queue down in a loop; the traceback says why.
- `motcua scheduler` calls `recover_abandoned` on every round, so recovery needs no worker of
  its own and happens within a round of the lease running out. With a task backend other than
  the database queue it does nothing.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_CLAIMS = 5
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def lease() -> timedelta:
    return timedelta(seconds=int(settings.MOTCUA.get("TASK_LEASE_SECONDS", 900)))


def uses_database_queue() -> bool:
    return any(b.get("BACKEND") == DATABASE_BACKEND for b in settings.TASKS.values())


def recover_abandoned() -> int:
    """Make tasks abandoned past the lease READY again (or FAILED after `MAX_CLAIMS` claims);
    returns how many rows changed. Rows are locked with SKIP LOCKED: a worker claiming or
    finishing one at this moment wins, and the row is looked at again next round."""
    if not uses_database_queue():
        return 0
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - lease()
    with transaction.atomic():
        stale = list(
            DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING, started_at__lt=cutoff
            )
        )
        for row in stale:
            if len(row.worker_ids) >= MAX_CLAIMS:
                row.status = TaskResultStatus.FAILED
                row.finished_at = timezone.now()
                row.exception_class_path = "motcua.core.task_recovery.Abandoned"
                row.traceback = f"abandoned by {len(row.worker_ids)} workers: {row.worker_ids}"
                row.save(
                    update_fields=["status", "finished_at", "exception_class_path", "traceback"]
                )
            else:
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
            logger.warning("task %s (%s) abandoned: now %s", row.pk, row.task_path, row.status)
    return len(stale)
