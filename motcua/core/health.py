"""What `/healthz` and `/metrics` report: the database, the storage, the task queue, each
periodic job's heartbeat and the outbox. Reads only (the storage probe writes and deletes one
file under the reserved prefix); no personal data (no job messages, no recipients).

Contract:
- Each check returns a `Check` (`ok`, `warn` or `fail`) and a dict of numbers; a check that
  raises is a `fail` with the exception's class name, never its text (it may hold data).
- A periodic job is `fail` when it never finished, its last run failed, or it last finished
  more than 2 × its interval + `JOB_MARGIN_SECONDS` ago (the scheduler enqueues every interval
  and a worker may take a while to pick it up).
- The task queue check is chosen explicitly by the configured backend (`queue_state`); a
  backend without a function here reports its name and no depth. A ready task older than
  `QUEUE_WARN_SECONDS` is a `warn` (the jobs check fails when nothing runs at all).
- Cost: four small queries and three storage calls (well under 20 ms on a local folder).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Min, Q
from django.utils import timezone

from motcua.core.backup import RESERVED_PREFIX
from motcua.core.jobs import JOBS
from motcua.core.models import JobRun, OutboxMessage, OutboxStatus

JOB_MARGIN_SECONDS = 60
QUEUE_WARN_SECONDS = 300  # a ready task waiting longer: too few workers, or none running
RQ_BACKEND = "django_tasks_rq.RQBackend"
DB_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass
class Check:
    status: str  # ok | warn | fail
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueState:
    backend: str
    depth: int | None  # tasks ready to run
    oldest_age_seconds: float | None  # age of the oldest ready task


def _age(moment: datetime | None, now: datetime) -> float | None:
    return round((now - moment).total_seconds(), 1) if moment else None


def _timed(check: Callable[[], Check]) -> Check:
    start = time.perf_counter()
    try:
        result = check()
    except Exception as exc:
        result = Check("fail", {"error": type(exc).__name__})
    result.data["ms"] = round((time.perf_counter() - start) * 1000, 2)
    return result


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check("ok", {"vendor": connection.vendor})


def check_storage() -> Check:
    """Write, read back and delete one probe file under the reserved prefix."""
    name = f"{RESERVED_PREFIX}/probe-{uuid.uuid4().hex}"
    body = b"motcua-health"
    stored = default_storage.save(name, ContentFile(body))
    try:
        with default_storage.open(stored, "rb") as handle:
            same = handle.read() == body
    finally:
        default_storage.delete(stored)
    return Check("ok" if same else "fail")


def queue_state() -> QueueState:
    """The configured task backend's queue; one function per backend, chosen by its path."""
    backend = str(settings.TASKS["default"]["BACKEND"])
    if backend == DB_BACKEND:
        return db_queue_state()
    if backend == RQ_BACKEND:
        return rq_queue_state()
    return QueueState(backend, None, None)


def rq_queue_state() -> QueueState:
    """The Redis queue (scale-out mode): jobs waiting and the age of the oldest."""
    import django_rq

    queue = django_rq.get_queue("default")
    oldest = queue.get_jobs(0, 1)
    at = oldest[0].enqueued_at if oldest else None
    if at is not None and timezone.is_naive(at):
        at = timezone.make_aware(at, UTC)  # RQ records UTC without an offset
    return QueueState(RQ_BACKEND, int(queue.count), _age(at, timezone.now()))


def db_queue_state() -> QueueState:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready().aggregate(n=Count("id"), oldest=Min("enqueued_at"))
    age = _age(ready["oldest"], timezone.now())
    return QueueState(DB_BACKEND, int(ready["n"]), age)


def check_queue() -> Check:
    state = queue_state()
    data = {
        "backend": state.backend,
        "ready": state.depth,
        "oldest_ready_seconds": state.oldest_age_seconds,
    }
    late = (state.oldest_age_seconds or 0) > QUEUE_WARN_SECONDS
    return Check("warn" if late else "ok", data)


def job_ages() -> dict[str, tuple[float | None, bool]]:
    """Each registered job: (seconds since it last finished, or None; whether it is stale)."""
    now = timezone.now()
    runs = {r.name: r for r in JobRun.objects.filter(name__in=[j.name for j in JOBS])}
    ages: dict[str, tuple[float | None, bool]] = {}
    for job in JOBS:
        run = runs.get(job.name)
        age = _age(run.last_finished_at, now) if run else None
        limit = 2 * job.every_seconds + JOB_MARGIN_SECONDS
        ages[job.name] = (age, age is None or not run or not run.last_ok or age > limit)
    return ages


def check_jobs() -> Check:
    ages = job_ages()
    data = {name: {"age_seconds": age, "stale": stale} for name, (age, stale) in ages.items()}
    return Check("fail" if any(stale for _, stale in ages.values()) else "ok", {"jobs": data})


def outbox_state() -> dict[str, Any]:
    counts = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.PENDING, OutboxStatus.FAILED]
    ).aggregate(
        pending=Count("id", filter=Q(status=OutboxStatus.PENDING)),
        failed=Count("id", filter=Q(status=OutboxStatus.FAILED)),
        oldest=Min("created_at", filter=Q(status=OutboxStatus.PENDING)),
    )
    oldest = _age(counts.pop("oldest"), timezone.now())
    return {**counts, "oldest_pending_seconds": oldest}


def check_outbox() -> Check:
    state = outbox_state()
    return Check("warn" if state["failed"] else "ok", state)


CHECKS: tuple[tuple[str, Callable[[], Check]], ...] = (
    ("database", check_database),
    ("storage", check_storage),
    ("queue", check_queue),
    ("jobs", check_jobs),
    ("outbox", check_outbox),
)


def health(only: set[str] | None = None) -> tuple[bool, dict[str, Any]]:
    """(healthy, report): healthy unless a check failed; `only` limits the checks run."""
    report: dict[str, Any] = {}
    for name, check in CHECKS:
        if only is None or name in only:
            result = _timed(check)
            report[name] = {"status": result.status, **result.data}
    healthy = all(part["status"] != "fail" for part in report.values())
    return healthy, {"status": "ok" if healthy else "fail", "checks": report}
