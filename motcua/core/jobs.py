"""The one registry of periodic jobs, and the heartbeat each run leaves in JobRun."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django-tasks task
    every_seconds: int


JOBS: tuple[Job, ...] = (
    Job("deadline_sweep", "motcua.dossiers.tasks.deadline_sweep", every_seconds=300),
    Job("audit_checkpoint", "motcua.core.tasks.audit_checkpoint", every_seconds=3600),
    Job("outbox_deliver", "motcua.core.tasks.outbox_deliver", every_seconds=10),
    # the analytics rollups follow the audit stream (motcua/analytics/rollups.py)
    Job("rollups_update", "motcua.analytics.tasks.rollups_update", every_seconds=60),
    Job("risk_scores_update", "motcua.analytics.tasks.risk_scores_update", every_seconds=3600),
    # checked daily; forecasts and the heads' digest once per week (motcua/analytics/tasks.py)
    Job("index766_close", "motcua.analytics.tasks.index766_close", every_seconds=86400),
    Job("forecasts_weekly", "motcua.analytics.tasks.forecasts_weekly", every_seconds=86400),
    # deadline reminders of assigned tasks, each sent once (motcua/directives/services/reminders.py)
    Job("task_reminders", "motcua.directives.tasks.task_reminders", every_seconds=3600),
)


@contextmanager
def job_run(name: str) -> Iterator[None]:
    """Record the start, the end and the outcome of one run of a periodic job."""
    from motcua.core.models import JobRun

    JobRun.objects.update_or_create(name=name, defaults={"last_started_at": timezone.now()})
    try:
        yield
    except Exception:
        JobRun.objects.filter(name=name).update(
            last_finished_at=timezone.now(),
            last_ok=False,
            last_message=traceback.format_exc()[-2000:],
        )
        raise
    JobRun.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_ok=True, last_message=""
    )
