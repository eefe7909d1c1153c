"""The applicant's payment pages: the fee lines and the "Thanh toán qua VNPAY" button, the
page the gateway sends the browser back to (it shows the state; it never marks a payment
paid: only a verified IPN does), and the receipt download (rights checked, stored copy)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from motcua.accounts.access import signed_in
from motcua.core.downloads import file_response
from motcua.core.errors import DomainError, NotFound
from motcua.core.http import found_or_404
from motcua.payments import receipts, selectors, services
from motcua.payments.models import Payment, PaymentStatus
from motcua.portal.selectors_mine import mine_get


def _gateway_origin() -> str:
    parts = urlsplit(settings.MOTCUA_VNPAY_URL)
    return f"{parts.scheme}://{parts.netloc}"


def _pay_page(
    request: HttpRequest, code: str, *, error: str = "", status: int = 200
) -> HttpResponse:
    dossier = found_or_404(mine_get, user=request.user, code=code)
    context = {
        "d": dossier,
        "lines": list(selectors.fee_lines(dossier)),
        "due": selectors.amount_due(dossier),
        "payments": list(Payment.objects.filter(dossier=dossier).order_by("-created_at", "-id")),
        "error": error,
    }
    response = render(request, "payments/pay.html", context, status=status)
    # The form posts here and is redirected to the gateway: CSP form-action must allow it.
    response._csp_update = {"form-action": [_gateway_origin()]}  # type: ignore[attr-defined]
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@signed_in
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """GET: what is owed and paid. POST: start a payment and go to the gateway."""
    if request.method != "POST":
        return _pay_page(request, code)
    found_or_404(mine_get, user=request.user, code=code)
    try:
        _payment, url = services.payment_start(
            actor=request.user,
            code=code,
            return_url=request.build_absolute_uri(reverse("payments:return")),
            ip_addr=request.META.get("REMOTE_ADDR", ""),
            locale="en" if request.LANGUAGE_CODE == "en" else "vn",
        )
    except DomainError as exc:
        return _pay_page(request, code, error=exc.message, status=exc.status)
    return redirect(url)


@require_safe
@signed_in
def gateway_return(request: HttpRequest) -> HttpResponse:
    """Where VNPAY sends the browser back. Logged; shows our record's state, which only the
    IPN changes, and what the gateway claims (if its signature holds)."""
    params = {k: request.GET.get(k, "") for k in request.GET}
    cb = services.callback_log_return(
        params=params, remote_addr=request.META.get("REMOTE_ADDR", "")
    )
    payment = Payment.objects.filter(order_ref=cb.order_ref).select_related("dossier").first()
    if payment is None:
        raise Http404(_("Không tìm thấy giao dịch thanh toán."))
    dossier = found_or_404(mine_get, user=request.user, code=payment.dossier.code)
    context = {
        "d": dossier,
        "p": payment,
        "claims_ok": not cb.refusal and cb.approved,
        "paid": payment.status == PaymentStatus.PAID,
    }
    return render(request, "payments/return.html", context)


@require_safe
@login_required
def receipt(request: HttpRequest, code: str, order_ref: str) -> HttpResponseBase:
    """The receipt PDF of one of the applicant's paid payments, as stored."""
    try:
        payment = selectors.payment_for_user(user=request.user, code=code, order_ref=order_ref)
        payment = receipts.receipt_issue(payment_id=payment.pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("payments:pay", code=code)
    return file_response(
        stored=payment.receipt,
        filename=f"bien-lai-{payment.receipt_number}.pdf",
        content_type="application/pdf",
        sha256=payment.receipt_sha256,
    )
