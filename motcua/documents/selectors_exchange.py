"""Reads of the exchange with other platforms: what the sender sees of each partner recipient
(Decree 30/2020/NĐ-CP Annex VI Part I §III: the processing status at the receiver)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.core.models import OutboxMessage, OutboxStatus
from motcua.documents import edxml
from motcua.documents.exchange_send import KIND_DOCUMENT
from motcua.documents.models import DocumentRecipient, ExchangePartner, OutgoingDocument


@dataclass(frozen=True)
class PartnerDelivery:
    name: str
    organ_id: str
    delivered_at: datetime | None
    status: str  # the status code's label, or how the sending stands
    detail: str
    status_at: datetime | None


def _sending(row: DocumentRecipient, message: OutboxMessage | None) -> tuple[str, str]:
    if row.status_code:
        label = edxml.STATUS_CODES.get(row.status_code, row.status_code)
        return _(label), row.status_text
    if row.status_text:  # the partner refused the package
        return _("Bị từ chối"), row.status_text
    if message is None:
        return _("Chưa gửi"), ""
    if message.status == OutboxStatus.FAILED:
        return _("Gửi không thành công"), message.last_error
    if message.attempts:
        return _("Đang gửi lại (lần %(n)s)") % {"n": message.attempts}, message.last_error
    return _("Đang chờ gửi"), ""


def partner_deliveries(*, document: OutgoingDocument) -> list[PartnerDelivery]:
    """Each recipient of `document` on another platform, with where its delivery stands."""
    rows = list(document.recipients.filter(partner__isnull=False).select_related("partner"))
    messages = {
        m.subject_id: m
        for m in OutboxMessage.objects.filter(
            kind=KIND_DOCUMENT,
            subject_type="document_recipient",
            subject_id__in=[str(r.pk) for r in rows],
        )
    }
    out = []
    for row in rows:
        assert row.partner is not None  # filtered above
        status, detail = _sending(row, messages.get(str(row.pk)))
        out.append(
            PartnerDelivery(
                name=row.partner.name,
                organ_id=row.partner.organ_id,
                delivered_at=row.delivered_at,
                status=status,
                detail=detail,
                status_at=row.status_at,
            )
        )
    return out


def active_partners() -> list[ExchangePartner]:
    """The partners documents can be sent to now, by code."""
    return list(ExchangePartner.objects.filter(is_active=True).order_by("organ_id"))
