"""Prometheus metrics: request counters kept by every web process, gauges read at scrape time.

Contract:
- With `PROMETHEUS_MULTIPROC_DIR` set (gunicorn sets it, `motcua.gunicorn_conf`), prometheus
  client keeps each process's counters in files there and a scrape sums them across the
  workers (`MultiProcessCollector`); without it (runserver, tests) the process's own registry
  is served. The variable must be set before this module is imported.
- Request labels are the route pattern of the URL resolver (`dossiers/<str:code>/`), never
  the path (which holds dossier codes and could hold personal data), so the label set is
  bounded; a request no route matched is `<unmatched>`.
- Gauges (task queue depth and oldest age, outbox pending and failed, age of each periodic
  job's last run) are computed by the scraping process, from the database, at scrape time.
- Access (`allowed`): a peer address in `MOTCUA_METRICS_ALLOW` (addresses or CIDRs, default
  127.0.0.1,::1) on a request no proxy forwarded, or `Authorization: Bearer
  <MOTCUA_METRICS_TOKEN>` when a token is configured.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from motcua.core import health

logger = logging.getLogger(__name__)
REQUESTS = Counter(
    "motcua_http_requests",
    "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
)
DURATION = Histogram(
    "motcua_http_request_duration_seconds",
    "Time to answer an HTTP request, by route pattern and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def observe(route: str, method: str, status: int, seconds: float) -> None:
    """Count one answered request. The labelled children are kept (the label set is bounded:
    route patterns × methods × statuses), which halves the cost of `labels()` per request."""
    key = (route, method, status)
    pair = _children.get(key)
    if pair is None:
        pair = (REQUESTS.labels(route, method, str(status)), DURATION.labels(route, method))
        _children[key] = pair
    pair[0].inc()
    pair[1].observe(seconds)


class StateCollector(Collector):
    """The gauges read from the database when scraped. A part that cannot be read (the
    database is down) is left out and `motcua_state_up{part}` says 0: the request counters
    are still served."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "motcua_state_up", "1 when this part of the state was read.", labels=["part"]
        )
        for part, read in (("queue", _queue), ("outbox", _outbox), ("jobs", _jobs)):
            try:
                families = list(read())
            except Exception:
                logger.exception("metrics: could not read %s", part)
                up.add_metric([part], 0)
                continue
            up.add_metric([part], 1)
            yield from families
        yield up


def _queue() -> Iterator[GaugeMetricFamily]:
    queue = health.queue_state()
    depth = GaugeMetricFamily("motcua_task_queue_ready", "Tasks ready to run.", labels=["backend"])
    oldest = GaugeMetricFamily(
        "motcua_task_queue_oldest_seconds", "Age of the oldest ready task.", labels=["backend"]
    )
    if queue.depth is not None:
        depth.add_metric([queue.backend], queue.depth)
        oldest.add_metric([queue.backend], queue.oldest_age_seconds or 0)
    yield depth
    yield oldest


def _outbox() -> Iterator[GaugeMetricFamily]:
    state = health.outbox_state()
    for key in ("pending", "failed"):
        yield GaugeMetricFamily(f"motcua_outbox_{key}", f"Outbox messages {key}.", state[key])
    yield GaugeMetricFamily(
        "motcua_outbox_oldest_pending_seconds",
        "Age of the oldest pending outbox message.",
        state["oldest_pending_seconds"] or 0,
    )


def _jobs() -> Iterator[GaugeMetricFamily]:
    age = GaugeMetricFamily(
        "motcua_job_last_run_age_seconds",
        "Seconds since each periodic job last finished (-1: never).",
        labels=["job"],
    )
    stale = GaugeMetricFamily(
        "motcua_job_stale", "1 when a periodic job is late, failed or never ran.", labels=["job"]
    )
    for name, (seconds, is_stale) in health.job_ages().items():
        age.add_metric([name], -1 if seconds is None else seconds)
        stale.add_metric([name], int(is_stale))
    yield age
    yield stale


def render() -> bytes:
    """The text exposition of every metric, summed over the workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Own())
    registry.register(StateCollector())
    return generate_latest(registry)


class _Own(Collector):
    """This process's counters (REGISTRY also holds the default process collectors)."""

    def collect(self) -> Iterator[Any]:
        yield from REGISTRY.collect()


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n, strict=False) for n in settings.MOTCUA["METRICS_ALLOW"]]


def allowed(request: Any) -> bool:
    """A bearer token, when configured, opens it from anywhere; otherwise the connection's peer
    must be an allowed address and the request must not have come through a proxy (one that
    adds X-Forwarded-For): a local reverse proxy would make every public client look local."""
    token = str(settings.MOTCUA.get("METRICS_TOKEN") or "")
    header = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(header.encode(), f"Bearer {token}".encode()):
        return True
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in network for network in _allowed_networks())
