"""The payment-provider interface and the VNPAY reference provider (docs/payments.md).

A provider builds the redirect URL for a payment and reads a callback: it checks what only it
can check (the signature, its merchant code) and returns the callback's fields in our terms.
What needs our records (the order exists, the amount, replay) is checked by
`motcua.payments.services.payment_confirm`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.conf import settings

from motcua.core.errors import DomainError
from motcua.payments import vnpay


@dataclass(frozen=True)
class Callback:
    """A callback's fields. `refusal` (a reason code) and `rsp_code` are set when the provider
    itself refuses it (bad signature, another merchant)."""

    order_ref: str
    amount: int | None
    currency: str
    approved: bool
    timed_out: bool
    response_code: str
    transaction_no: str
    bank_code: str
    paid_at: datetime | None
    refusal: str = ""
    rsp_code: str = ""


@dataclass(frozen=True)
class PaymentRequest:
    order_ref: str
    amount: int
    description: str
    return_url: str
    ip_addr: str
    created: datetime
    expires: datetime
    locale: str = "vn"


class Provider(Protocol):
    name: str

    def payment_url(self, request: PaymentRequest) -> str: ...

    def read_callback(self, params: Mapping[str, str]) -> Callback: ...


class VnpayProvider:
    """VNPAY 2.1.0 (motcua.payments.vnpay)."""

    name = "vnpay"

    def __init__(self, *, tmn_code: str, secret: str, url: str) -> None:
        self.tmn_code, self.secret, self.url = tmn_code, secret, url

    def payment_url(self, request: PaymentRequest) -> str:
        params = vnpay.pay_params(
            tmn_code=self.tmn_code,
            amount=request.amount,
            txn_ref=request.order_ref,
            order_info=request.description,
            return_url=request.return_url,
            ip_addr=request.ip_addr,
            created=request.created,
            expires=request.expires,
            locale=request.locale,
        )
        return f"{self.url}?{vnpay.signed_query(params, self.secret)}"

    def read_callback(self, params: Mapping[str, str]) -> Callback:
        cb = _fields(params)
        if not vnpay.signature_ok(params, self.secret):
            return _refused(cb, "bad_signature", "97")
        if params.get("vnp_TmnCode", "") != self.tmn_code:
            return _refused(cb, "wrong_tmn_code", "99")
        return cb


def _fields(params: Mapping[str, str]) -> Callback:
    code = params.get("vnp_ResponseCode", "")
    status = params.get("vnp_TransactionStatus", "")
    pay_date = params.get("vnp_PayDate", "")
    try:
        paid_at = vnpay.parse_vnp_date(pay_date) if pay_date else None
    except ValueError:
        paid_at = None
    return Callback(
        order_ref=params.get("vnp_TxnRef", "")[:64],
        amount=vnpay.parse_amount(params.get("vnp_Amount", "")),
        # The IPN carries no vnp_CurrCode in VNPAY's guide; when one is sent it must be VND.
        currency=params.get("vnp_CurrCode", "VND"),
        approved=code == vnpay.SUCCESS and status == vnpay.SUCCESS,
        timed_out=code == vnpay.TIMED_OUT,
        response_code=code[:4],
        transaction_no=params.get("vnp_TransactionNo", "")[:32],
        bank_code=params.get("vnp_BankCode", "")[:20],
        paid_at=paid_at,
    )


def _refused(cb: Callback, reason: str, rsp: str) -> Callback:
    return Callback(**{**cb.__dict__, "refusal": reason, "rsp_code": rsp})


def get_provider(name: str = "vnpay") -> Provider:
    """The configured provider; refuses when it has no secret (production without
    MOTCUA_VNPAY_HASH_SECRET takes no payment)."""
    secret = getattr(settings, "MOTCUA_VNPAY_HASH_SECRET", "")
    tmn = getattr(settings, "MOTCUA_VNPAY_TMN_CODE", "")
    if name != "vnpay" or not secret or not tmn:
        raise DomainError(
            "Chức năng thanh toán trực tuyến chưa được cấu hình.", code="payments_not_configured"
        )
    return VnpayProvider(tmn_code=tmn, secret=secret, url=settings.MOTCUA_VNPAY_URL)
