"""/healthz: each check from the real database, storage and queue; 503 when one fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client

from motcua.core.backup import RESERVED_PREFIX
from motcua.core.health import JOB_MARGIN_SECONDS, QUEUE_WARN_SECONDS
from motcua.core.jobs import JOBS
from motcua.core.models import JobRun, OutboxMessage, OutboxStatus
from motcua.core.tasks import audit_checkpoint

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def _beat(at: datetime, ok: bool = True) -> None:
    for job in JOBS:
        JobRun.objects.update_or_create(
            name=job.name,
            defaults={"last_started_at": at, "last_finished_at": at, "last_ok": ok},
        )


def _get(client: Client, query: str = "") -> tuple[int, dict[str, Any]]:
    response = client.get(f"/healthz{query}")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"].startswith("max-age=0")
    return response.status_code, response.json()


@time_machine.travel(NOW, tick=False)
def test_healthy_when_every_job_beat_recently(client: Client, settings: Any) -> None:
    _beat(NOW - timedelta(seconds=5))
    status, body = _get(client)
    assert status == 200
    assert body["status"] == "ok"
    checks = body["checks"]
    assert set(checks) == {"database", "storage", "queue", "jobs", "outbox"}
    assert checks["database"]["status"] == "ok"
    assert checks["storage"]["status"] == "ok"
    assert checks["queue"] == {**checks["queue"], "backend": "django_tasks_db.DatabaseBackend"}
    assert checks["jobs"]["jobs"]["deadline_sweep"] == {"age_seconds": 5.0, "stale": False}
    assert all(part["ms"] >= 0 for part in checks.values())
    assert not list((Path(settings.MEDIA_ROOT) / RESERVED_PREFIX).iterdir())  # probe removed


@time_machine.travel(NOW, tick=False)
def test_job_never_ran_or_failed_is_stale(client: Client) -> None:
    status, body = _get(client)
    assert status == 503
    assert body["checks"]["jobs"]["jobs"]["audit_checkpoint"] == {
        "age_seconds": None,
        "stale": True,
    }
    _beat(NOW, ok=False)
    status, body = _get(client)
    assert status == 503
    assert body["checks"]["jobs"]["status"] == "fail"


def test_job_is_stale_after_twice_its_interval_and_the_margin(client: Client) -> None:
    _beat(NOW)
    limit = 2 * 3600 + JOB_MARGIN_SECONDS  # audit_checkpoint runs hourly
    with time_machine.travel(NOW + timedelta(seconds=limit), tick=False):
        _beat(NOW + timedelta(seconds=limit))  # the other jobs keep beating
        JobRun.objects.filter(name="audit_checkpoint").update(last_finished_at=NOW)
        assert _get(client)[0] == 200
    with time_machine.travel(NOW + timedelta(seconds=limit + 1), tick=False):
        JobRun.objects.exclude(name="audit_checkpoint").update(
            last_finished_at=NOW + timedelta(seconds=limit)
        )
        status, body = _get(client)
    assert status == 503
    jobs = body["checks"]["jobs"]["jobs"]
    assert jobs["audit_checkpoint"] == {"age_seconds": limit + 1.0, "stale": True}
    assert jobs["deadline_sweep"]["stale"] is False


def test_queue_depth_and_oldest_ready_task(client: Client) -> None:
    with time_machine.travel(NOW, tick=False):
        audit_checkpoint.enqueue()
        audit_checkpoint.enqueue()
    with time_machine.travel(NOW + timedelta(seconds=90), tick=False):
        _, body = _get(client, "?only=queue")
    assert body["checks"]["queue"]["ready"] == 2
    assert body["checks"]["queue"]["oldest_ready_seconds"] == 90.0
    assert body["checks"]["queue"]["status"] == "ok"
    with time_machine.travel(NOW + timedelta(seconds=QUEUE_WARN_SECONDS + 1), tick=False):
        status, body = _get(client, "?only=queue")
    assert (status, body["checks"]["queue"]["status"]) == (200, "warn")


def test_outbox_counts_without_recipients(client: Client) -> None:
    with time_machine.travel(NOW, tick=False):
        for status in (OutboxStatus.PENDING, OutboxStatus.PENDING, OutboxStatus.FAILED):
            OutboxMessage.objects.create(kind="x", recipient="0901234567", status=status)
        OutboxMessage.objects.create(kind="x", recipient="a@b.vn", status=OutboxStatus.SENT)
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        response = Client().get("/healthz?only=outbox")
    outbox = response.json()["checks"]["outbox"]
    assert outbox["pending"] == 2
    assert outbox["failed"] == 1
    assert outbox["oldest_pending_seconds"] == 120.0
    assert outbox["status"] == "warn"
    assert response.status_code == 200  # a failed message is a warning, not an outage
    assert b"0901234567" not in response.content


def test_storage_failure_is_503_without_the_error_text(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker)  # the probe cannot create its folder
    status, body = _get(client, "?only=storage,database")
    assert status == 503
    assert body["checks"]["storage"]["status"] == "fail"
    assert body["checks"]["storage"]["error"].endswith("Error")
    assert str(tmp_path) not in str(body)
    assert body["checks"]["database"]["status"] == "ok"


def test_cheap_four_queries(client: Client, django_assert_num_queries: Any) -> None:
    _beat(NOW)
    with django_assert_num_queries(4):  # SELECT 1, queue, job heartbeats, outbox
        client.get("/healthz")


def test_only_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_probes_are_not_redirected_to_https(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # built after the setting: SecurityMiddleware reads it at start
    assert client.get("/").status_code == 301
    assert client.get("/healthz?only=database").status_code == 200
    assert client.get("/metrics").status_code == 200
