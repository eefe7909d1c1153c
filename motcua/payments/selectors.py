"""Reads of payments: a dossier's fee lines and payments (visibility through the dossier
selectors), the amount still due, the refunds due of an agency."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, DossierStatus
from motcua.dossiers.selectors.dossiers import dossier_get_for_user
from motcua.payments import fees
from motcua.payments.models import FeeLine, Payment, PaymentStatus

# Dossiers that ended without the service: a paid fee is returned (docs/payments.md).
REFUND_STATUSES = (DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.CANCELLED)
EXEMPTION_FIELD = "fee_exemption"  # the form field where an applicant declares a category


def fee_rules(version: ProcedureVersion) -> list[fees.FeeRule]:
    return [
        fees.FeeRule(
            fee_id=f.pk,
            kind=f.kind,
            description=f.description,
            amount=f.amount,
            online_amount=f.online_amount,
            exempt_categories=tuple(f.exempt_categories or ()),
        )
        for f in sorted(version.fees.all(), key=lambda f: f.pk)
    ]


def declared_categories(form_data: dict[str, Any]) -> tuple[str, ...]:
    """The exemption categories the applicant declared in the form (one code or a list)."""
    value = (form_data or {}).get(EXEMPTION_FIELD) or ()
    values = [value] if isinstance(value, str) else list(value)
    return tuple(str(v) for v in values if str(v) in fees.EXEMPTION_LABELS)


def fee_quote(
    version: ProcedureVersion, *, channel: str, categories: tuple[str, ...] = ()
) -> list[fees.FeeLine]:
    """The fee lines a dossier of `version` would owe (shown before submission)."""
    return fees.compute_fee_lines(fee_rules(version), channel=channel, categories=categories)


def fee_lines(dossier: Dossier) -> QuerySet[FeeLine]:
    return FeeLine.objects.filter(dossier=dossier).order_by("id")


def amount_due(dossier: Dossier) -> int:
    """The fee total still to pay: the lines' total, or 0 once one payment is paid."""
    if Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID).exists():
        return 0
    return sum(line.amount for line in fee_lines(dossier))


def payments_for_user(*, user: Any, code: str) -> tuple[Dossier, list[Payment]]:
    """The dossier (404 unless `user` may see it) and its payments, newest first."""
    dossier = dossier_get_for_user(user=user, code=code)
    return dossier, list(Payment.objects.filter(dossier=dossier).order_by("-created_at", "-id"))


def payment_for_user(*, user: Any, code: str, order_ref: str) -> Payment:
    dossier = dossier_get_for_user(user=user, code=code)
    payment = Payment.objects.filter(dossier=dossier, order_ref=order_ref).first()
    if payment is None:
        raise NotFound("Không tìm thấy giao dịch thanh toán.")
    payment.dossier = dossier
    return payment


def refunds_due(*, agency_id: int | None = None) -> QuerySet[Payment]:
    """Paid payments of refused, withdrawn or cancelled dossiers not yet refunded, plus
    duplicates waiting for a refund (motcua.payments.refunds)."""
    qs = Payment.objects.filter(status=PaymentStatus.PAID, dossier__status__in=REFUND_STATUSES)
    if agency_id is not None:
        qs = qs.filter(dossier__receiving_agency_id=agency_id)
    return qs.select_related("dossier").order_by("paid_at")
