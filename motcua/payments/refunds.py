"""Refunds: a dossier refused, withdrawn or cancelled after its fee was paid is listed as
"refund due" (`selectors.refunds_due`); the agency's accountant returns the money outside the
system and confirms it here with the transfer reference (docs/payments.md; Law on Fees and
Charges 2015 Art. 6: a fee is collected for a service rendered). A duplicate payment is due
for a refund from the moment its IPN arrives."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.accounts.models import Role
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.permissions import require_role
from motcua.dossiers.services._common import lock_dossier, now, record
from motcua.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from motcua.payments.selectors import REFUND_STATUSES

# Who confirms a refund: the office's clerk (văn thư, who keeps the receipts) or its head.
REFUND_ROLES = (Role.CLERK, Role.UNIT_HEAD)


@transaction.atomic
def payment_refund(
    *, actor: Any, code: str, order_ref: str, reference: str, reason: str = ""
) -> Refund:
    """Confirm that a paid payment was refunded: the payment becomes refunded, the refund
    done, one audit event on the dossier. Only a payment due for a refund."""
    dossier = lock_dossier(code)
    require_role(actor, REFUND_ROLES, dossier.receiving_agency)
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .filter(dossier=dossier, order_ref=order_ref)
        .first()
    )
    if payment is None:
        raise NotFound("Không tìm thấy giao dịch thanh toán.")
    if payment.status != PaymentStatus.PAID:
        raise Conflict("Giao dịch không ở trạng thái đã thanh toán.", code="not_paid")
    refund = Refund.objects.filter(payment=payment).first()
    if refund is None and dossier.status not in REFUND_STATUSES:
        raise Conflict("Hồ sơ không thuộc diện hoàn phí.", code="refund_not_due")
    if not reference.strip():
        raise DomainError("Phải ghi số chứng từ hoàn tiền.", code="reference_required")
    refund = refund or Refund(
        payment=payment, amount=payment.amount, reason=reason or dossier.get_status_display()
    )
    refund.status, refund.reference = RefundStatus.DONE, reference.strip()[:64]
    refund.confirmed_by, refund.confirmed_at = actor, now()
    refund.save()
    payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["status"])
    record(
        dossier,
        kind="payment.refunded",
        actor=actor,
        fields=[],
        payload={"order_ref": order_ref, "amount": refund.amount, "reference": refund.reference},
    )
    return refund
