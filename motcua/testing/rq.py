"""Working the RQ queue in tests the way `motcua rqworker --burst` does, in this process.

`MOTCUA_TASK_BACKEND=rq` puts tasks in Redis (django-tasks-rq). A test's rows live in its
uncommitted transaction, so the jobs run in this process and thread (`rq.SimpleWorker`, RQ's
own worker class that does not fork) on the test's database connection; a forked worker could
not see them. Everything else is RQ's: the job is read back from Redis, run by django-tasks-rq's
`Job`, and its result and callbacks recorded in Redis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import django_rq
from django.conf import settings
from django_tasks import TaskResult, task_backends
from django_tasks.signals import task_finished
from django_tasks_rq import Job
from rq import SimpleWorker

RQ_BACKEND = "django_tasks_rq.RQBackend"


def rq_mode() -> bool:
    """True when the default task backend is django-tasks-rq."""
    return bool(settings.TASKS["default"]["BACKEND"] == RQ_BACKEND)


@dataclass(frozen=True)
class RanTask:
    """One task the worker ran: the names tests compare, like django_tasks_db's result row."""

    task_result: TaskResult

    @property
    def task_path(self) -> str:
        return self.task_result.task.module_path

    @property
    def task_name(self) -> str:
        return self.task_result.task.name

    @property
    def status(self) -> str:
        return str(self.task_result.status)

    @property
    def traceback(self) -> str:
        errors = self.task_result.errors
        return errors[-1].traceback if errors else ""


def queue(name: str = "default") -> Any:
    return django_rq.get_queue(name, job_class=Job)


def empty_queues() -> None:
    """Drop every job of the configured queues, waiting or done (a test starts with none)."""
    for name in settings.RQ_QUEUES:
        q = queue(name)
        q.empty()
        for registry in (q.finished_job_registry, q.failed_job_registry):
            for job_id in registry.get_job_ids():
                registry.remove(job_id, delete_job=True)


def work_burst(names: tuple[str, ...] = ("default",)) -> list[RanTask]:
    """Run every job of the queues until none is left (RQ's burst mode), jobs enqueued by jobs
    included; returns what ran, in order."""
    finished: list[TaskResult] = []

    def record(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
        finished.append(task_result)

    queues = [queue(n) for n in names]
    worker = SimpleWorker(queues, connection=queues[0].connection, job_class=Job)
    task_finished.connect(record, weak=False)
    try:
        worker.work(burst=True, with_scheduler=False)
    finally:
        task_finished.disconnect(record)
    # read back from Redis: the outcome as recorded, the failure's traceback included
    return [RanTask(task_backends[r.backend].get_result(r.id)) for r in finished]
