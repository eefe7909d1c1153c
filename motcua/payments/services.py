"""Writes of payments: the fee due at receipt (clock paused), starting a payment, confirming
it from a verified IPN (clock resumed). Rules: docs/rules.md §Phí, lệ phí; protocol:
docs/payments.md."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Channel
from motcua.core.errors import Conflict, PermissionDenied
from motcua.dossiers.models import OPEN_STATUSES, Dossier, PauseReason
from motcua.dossiers.permissions import is_applicant
from motcua.dossiers.services._common import lock_dossier, notify, now, record
from motcua.dossiers.services.reception import _resume_processing
from motcua.payments import fees, selectors
from motcua.payments.models import (
    CallbackKind,
    CallbackLog,
    FeeLine,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from motcua.payments.provider import Callback, PaymentRequest, get_provider
from motcua.payments.vnpay import RSP


def fees_on_receipt(dossier: Dossier) -> int:
    """Fix the dossier's fee lines at receipt and, when its procedure version says the fee is
    due before processing and the dossier came online, pause its clock with
    `PauseReason.PAYMENT` from the receipt until paid (docs/rules.md §Phí, lệ phí; the paused
    working time is added back as for a supplement, docs/rules.md §4). The caller holds the
    dossier's lock and records the receipt afterwards (it saves the changed columns)."""
    version = dossier.procedure_version
    lines = selectors.fee_quote(
        version,
        channel=dossier.channel,
        categories=selectors.declared_categories(dossier.form_data),
    )
    FeeLine.objects.bulk_create(
        FeeLine(
            dossier=dossier,
            fee_id=line.fee_id,
            kind=line.kind,
            description=line.description,
            base_amount=line.base_amount,
            amount=line.amount,
            exempt_category=line.exempt_category,
        )
        for line in lines
    )
    amount = fees.total(lines)
    dossier.fee_total = amount
    if amount and version.fee_before_processing and dossier.channel == Channel.ONLINE:
        dossier.pause_reason = PauseReason.PAYMENT
        dossier.paused_at = dossier.received_at
        notify(dossier, kind="dossier.payment_due", payload={"amount": amount})
    return amount


def new_order_ref() -> str:
    """A fresh order reference (vnp_TxnRef): 'MC' + 16 random hex digits, unique by index."""
    return "MC" + secrets.token_hex(8).upper()


def _require_payable(actor: Any, dossier: Dossier) -> int:
    """The amount the applicant `actor` may pay now for the locked `dossier`."""
    if not is_applicant(actor, dossier):
        raise PermissionDenied("Chỉ người nộp hồ sơ được thanh toán phí của hồ sơ này.")
    if dossier.status not in OPEN_STATUSES:
        raise Conflict("Hồ sơ đã kết thúc, không thể thanh toán.", code="invalid_state")
    amount = selectors.amount_due(dossier)
    if amount <= 0:
        raise Conflict("Hồ sơ không còn khoản phí nào phải nộp.", code="nothing_due")
    return amount


@transaction.atomic
def payment_start(
    *, actor: Any, code: str, return_url: str, ip_addr: str, locale: str = "vn"
) -> tuple[Payment, str]:
    """Start paying the dossier's fees: a pending Payment and the gateway URL to send the
    applicant to. Only the applicant, only an open dossier with an amount due. Earlier pending
    attempts stay pending: the gateway may still confirm them (a second paid attempt becomes
    a refund due, `_mark_paid`)."""
    provider = get_provider()
    dossier = lock_dossier(code)
    amount = _require_payable(actor, dossier)
    at = now()
    expires = at + timedelta(minutes=settings.MOTCUA_PAYMENT_EXPIRE_MINUTES)
    payment = Payment.objects.create(
        dossier=dossier,
        order_ref=new_order_ref(),
        amount=amount,
        provider=provider.name,
        created_at=at,
        expires_at=expires,
        started_by=actor,
    )
    url = provider.payment_url(
        PaymentRequest(
            order_ref=payment.order_ref,
            amount=amount,
            description=f"Nop phi ho so {dossier.code}",
            return_url=return_url,
            ip_addr=ip_addr or "127.0.0.1",
            created=at,
            expires=expires,
            locale=locale,
        )
    )
    record(
        dossier,
        kind="payment.started",
        actor=actor,
        fields=[],
        payload={"order_ref": payment.order_ref, "amount": amount, "provider": provider.name},
    )
    return payment, url


