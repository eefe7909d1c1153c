"""`{% load payments %}`: `{{ amount|dong }}` (50000 → "50.000") and `{% payment_block d %}`,
the "Thanh toán" block of the applicant's dossier page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers.models import Dossier
from motcua.payments import selectors
from motcua.payments.models import Payment, PaymentStatus

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    return f"{int(amount or 0):,}".replace(",", ".")


@register.inclusion_tag("payments/_mine_block.html")
def payment_block(dossier: Dossier) -> dict[str, Any]:
    lines = list(selectors.fee_lines(dossier))
    paid = Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID).first()
    return {
        "d": dossier,
        "lines": lines,
        "total": sum(line.amount for line in lines),
        "due": selectors.amount_due(dossier),
        "paid": paid,
    }


@register.inclusion_tag("payments/_fee_quote.html")
def fee_quote(version: Any, form_data: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fees an online submission of `version` will owe (the wizard's review step)."""
    categories = selectors.declared_categories(form_data or {})
    lines = selectors.fee_quote(version, channel="online", categories=categories)
    return {"lines": lines, "total": sum(line.amount for line in lines)}


@register.simple_tag
def fee_totals(version: Any) -> dict[str, int]:
    """{"counter": total at the counter, "online": total online} for the catalogue page."""
    return {
        channel: sum(line.amount for line in selectors.fee_quote(version, channel=channel))
        for channel in ("counter", "online")
    }
