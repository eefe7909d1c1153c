"""Pages of ratings: the applicant's rating page (/ho-so-cua-toi/<code>/danh-gia/), the counter
device (/quay/danh-gia/, no sign-in, a one-time code), the reception's code page, corrections,
and the scorecards under /can-bo/danh-gia/.

Thin: parse, call one selector or service, render. Another person's dossier is a 404; a refused
rating shows its message on the page and changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import official_required, signed_in
from motcua.core.clientip import client_ip
from motcua.core.errors import DomainError, NotFound, PermissionDenied, RateLimited
from motcua.core.http import found_or_404, query_id
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import is_applicant
from motcua.dossiers.selectors.dossiers import dossier_get_for_user
from motcua.ratings import drilldown, scorecards
from motcua.ratings.forms import CorrectionForm, KioskCodeForm, RatingForm
from motcua.ratings.periods import current_year
from motcua.ratings.selectors import (
    INDICATOR_NAMES,
    RATEABLE_STATUSES,
    kiosk_code_find,
    officials_of,
    rating_chain,
    rating_effective,
)
from motcua.ratings.services import kiosk_code_issue, kiosk_rating_submit, rating_correct
from motcua.ratings.services import rating_submit as rating_submit_service
from motcua.workspace.selectors import dossier_for_official


def _applicant_dossier(user: Any, code: str) -> Dossier:
    dossier = found_or_404(dossier_get_for_user, user=user, code=code)
    if not is_applicant(user, dossier):
        raise Http404(_("Không tìm thấy hồ sơ."))
    return dossier


def _indicator_rows(rating: Any) -> list[tuple[int, str, int]]:
    return [(n, str(INDICATOR_NAMES[n]), p) for n, p in enumerate(rating.points, start=1)]


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _applicant_dossier(request.user, code)
    existing = rating_effective(dossier)
    context: dict[str, Any] = {"d": dossier, "rating": existing}
    if existing is not None:
        context["rows"] = _indicator_rows(existing)
        return render(request, "ratings/rate.html", context)
    if dossier.status not in RATEABLE_STATUSES:
        context["not_yet"] = True
        return render(request, "ratings/rate.html", context)
    form = RatingForm(request.POST or None, officials=officials_of(dossier))
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            rating_submit_service(actor=request.user, code=dossier.code, data=form.rating_data())
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "ratings/rate.html", context, status=exc.status)
        messages.success(request, _("Cảm ơn ông/bà đã đánh giá việc giải quyết hồ sơ."))
        return redirect("ratings:rate", code=dossier.code)
    status = 400 if form.is_bound else 200
    return render(request, "ratings/rate.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    """The counter device: step 1 takes the code, step 2 the rating (the code travels with the
    form and is used up only when the rating is written)."""
    if request.method != "POST":
        return render(request, "ratings/kiosk.html", {"code_form": KioskCodeForm()})
    code_form = KioskCodeForm(request.POST)
    context: dict[str, Any] = {"code_form": code_form}
    if not code_form.is_valid():
        return render(request, "ratings/kiosk.html", context, status=400)
    try:
        row = kiosk_code_find(code=code_form.cleaned_data["code"], client=client_ip(request))
    except (PermissionDenied, RateLimited) as exc:
        context["error"] = exc.message
        return render(request, "ratings/kiosk.html", context, status=exc.status)
    form = RatingForm(
        request.POST if "satisfied" in request.POST else None,
        officials=officials_of(row.dossier),
    )
    context.update(d=row.dossier, form=form, code=code_form.cleaned_data["code"])
    if form.is_bound and form.is_valid():
        try:
            kiosk_rating_submit(kiosk_code=row, data=form.rating_data(), session_user=request.user)
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "ratings/kiosk.html", context, status=exc.status)
        return render(request, "ratings/kiosk.html", {"done": True})
    return render(request, "ratings/kiosk.html", context, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def kiosk_code(request: HttpRequest, code: str) -> HttpResponse:
    """The reception official issues the dossier's one-time kiosk code, once per dossier, and
    prints it on the return slip; it is shown once, on this POST's answer (a printable card)."""
    dossier = found_or_404(dossier_for_official, user=request.user, code=code)
    context: dict[str, Any] = {"d": dossier}
    if request.method == "POST":
        try:
            row, plain = kiosk_code_issue(actor=request.user, code=dossier.code)
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "ratings/kiosk_code.html", context, status=exc.status)
        context.update(plain=plain, row=row)
    return render(request, "ratings/kiosk_code.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@official_required
def correct(request: HttpRequest, code: str) -> HttpResponse:
    """A correction of the dossier's rating by the agency (self-assessment) or an inspector."""
    dossier = found_or_404(dossier_for_official, user=request.user, code=code)
    chain = rating_chain(dossier)
    form = CorrectionForm(request.POST or None, officials=[])
    context: dict[str, Any] = {"d": dossier, "chain": chain, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            rating_correct(
                actor=request.user,
                code=dossier.code,
                data=form.rating_data(),
                reason=form.cleaned_data["reason"],
                survey_reference=form.cleaned_data["survey_reference"],
            )
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "ratings/correct.html", context, status=exc.status)
        messages.success(request, _("Đã ghi nhận đánh giá điều chỉnh."))
        return redirect("ratings:correct", code=dossier.code)
    return render(request, "ratings/correct.html", context, status=400 if form.is_bound else 200)


def _scope_and_period(request: HttpRequest, *, default: str = "") -> tuple[Any, scorecards.Period]:
    try:
        scope = scorecards.scope_of(request.user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    try:
        period = scorecards.period_parse(request.GET.get("ky") or default)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return scope, period


@require_safe
@official_required
def scorecard(request: HttpRequest) -> HttpResponse:
    scope, period = _scope_and_period(request)
    context = {
        "period": period,
        "total": scorecards.satisfaction_total(scope, period),
        "agencies": scorecards.satisfaction_by_agency(scope, period),
        "procedures": scorecards.satisfaction_by_procedure(scope, period),
        "cards": scorecards.official_cards(scope, period),
        "section": "ratings",
    }
    return render(request, "ratings/scorecard.html", context)


@require_safe
@official_required
def drill(request: HttpRequest) -> HttpResponse:
    scope, period = _scope_and_period(request)
    metric = request.GET.get("so", "")
    official = query_id(request.GET.get("can_bo"))
    try:
        qs = drilldown.dossiers_for(
            scope,
            period,
            metric=metric,
            official=official,
            agency=query_id(request.GET.get("co_quan")),
            procedure=request.GET.get("thu_tuc") or None,
        )
    except DomainError as exc:
        raise Http404(exc.message) from exc
    rows = list(qs[: scorecards.DRILL_LIMIT + 1])
    context = {
        "period": period,
        "metric": metric,
        "rows": rows[: scorecards.DRILL_LIMIT],
        "more": len(rows) > scorecards.DRILL_LIMIT,
        "official": found_or_404(scorecards.official_in_scope, scope, official)
        if official
        else None,
    }
    return render(request, "ratings/drill.html", context)


@require_safe
@official_required
def official_sheet(request: HttpRequest, user_id: int) -> HttpResponse:
    """The official's evaluation sheet for the period (a year by default), prefilled from the
    scorecard; printable (print styles), classification left to the evaluating head."""
    scope, period = _scope_and_period(request, default=current_year())
    try:
        official = scorecards.official_in_scope(scope, user_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    cards = scorecards.official_cards(scope, period, only=official.pk)
    card = cards[0] if cards else scorecards.OfficialCard(official)
    context = {"period": period, "card": card, "official": official}
    return render(request, "ratings/official_sheet.html", context)
