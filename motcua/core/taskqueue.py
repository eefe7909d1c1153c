"""Queueing a task as part of a change.

Contract: `enqueue_with_change(task, **kwargs)` makes the task run after the caller's transaction
commits, and never when it rolls back.
- On the database queue (the default, `django-tasks-db`) the task row is written inside the
  caller's transaction, so it commits or rolls back with the change: a process killed just after
  the commit loses nothing (tests/crash proves it under SIGKILL).
- A queue outside the database (Redis, `MOTCUA_TASK_BACKEND=rq`) cannot join the transaction, so
  the task is queued after the commit; a process killed between the two loses the task. That
  window is microseconds wide; docs/scale-out.md records it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend


def queued_in_transaction(task: Task[Any, Any]) -> bool:
    """True when `task`'s queue is the database, so its row can join the caller's transaction."""
    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_with_change(task: Task[Any, Any], **kwargs: Any) -> None:
    if queued_in_transaction(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(partial(task.enqueue, **kwargs))
