"""/metrics: request counters by route pattern, gauges read at scrape time, who may scrape."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from motcua.core.models import JobRun, OutboxMessage, OutboxStatus

pytestmark = pytest.mark.django_db


def scrape(client: Client, **extra: Any) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples


def requests_of(samples: dict[Any, float], route: str, status: str) -> float:
    key = ("motcua_http_requests_total", (("method", "GET"), ("route", route), ("status", status)))
    return samples.get(key, 0.0)


def test_requests_are_counted_by_route_pattern_never_by_path(client: Client) -> None:
    before = scrape(client)
    client.get("/tra-cuu/000.01.30.H29-260302-0001/")
    client.get("/tra-cuu/000.01.30.H29-260302-0002/")
    client.get("/khong-co-trang-nay/")
    after = scrape(client)
    route = "/tra-cuu/<str:code>/"
    grew = {
        key[1]
        for key, value in after.items()
        if key[0] == "motcua_http_requests_total" and value != before.get(key, 0.0)
    }
    assert requests_of(after, route, "404") - requests_of(before, route, "404") == 2
    assert requests_of(after, "<unmatched>", "404") - requests_of(before, "<unmatched>", "404") == 1
    assert not [labels for labels in grew if "0001" in str(labels)]
    bucket = ("motcua_http_request_duration_seconds_count", (("method", "GET"), ("route", route)))
    assert after[bucket] - before.get(bucket, 0.0) == 2


def test_gauges_are_read_at_scrape_time(client: Client) -> None:
    OutboxMessage.objects.create(kind="x", status=OutboxStatus.PENDING)
    OutboxMessage.objects.create(kind="x", status=OutboxStatus.FAILED)
    samples = scrape(client)
    assert samples[("motcua_outbox_pending", ())] == 1
    assert samples[("motcua_outbox_failed", ())] == 1
    backend = (("backend", "django_tasks_db.DatabaseBackend"),)
    assert samples[("motcua_task_queue_ready", backend)] == 0
    assert samples[("motcua_job_stale", (("job", "deadline_sweep"),))] == 1
    assert samples[("motcua_job_last_run_age_seconds", (("job", "deadline_sweep"),))] == -1
    assert samples[("motcua_state_up", (("part", "jobs"),))] == 1


def test_a_part_that_cannot_be_read_is_left_out(client: Client, settings: Any) -> None:
    JobRun.objects.all().delete()
    settings.TASKS = {"default": {"BACKEND": "motcua.no.such.Backend"}}
    samples = scrape(client)
    assert ("motcua_task_queue_ready", (("backend", "motcua.no.such.Backend"),)) not in samples
    assert samples[("motcua_state_up", (("part", "queue"),))] == 1  # unknown backend: no depth


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        ({"REMOTE_ADDR": "127.0.0.1"}, 200),
        ({"REMOTE_ADDR": "::1"}, 200),
        ({"REMOTE_ADDR": "10.0.0.5"}, 403),
        ({"REMOTE_ADDR": "10.0.0.5", "HTTP_AUTHORIZATION": "Bearer s3cret-token"}, 200),
        ({"REMOTE_ADDR": "10.0.0.5", "HTTP_AUTHORIZATION": "Bearer wrong"}, 403),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}, 403),
        ({"REMOTE_ADDR": "10.1.2.3"}, 200),  # inside the allowed network
    ],
    ids=["v4-local", "v6-local", "remote", "token", "wrong-token", "via-proxy", "cidr"],
)
def test_who_may_scrape(client: Client, settings: Any, extra: dict[str, str], status: int) -> None:
    motcua = {**settings.MOTCUA, "METRICS_TOKEN": "s3cret-token"}
    if extra["REMOTE_ADDR"] == "10.1.2.3":
        motcua["METRICS_ALLOW"] = ["10.1.0.0/16"]
    settings.MOTCUA = motcua
    assert client.get("/metrics", **extra).status_code == status
