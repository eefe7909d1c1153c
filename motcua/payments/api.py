"""API operations of payments under /api/v1/ (added by motcua/api/main.py).

- `POST /dossiers/{code}/payments`: the applicant starts paying; answers the gateway URL.
- `GET /dossiers/{code}/payments`: the dossier's fee lines, amount due and payments.
- `GET /payments/vnpay/ipn`: VNPAY's server-to-server IPN. No authentication (the signature is
  the authentication), no CSRF (a GET), no session: the lean path. Always answers 200 with
  VNPAY's `{"RspCode", "Message"}`, as VNPAY requires."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from motcua.api.auth import token_or_session
from motcua.api.docs import operation_docs
from motcua.api.schemas import ErrorOut
from motcua.core.clientip import client_ip
from motcua.payments import selectors, services
from motcua.payments.models import CallbackKind, CallbackLog

router = Router(tags=["payments"])
log = logging.getLogger(__name__)


class StartIn(Schema):
    locale: str = "vn"  # vn | en: the language of the gateway's page


class StartOut(Schema):
    order_ref: str
    amount: int
    redirect_url: str


class FeeLineOut(Schema):
    kind: str
    description: str
    base_amount: int
    amount: int
    exempt_category: str


class PaymentOut(Schema):
    order_ref: str
    amount: int
    currency: str
    provider: str
    status: str
    transaction_no: str
    bank_code: str
    created_at: datetime
    paid_at: datetime | None


class PaymentsOut(Schema):
    fee_total: int
    amount_due: int
    fee_lines: list[FeeLineOut]
    payments: list[PaymentOut]


class IpnOut(Schema):
    RspCode: str
    Message: str


_AUTH = {401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ (`unauthenticated`)."}
_404 = {404: "Không có hồ sơ này trong phạm vi của người gọi (`not_found`)."}


_START_ERRORS = {
    **_AUTH,
    400: "Thanh toán trực tuyến chưa được cấu hình (`payments_not_configured`).",
    403: "Người gọi không phải người nộp hồ sơ (`forbidden`).",
    **_404,
    409: "Hồ sơ đã kết thúc (`invalid_state`) hoặc không còn khoản phải nộp (`nothing_due`).",
    422: "Nội dung gửi lên sai dạng (`validation_error`).",
}


@router.post(
    "/dossiers/{code}/payments",
    operation_id="payment_start",
    summary="Bắt đầu thanh toán phí, lệ phí của hồ sơ qua cổng thanh toán",
    response={200: StartOut, **dict.fromkeys(_START_ERRORS, ErrorOut)},
    openapi_extra=operation_docs(
        (200, "Giao dịch đã tạo và địa chỉ chuyển tới cổng thanh toán"), _START_ERRORS
    ),
    auth=token_or_session,
)
def start(request: HttpRequest, code: str, payload: StartIn) -> dict[str, Any]:
    """Người nộp hồ sơ bắt đầu thanh toán: trả về `redirect_url` của cổng VNPAY."""
    selectors.payments_for_user(user=request.auth, code=code)  # 404 before anything else
    payment, url = services.payment_start(
        actor=request.auth,
        code=code,
        return_url=request.build_absolute_uri(reverse("payments:return")),
        ip_addr=request.META.get("REMOTE_ADDR", ""),
        locale=payload.locale,
    )
    return {"order_ref": payment.order_ref, "amount": payment.amount, "redirect_url": url}


_LIST_ERRORS = {**_AUTH, **_404}


@router.get(
    "/dossiers/{code}/payments",
    operation_id="payment_list",
    summary="Các khoản phí, số tiền còn phải nộp và các giao dịch thanh toán của hồ sơ",
    response={200: PaymentsOut, **dict.fromkeys(_LIST_ERRORS, ErrorOut)},
    openapi_extra=operation_docs((200, "Phí và giao dịch của hồ sơ"), _LIST_ERRORS),
    auth=token_or_session,
)
def payment_list(request: HttpRequest, code: str) -> dict[str, Any]:
    dossier, payments = selectors.payments_for_user(user=request.auth, code=code)
    return {
        "fee_total": dossier.fee_total,
        "amount_due": selectors.amount_due(dossier),
        "fee_lines": list(selectors.fee_lines(dossier)),
        "payments": payments,
    }


@router.get(
    "/payments/vnpay/ipn",
    operation_id="payment_vnpay_ipn",
    summary="IPN của VNPAY (máy chủ tới máy chủ)",
    response={200: IpnOut},
    openapi_extra=operation_docs(
        (
            200,
            'Luôn 200 với `{"RspCode","Message"}` theo đặc tả VNPAY: 00 ghi nhận, 01 không có '
            "giao dịch, 02 đã ghi nhận trước đó, 04 sai số tiền, 97 sai chữ ký, 99 lỗi khác.",
        ),
        {},
    ),
    auth=None,
)
def vnpay_ipn(request: HttpRequest) -> dict[str, str]:
    """Ghi nhận kết quả thanh toán từ VNPAY sau khi kiểm tra chữ ký, mã website, mã giao
    dịch, số tiền, loại tiền và việc đã ghi nhận trước đó."""
    params = {k: request.GET.get(k, "") for k in request.GET}
    remote = client_ip(request)
    try:
        answer = services.payment_confirm(params=params, remote_addr=remote)
    except Exception:
        log.exception("IPN failed")
        with transaction.atomic():
            CallbackLog.objects.create(
                provider="vnpay",
                kind=CallbackKind.IPN,
                received_at=services.now(),
                remote_addr=remote[:64],
                params=params,
                order_ref=params.get("vnp_TxnRef", "")[:64],
                rsp_code="99",
                reason="error",
            )
        return {"RspCode": "99", "Message": "Unknow error"}
    return {"RspCode": answer.rsp_code, "Message": answer.message}
