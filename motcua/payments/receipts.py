"""The electronic receipt (biên lai điện tử) of a paid payment: rendered once, the first time
it is asked for, stored with its SHA-256 and served as stored ever after (Decree
123/2020/NĐ-CP Art. 30–32 on electronic receipts for fees and charges; docs/rules.md §Phí,
lệ phí)."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import Conflict
from motcua.core.pdf import render_pdf
from motcua.payments.models import FeeLine, Payment, PaymentStatus

TEMPLATE = "payments/pdf/receipt.html"


def receipt_number(payment: Payment) -> str:
    """'BL-20261202-000042': the local date paid and the payment's id (gap-free per row)."""
    assert payment.paid_at is not None
    return f"BL-{timezone.localdate(payment.paid_at):%Y%m%d}-{payment.pk:06d}"


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _context(payment: Payment) -> dict[str, object]:
    dossier = payment.dossier
    lines = FeeLine.objects.filter(dossier=dossier).order_by("id")
    return {
        "p": payment,
        "d": dossier,
        "number": payment.receipt_number,
        "agency": dossier.receiving_agency,
        "paid_at": timezone.localtime(payment.paid_at),
        "lines": [(line, _money(line.amount)) for line in lines],
        "total": _money(payment.amount),
    }


@transaction.atomic
def receipt_issue(*, payment_id: int) -> Payment:
    """The payment with its stored receipt, rendering and storing it if this is the first
    time (under the payment's lock, so two downloads cannot issue two receipts). Only a paid
    or refunded payment has a receipt."""
    payment = (
        Payment.objects.select_for_update(of=("self",))
        .select_related("dossier__receiving_agency", "dossier__procedure_version")
        .get(pk=payment_id)
    )
    if payment.receipt_sha256:
        return payment
    if payment.status not in (PaymentStatus.PAID, PaymentStatus.REFUNDED):
        raise Conflict("Giao dịch chưa được thanh toán, chưa có biên lai.", code="not_paid")
    payment.receipt_number = receipt_number(payment)
    pdf = render_pdf(TEMPLATE, _context(payment), paper="A5")
    payment.receipt_sha256 = hashlib.sha256(pdf).hexdigest()
    payment.receipt.save(f"{payment.receipt_number}.pdf", ContentFile(pdf), save=False)
    try:
        payment.save(update_fields=["receipt_number", "receipt", "receipt_sha256"])
        audit.append(
            stream_type="dossier",
            stream_id=payment.dossier.code,
            kind="payment.receipt_issued",
            payload={
                "order_ref": payment.order_ref,
                "number": payment.receipt_number,
                "sha256": payment.receipt_sha256,
            },
        )
    except Exception:
        payment.receipt.storage.delete(payment.receipt.name or "")
        raise
    return payment
