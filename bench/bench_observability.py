"""Cost of ObservabilityMiddleware per request, against the bare call it wraps.

Run: ``.venv/bin/python -m bench.bench_observability`` (or ``make bench``). No database. Prints
the microseconds the middleware adds per request with the access line on (to a null stream)
and off (target: a few tens of µs), then the median time of one /healthz on the configured
database when it is migrated (target: under 20 ms).
"""

from __future__ import annotations

import io
import logging
import os
import time
from collections.abc import Callable

CALLS = 20_000


def _per_call(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(CALLS):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / CALLS * 1e6


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import resolve

    from motcua.core.logjson import JsonFormatter, RequestIdFilter
    from motcua.core.observability import ObservabilityMiddleware

    request = RequestFactory().get("/tra-cuu/000.01.30.H29-260302-0001/")
    request.resolver_match = resolve(request.path)

    def view(_: object) -> HttpResponse:
        return HttpResponse(b"ok")

    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    access = logging.getLogger("motcua.request")
    access.handlers, access.propagate, access.level = [handler], False, logging.INFO
    wrapped = ObservabilityMiddleware(view)
    bare = _per_call(lambda: view(request))
    with_log = _per_call(lambda: wrapped(request))
    access.setLevel(logging.WARNING)
    without_log = _per_call(lambda: wrapped(request))
    print(f"bare view call                  {bare:8.1f} µs")
    print(f"middleware, JSON access line    {with_log - bare:8.1f} µs added")
    print(f"middleware, access line off     {without_log - bare:8.1f} µs added")
    _health()


def _health() -> None:
    import statistics

    from django.db import DatabaseError

    from motcua.core import health

    try:
        health.health({"database"})
        health.outbox_state()
    except DatabaseError:
        print("/healthz: database not migrated, skipped")
        return
    times = []
    for _ in range(50):
        start = time.perf_counter()
        health.health()
        times.append((time.perf_counter() - start) * 1000)
    print(f"/healthz checks, median of 50   {statistics.median(times):8.2f} ms")


if __name__ == "__main__":
    main()