@dataclass(frozen=True)
class IpnAnswer:
    rsp_code: str
    message: str


def _answer(log: CallbackLog, rsp: str, reason: str, *, applied: bool = False) -> IpnAnswer:
    log.rsp_code, log.reason, log.applied = rsp, reason, applied
    log.save()
    return IpnAnswer(rsp, RSP[rsp])


@transaction.atomic
def payment_confirm(*, params: dict[str, str], remote_addr: str = "") -> IpnAnswer:
    """Apply a server-to-server IPN. Checked in VNPAY's order: signature and merchant (97/99),
    the order exists (01), the amount (04) and currency (99), not already confirmed (02). Any
    refusal changes nothing; every IPN is logged with its answer and reason."""
    cb = get_provider().read_callback(params)
    log = CallbackLog(
        provider="vnpay",
        kind=CallbackKind.IPN,
        received_at=now(),
        remote_addr=remote_addr[:64],
        params=dict(params),
        order_ref=cb.order_ref,
        verified=not cb.refusal,
    )
    if cb.refusal:
        return _answer(log, cb.rsp_code, cb.refusal)
    found = Payment.objects.filter(order_ref=cb.order_ref).select_related("dossier").first()
    if found is None:
        return _answer(log, "01", "unknown_order")
    dossier = lock_dossier(found.dossier.code)  # the dossier first, then its payment
    payment = Payment.objects.select_for_update(of=("self",)).get(pk=found.pk)
    log.payment = payment
    if cb.amount != payment.amount:
        return _answer(log, "04", "amount_mismatch")
    if cb.currency != payment.currency:
        return _answer(log, "99", "wrong_currency")
    if payment.status != PaymentStatus.PENDING:
        return _answer(log, "02", "already_confirmed")
    _apply(dossier, payment, cb)
    return _answer(log, "00", "applied", applied=True)


def _apply(dossier: Dossier, payment: Payment, cb: Callback) -> None:
    payment.transaction_no, payment.bank_code = cb.transaction_no, cb.bank_code
    payment.response_code = cb.response_code
    if cb.approved:
        _mark_paid(dossier, payment, cb)
        return
    payment.status = PaymentStatus.EXPIRED if cb.timed_out else PaymentStatus.FAILED
    payment.save(update_fields=["status", "transaction_no", "bank_code", "response_code"])
    record(
        dossier,
        kind="payment.failed",
        actor=None,
        fields=[],
        payload={"order_ref": payment.order_ref, "response_code": cb.response_code},
    )


def _mark_paid(dossier: Dossier, payment: Payment, cb: Callback) -> None:
    """Paid: the clock resumes if it waited for the payment; a second paid attempt of the same
    dossier (the applicant paid twice) becomes a refund due."""
    duplicate = Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID).exists()
    payment.status = PaymentStatus.PAID
    payment.paid_at = cb.paid_at or timezone.now()
    payment.save(
        update_fields=["status", "paid_at", "transaction_no", "bank_code", "response_code"]
    )
    paused = 0
    if duplicate:
        Refund.objects.create(
            payment=payment,
            amount=payment.amount,
            reason="Thanh toán trùng: hồ sơ đã được thanh toán bằng giao dịch khác.",
            status=RefundStatus.DUE,
        )
    elif dossier.pause_reason == PauseReason.PAYMENT:
        paused = _resume_processing(dossier)  # the same rule as the end of a supplement pause
    record(
        dossier,
        kind="payment.paid",
        actor=None,
        payload={
            "order_ref": payment.order_ref,
            "amount": payment.amount,
            "transaction_no": payment.transaction_no,
            "paused_seconds": paused,
            "duplicate": duplicate,
        },
    )
    if not duplicate:
        notify(dossier, kind="dossier.paid", payload={"amount": payment.amount})


@transaction.atomic
def callback_log_return(*, params: dict[str, str], remote_addr: str = "") -> Callback:
    """Log a browser return visit and say what it claims; it never changes a payment."""
    cb = get_provider().read_callback(params)
    CallbackLog.objects.create(
        provider="vnpay",
        kind=CallbackKind.RETURN,
        received_at=now(),
        remote_addr=remote_addr[:64],
        params=dict(params),
        order_ref=cb.order_ref,
        payment=Payment.objects.filter(order_ref=cb.order_ref).first(),
        verified=not cb.refusal,
        reason=cb.refusal or "shown_only",
    )
    return cb
