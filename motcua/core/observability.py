"""The first middleware: a request id, the request's metrics and one access log line.

Contract:
- The request id is the client's `X-Request-ID` when it looks like a safe id (1 to 64 of
  letters, digits, `-`, `_`, `.`, `:`), else a new random one; it is echoed in the response's
  `X-Request-ID` and held in a context variable for the request, so every log line written
  meanwhile carries it (`logjson`).
- The access line (logger `motcua.request`, INFO) and the metrics name the route pattern, not
  the path, and the user's id only when the request already loaded the user (never a query of
  its own, never a name or an ID number). Django's "Not Found: <path>" line for a 4xx/5xx
  answer is written here, inside the request's id, instead of after the middleware.
- Cost: a regular-expression match, a context variable, two metric updates and one log call
  (bench/bench_observability.py).
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from motcua.core import metrics
from motcua.core.logjson import REQUEST_ID

SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
UNMATCHED = "<unmatched>"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
logger = logging.getLogger("motcua.request")


def request_id(raw: str | None) -> str:
    """The client's id when it is safe to echo and log, else a fresh one."""
    if raw and SAFE_ID.fullmatch(raw):
        return raw
    return os.urandom(16).hex()


def route_of(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return UNMATCHED if match is None else f"/{match.route}"


def _user_id(request: HttpRequest) -> int | None:
    # AuthenticationMiddleware's lazy user caches itself here once something asked for it
    return getattr(getattr(request, "_cached_user", None), "pk", None)


class ObservabilityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        start = time.perf_counter()
        rid = request_id(request.headers.get("X-Request-ID"))
        token = REQUEST_ID.set(rid)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            if response.status_code >= 400:  # Django's own line, logged here to carry the id
                log_response(
                    "%s: %s",
                    response.reason_phrase,
                    request.path,
                    response=response,
                    request=request,
                )
            self._record(request, response.status_code, time.perf_counter() - start)
        finally:
            REQUEST_ID.reset(token)
        return response

    def _record(self, request: HttpRequest, status: int, seconds: float) -> None:
        route = route_of(request)
        method = request.method if request.method in METHODS else "OTHER"  # bounded labels
        metrics.observe(route, method, status, seconds)
        if logger.isEnabledFor(logging.INFO):
            extra: dict[str, Any] = {"method": method, "route": route, "status": status}
            extra["duration_ms"] = round(seconds * 1000, 2)
            extra["user_id"] = _user_id(request)
            logger.info("%s %s %s", method, route, status, extra=extra)
