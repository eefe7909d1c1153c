"""Login throttling (django-axes): the client address failures are counted against, and the
page a locked-out login gets. settings.AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE point
here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The TCP peer (REMOTE_ADDR). A header such as X-Forwarded-For is written by the client
    and would let an attacker pick a fresh address for every guess; when the platform knows
    which proxies it trusts, this delegates to that one resolver, so that throttling and public
    tracking count the same client."""
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429 with a page in Vietnamese saying how long to wait (the cool-off)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "lockout.html", context, status=429)
