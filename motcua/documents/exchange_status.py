"""Processing status between platforms (QCVN 102:2016/BTTTT status messages; Decree 30/2020/
NĐ-CP Art. 21 and Annex VI Part I §III: the receiver acknowledges on the system and the sender
sees the processing status; docs/edxml.md "Status messages").

Contract:
- `status_message_of(incoming)`: the sealed status package of an incoming document received
  as edXML, with its status now (`CODE_OF`), sealed by the receiving agency.
- `status_queue(incoming)`: called by the incoming services inside their transaction after a
  change; when the sender is a partner on another platform, one outbox row on the "lienthong"
  channel carries the sealed status package (sealed now, so each change travels as it was).
  Nothing for a sender on this platform: it reads the status from the incoming row itself.
- `status_receive(data)`: a status package from a receiver. The seal must be a registered
  partner's pinned certificate or an agency of this platform, and that organ must be the
  message's `From`; the message must answer a document we sent it. `status_record` then keeps
  the newest status on the recipient row with one `document.recipient_status` event.
- `exchange_receive`: the endpoint's one call for a document package. A package received
  before from the same sender is answered again with its current status (a sender retrying
  after a lost answer gets the same effect once), not registered twice.

Error codes: edxml.* (docs/edxml.md), sender_mismatch, unknown_document, unknown_agency,
no_credential, and those of `exchange.check_envelope`.
"""

from __future__ import annotations

import base64
from datetime import datetime

from cryptography import x509
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.models import OutboxMessage
from motcua.documents import edxml
from motcua.documents._checks import STREAM_OUT
from motcua.documents.exchange import (
    MAX_BYTES,
    check_envelope,
    credential_of,
    register_checked,
)
from motcua.documents.exchange_map import organ_of
from motcua.documents.exchange_trust import owner_of
from motcua.documents.models import (
    DocumentRecipient,
    EdxmlReceipt,
    IncomingDocument,
    IncomingStatus,
)
from motcua.documents.partners import partner_of

CHANNEL = "lienthong"  # the outbox channel of packages to other platforms (exchange_send)
KIND_STATUS = "edxml.status"
# the incoming status → the status code sent back (edxml.STATUS_CODES)
CODE_OF = {
    IncomingStatus.RECEIVED: "02",
    IncomingStatus.ASSIGNED: "03",
    IncomingStatus.IN_PROGRESS: "04",
    IncomingStatus.DONE: "05",
    IncomingStatus.RETURNED: "06",
}


def _description(incoming: IncomingDocument) -> str:
    number = f"số đến {incoming.incoming_number}/{incoming.year}"
    if incoming.status == IncomingStatus.RETURNED:
        return f"Trả lại văn bản ({number}): {incoming.return_reason}"[:1000]
    if incoming.status == IncomingStatus.ASSIGNED and incoming.lead_unit is not None:
        deadline = f", hạn {incoming.deadline:%d/%m/%Y}" if incoming.deadline else ""
        return f"Đã phân công {incoming.lead_unit.name} chủ trì giải quyết{deadline} ({number})."
    label = {
        IncomingStatus.RECEIVED: "Đã tiếp nhận",
        IncomingStatus.ASSIGNED: "Đã phân công xử lý",
        IncomingStatus.IN_PROGRESS: "Đang giải quyết",
        IncomingStatus.DONE: "Đã giải quyết xong",
    }[IncomingStatus(incoming.status)]
    return f"{label}, {number}."


def _status_time(incoming: IncomingDocument) -> datetime:
    if incoming.status == IncomingStatus.RECEIVED:
        return (incoming.acknowledged_at or incoming.received_at).replace(microsecond=0)
    return timezone.now().replace(microsecond=0)


def status_message_of(incoming: IncomingDocument) -> bytes:
    """See the module contract."""
    receipt = EdxmlReceipt.objects.select_related("agency", "agency__parent").get(
        incoming_id=incoming.pk
    )
    incoming = IncomingDocument.objects.select_related("lead_unit").get(pk=incoming.pk)
    sender = edxml.Organ(
        organ_id=receipt.from_organ_id,
        organization_in_charge=receipt.from_organization_in_charge,
        organ_name=receipt.from_organ_name,
    )
    status = edxml.StatusMessage(
        document_id=str(receipt.document_id),
        from_organ=organ_of(receipt.agency),
        to_organ=sender,
        status_code=CODE_OF[IncomingStatus(incoming.status)],
        description=_description(incoming),
        time=_status_time(incoming),
    )
    key, certificate = credential_of(receipt.agency)
    return edxml.build_status(status, key=key, certificate=certificate)


