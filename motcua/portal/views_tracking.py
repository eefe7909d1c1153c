"""Public dossier tracking (the QR on every slip points here).

Tracking is anonymous: anyone holding the code sees the status, the receipt time and the
appointment; the procedure, the steps, apology reasons and the applicant's details need the
dossier's tracking PIN (on the receipt slip; its QR link carries it) or the last 4 digits of the
applicant's CCCD / tax code. Wrong guesses are counted per client (`core.clientip`) and per
dossier by `track_public`, which answers 429 once either is blocked; the public part is still
shown.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.core.clientip import client_ip
from motcua.core.dbrouter import replica_reads
from motcua.core.errors import NotFound, PermissionDenied, RateLimited
from motcua.dossiers.models import DueState, Timing
from motcua.dossiers.models.dossier import CLOCK_STATUSES
from motcua.dossiers.selectors.tracking import (
    TrackView,
    normalise_code,
    secret_check,
    track_public,
)

NOT_FOUND_HINT = "Kiểm tra lại mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả."
BAD_CODE = "Mã hồ sơ chỉ gồm chữ, số, dấu chấm và dấu gạch ngang, ví dụ 000.01.30.H29-260302-0001."


def _secrets(request: HttpRequest) -> dict[str, str]:
    """The secrets given, spaces removed (a PIN may be typed as '123 456')."""
    return {
        name: "".join(request.GET.get(name, "").split())[:16]
        for name in ("pin", "id_last4")
        if request.GET.get(name, "").strip()
    }


@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """The search form (a plain GET form). A well-formed code is sent on to its page."""
    if "code" not in request.GET:
        return render(request, "portal/track.html", {})
    raw = request.GET.get("code", "")
    code = normalise_code(raw)
    if code is None:
        error = "Hãy nhập mã hồ sơ." if not raw.strip() else BAD_CODE
        shown = "".join(ch for ch in raw if ch.isprintable())[:32]
        return render(request, "portal/track.html", {"code": shown, "error": error}, status=400)
    url = reverse("portal:track_detail", args=[code])
    given = _secrets(request)
    return redirect(f"{url}?{urlencode(given)}" if given else url)


def _steps(view: TrackView) -> list[dict[str, Any]]:
    labels = dict(Timing.choices)
    return [{**s, "timing_label": labels.get(s["timing"], "")} for s in view.steps or []]


def _detail_context(view: TrackView) -> dict[str, Any]:
    open_clock = view.due_at is not None and view.status in CLOCK_STATUSES
    return {
        "t": view,
        "code": view.code,
        "steps": _steps(view),
        "apology": view.apologies[-1] if view.apologies else None,
        "due_state": view.due_state if open_clock else "",
        "due_state_label": DueState(view.due_state).label if open_clock else "",
    }


def _format_error(given: dict[str, str]) -> str:
    """The form error for two secrets or a malformed one (`secret_check`), else ""."""
    try:
        secret_check(pin=given.get("pin"), id_last4=given.get("id_last4"))
    except ValidationError as exc:
        return exc.messages[0]
    return ""


@require_safe
@never_cache
@replica_reads()  # stale-tolerant: may trail a fresh submission by the lag
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Status of one dossier; with ?pin= or ?id_last4= the details when the secret matches.

    400: both secrets, or a malformed one (not compared, not counted as a guess); 403: a wrong
    secret (the public part is still shown); 429: too many wrong guesses from this client or for
    this dossier; 404: no dossier with this code."""
    given = _secrets(request)
    client = client_ip(request)
    error = _format_error(given)
    status = 400 if error else 200
    try:
        try:
            view = track_public(code=code, client=client, **({} if error else given))
        except (PermissionDenied, RateLimited) as exc:
            error, status = exc.message, exc.status
            view = track_public(code=code, client=client)
    except NotFound as exc:
        shown = "".join(ch for ch in code if ch.isprintable())[:32]
        context = {"code": shown, "error": exc.message, "hint": NOT_FOUND_HINT}
        return render(request, "portal/track.html", context, status=404)
    context = {**_detail_context(view), "error": error}
    return render(request, "portal/track_detail.html", context, status=status)
