"""Login throttling (django-axes): the client address failures are counted against, and the
page a locked-out login gets. settings.AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE point
here."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.core.clientip import UNKNOWN
from motcua.core.clientip import client_ip as resolve_client_ip


def client_ip(request: HttpRequest) -> str | None:
    """The address failures are counted against: the one resolver that public tracking uses
    too (`core.clientip`: X-Forwarded-For only from a proxy in MOTCUA_TRUSTED_PROXIES), so a
    header written by the client never gives an attacker a fresh address per guess. None when
    there is none (axes stores NULL; PostgreSQL's inet column refuses "unknown")."""
    address = resolve_client_ip(request)
    return None if address == UNKNOWN else address


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """429 with a page in Vietnamese saying how long to wait (the cool-off)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "lockout.html", context, status=429)
