"""Public dossier tracking (the QR on every slip points here) and slip downloads.

Tracking is anonymous: anyone holding the code sees the status; the applicant's name, address and
phone appear only with the last 4 digits of the applicant's CCCD / tax code. Wrong guesses are
counted per client (REMOTE_ADDR) and per dossier by `track_public`, which refuses further guesses
with 429. The status itself never needs digits, so a wrong or blocked guess still shows it.

Slip downloads need a session; a dossier the user may not see, an unknown kind and a slip that
does not apply to the dossier are all plain 404s (never telling which).
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from motcua.core.errors import DomainError, NotFound, PermissionDenied, RateLimited
from motcua.dossiers.models import Apology, Dossier, DossierStatus, DueState, Timing
from motcua.dossiers.selectors.dossiers import dossier_get_for_user
from motcua.dossiers.selectors.tracking import TrackView, track_public
from motcua.dossiers.slips import SLIP_KINDS, render_slip

CODE_RE = re.compile(r"[A-Za-z0-9.\-]{1,32}")
DIGITS_RE = re.compile(r"\d{4}")
NOT_FOUND_HINT = "Kiểm tra lại mã hồ sơ in trên giấy tiếp nhận và hẹn trả kết quả."
BAD_CODE = "Mã hồ sơ chỉ gồm chữ, số, dấu chấm và dấu gạch ngang, ví dụ 000.01.30.H29-260302-0001."
BAD_DIGITS = "Nhập đúng 4 chữ số cuối của số CCCD hoặc mã số thuế."


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


@require_safe
def track(request: HttpRequest) -> HttpResponse:
    """The search form (a plain GET form). A well-formed code is sent on to its page."""
    code = request.GET.get("code", "").strip()
    digits = request.GET.get("id_last4", "").strip()
    if "code" not in request.GET:
        return render(request, "portal/track.html", {})
    if not CODE_RE.fullmatch(code):
        error = "Hãy nhập mã hồ sơ." if not code else BAD_CODE
        context = {"code": code[:32], "error": error}
        return render(request, "portal/track.html", context, status=400)
    url = reverse("portal:track_detail", args=[code])
    return redirect(f"{url}?{urlencode({'id_last4': digits})}" if digits else url)


def _steps(view: TrackView) -> list[dict[str, Any]]:
    labels = dict(Timing.choices)
    return [{**s, "timing_label": labels.get(s["timing"], "")} for s in view.steps]


def _detail_context(view: TrackView, digits: str) -> dict[str, Any]:
    open_clock = view.finished_at is None and view.due_at is not None
    return {
        "t": view,
        "code": view.code,
        "digits": digits,
        "steps": _steps(view),
        "apology": view.apologies[-1] if view.apologies else None,
        "due_state": view.due_state if open_clock else "",
        "due_state_label": DueState(view.due_state).label if open_clock else "",
    }


@require_safe
@never_cache
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Status of one dossier; with ?id_last4= the applicant's details when the digits match.

    403: digits given but wrong (status still shown, no personal data); 429: too many wrong
    guesses from this client or for this dossier; 404: no dossier with this code."""
    digits = request.GET.get("id_last4", "").strip()
    client = _client(request)
    error, status = "", 200
    if digits and not DIGITS_RE.fullmatch(digits):
        error, status, guess = BAD_DIGITS, 400, None
    else:
        guess = digits or None
    try:
        try:
            view = track_public(code=code, id_last4=guess, client=client)
        except (PermissionDenied, RateLimited) as exc:
            error, status = exc.message, exc.status
            view = track_public(code=code, id_last4=None, client=client)
    except NotFound as exc:
        context = {"code": code[:32], "error": exc.message, "hint": NOT_FOUND_HINT}
        return render(request, "portal/track.html", context, status=404)
    context = {**_detail_context(view, digits if status == 200 else ""), "error": error}
    return render(request, "portal/track_detail.html", context, status=status)


def _slip_applies(dossier: Dossier, kind: str) -> bool:
    """Whether the dossier has reached the point where this slip is issued. The supplement and
    apology slips also need their rows; `render_slip` refuses them otherwise."""
    if kind == "refusal":
        return dossier.status == DossierStatus.REJECTED
    if kind == "stop_notice":
        return dossier.status == DossierStatus.WITHDRAWN
    if kind == "apology":
        return Apology.objects.filter(dossier=dossier).exists()
    if kind in ("receipt", "control_sheet"):
        return dossier.received_at is not None
    return True


@require_safe
@login_required
def slip_download(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """One official slip as PDF, rendered now from the dossier's current state."""
    if kind not in SLIP_KINDS:
        raise Http404("Không có loại phiếu này.")
    try:
        dossier = dossier_get_for_user(user=request.user, code=code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not _slip_applies(dossier, kind):
        raise Http404("Hồ sơ không có phiếu này.")
    try:
        slip = render_slip(dossier, kind)
    except DomainError as exc:  # e.g. no supplement request yet
        raise Http404(exc.message) from exc
    response = HttpResponse(slip.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