def status_queue(incoming: IncomingDocument) -> OutboxMessage | None:
    """See the module contract (runs inside the caller's transaction)."""
    receipt = (
        EdxmlReceipt.objects.filter(incoming_id=incoming.pk, partner__is_active=True)
        .select_related("partner")
        .first()
    )
    if receipt is None or receipt.partner is None:
        return None
    package = status_message_of(incoming)
    return OutboxMessage.objects.create(
        kind=KIND_STATUS,
        channel=CHANNEL,
        recipient=receipt.partner.organ_id,
        subject_type="incoming_document",
        subject_id=str(incoming.pk),
        payload={
            "partner": receipt.partner.organ_id,
            "status": incoming.status,
            "package": base64.b64encode(package).decode("ascii"),
        },
    )


def _sealer(certificate: x509.Certificate, now: datetime) -> str | None:
    """The organ id of whoever sealed with `certificate`: a partner (pinned) or an agency here."""
    partner = partner_of(certificate, now=now)
    if partner is not None:
        return partner.organ_id
    owner = owner_of(certificate)
    return owner.code if owner is not None else None


def parse_status_from(data: bytes, *, expected: str | None = None) -> edxml.StatusMessage:
    """A status package whose seal is a known organ's, and that organ is its `From` (and
    `expected`, when given: the partner we asked)."""
    now = timezone.now()
    sealers: list[str | None] = []

    def trusted(certificate: x509.Certificate) -> bool:
        sealers.append(_sealer(certificate, now))
        return sealers[-1] is not None

    status = edxml.parse_status(data, trusted=trusted, max_bytes=MAX_BYTES)
    if sealers[-1] != status.from_organ.organ_id or expected not in (None, sealers[-1]):
        raise DomainError(
            "Chứng thư số niêm phong thông báo không phải của cơ quan gửi thông báo.",
            code="sender_mismatch",
        )
    return status


@transaction.atomic
def status_record(*, recipient: DocumentRecipient, status: edxml.StatusMessage) -> bool:
    """Keep `status` on the recipient row when it is the newest; True when it changed."""
    row = (
        DocumentRecipient.objects.select_for_update(of=("self",))
        .select_related("document__agency")
        .get(pk=recipient.pk)
    )
    at = status.time
    row.delivered_at = row.delivered_at or at
    row.read_at = row.read_at or at  # a receiver that registered it has opened it
    newer = row.status_at is None or at >= row.status_at
    if newer:
        row.status_code, row.status_at = status.status_code, at
        row.status_text = status.description[:500]
    row.save(update_fields=["delivered_at", "read_at", "status_code", "status_text", "status_at"])
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(row.document_id),
        kind="document.recipient_status",
        payload={
            "agency": row.document.agency.code,
            "to": status.from_organ.organ_id,
            "status_code": status.status_code,
            "at": at,
            "kept": newer,
        },
    )
    return newer


def recipient_for(status: edxml.StatusMessage) -> DocumentRecipient:
    """The recipient row a status answers: the document we sent to its `From` organ."""
    row = DocumentRecipient.objects.filter(
        package_id=status.document_id,
        partner__organ_id=status.from_organ.organ_id,
        document__agency__code=status.to_organ.organ_id,
    ).first()
    if row is None:
        raise DomainError(
            "Thông báo không ứng với văn bản nào đã gửi cơ quan này.", code="unknown_document"
        )
    return row


def status_receive(*, data: bytes) -> DocumentRecipient:
    """See the module contract."""
    status = parse_status_from(data)
    recipient = recipient_for(status)
    status_record(recipient=recipient, status=status)
    recipient.refresh_from_db()
    return recipient


def exchange_receive(*, data: bytes, agency_code: str = "") -> tuple[IncomingDocument, bytes, bool]:
    """The endpoint's call for a document package: (incoming, status message, newly
    registered); see the module contract."""
    agency: Agency | None = None
    if agency_code:
        agency = Agency.objects.filter(code=agency_code, is_active=True).first()
        if agency is None:
            raise DomainError("Không tìm thấy cơ quan nhận.", code="unknown_agency")
    checked = check_envelope(data=data, receiving_agency=agency)
    envelope = checked.envelope
    before = EdxmlReceipt.objects.filter(
        agency=checked.agency,
        document_id=envelope.document_id,
        from_organ_id=envelope.from_organ.organ_id,
    ).first()
    if before is not None:
        return before.incoming, status_message_of(before.incoming), False
    incoming = register_checked(checked)
    return incoming, status_message_of(incoming), True
