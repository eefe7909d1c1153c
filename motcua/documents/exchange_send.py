"""Sending to other platforms through the outbox (core/outbox.py; channel "lienthong";
QCVN 102:2016/BTTTT; docs/edxml.md "Partners").

Contract:
- `deliveries_queue(document)`: called by `document_issue` inside its transaction. For each
  recipient that is an active partner of an issued electronic document without a secrecy mark
  (a secret document never travels electronically), the recipient row keeps the package's
  `DocumentId` and one outbox row (`edxml.document`) is written; nothing else is sent then.
- `deliver(message)`: the channel's transport, run by the outbox outside any transaction.
  `edxml.document`: the package is built and sealed from the stored signed PDF and POSTed to
  `<endpoint>?co_quan=<organ id>`; the answer (201, or 200 for a package the partner already
  had) must be a status message sealed by that partner, and it is recorded on the recipient
  with the send (`document.sent`). `edxml.status`: the sealed status package of the row is
  POSTed to `<endpoint>trang-thai/`.
- No connection, a timeout, 408/429/5xx: raised, so the outbox tries again with back-off (a
  partner keeps one copy per `DocumentId`). Another 4xx is the partner's refusal: recorded on
  the recipient (`document.delivery_refused`, the sender sees the reason) and the row fails
  at once (`Undeliverable`).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import requests
from django.db import transaction
from django.utils import timezone

from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.models import OutboxMessage
from motcua.core.outbox import Undeliverable, idempotency_key
from motcua.documents._checks import STREAM_OUT
from motcua.documents.exchange import sealed_package
from motcua.documents.exchange_map import document_id_of
from motcua.documents.exchange_status import (
    CHANNEL,
    KIND_STATUS,
    parse_status_from,
    status_record,
)
from motcua.documents.models import (
    DocumentRecipient,
    ExchangePartner,
    Medium,
    OutgoingDocument,
    OutgoingStatus,
)
from motcua.documents.types import is_secret

KIND_DOCUMENT = "edxml.document"
TIMEOUT = 30  # seconds for the partner's answer
RETRY_STATUSES = (408, 429)
XML = "application/xml"


def deliveries_queue(document: OutgoingDocument) -> int:
    """See the module contract; the number of outbox rows written."""
    electronic = document.medium == Medium.ELECTRONIC and document.status == OutgoingStatus.ISSUED
    if not electronic or is_secret(document.secrecy):
        return 0
    rows = list(
        document.recipients.filter(partner__isnull=False, partner__is_active=True).select_related(
            "partner"
        )
    )
    package_id = document_id_of(document)
    for row in rows:
        assert row.partner is not None  # filtered above
        row.package_id = package_id
        row.save(update_fields=["package_id"])
        OutboxMessage.objects.create(
            kind=KIND_DOCUMENT,
            channel=CHANNEL,
            recipient=row.partner.organ_id,
            subject_type="document_recipient",
            subject_id=str(row.pk),
            payload={"recipient": row.pk, "partner": row.partner.organ_id},
            dedupe_key=f"edxml-document-{row.pk}",
        )
    return len(rows)


def _post(url: str, body: bytes, message: OutboxMessage) -> requests.Response:
    response = requests.post(
        url,
        data=body,
        headers={"Content-Type": XML, "Idempotency-Key": idempotency_key(message)},
        timeout=TIMEOUT,
    )
    if response.status_code in RETRY_STATUSES or response.status_code >= 500:
        raise RuntimeError(f"HTTP {response.status_code} từ {url}")
    return response


def _refusal(response: requests.Response) -> str:
    try:
        error = response.json()["error"]
        return f"{error['code']}: {error['message']}"[:400]
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"


@transaction.atomic
def _refused(recipient: DocumentRecipient, reason: str) -> None:
    row = DocumentRecipient.objects.select_for_update(of=("self",)).get(pk=recipient.pk)
    row.status_code, row.status_at = "", timezone.now()
    row.status_text = f"Cơ quan nhận từ chối gói tin: {reason}"[:500]
    row.save(update_fields=["status_code", "status_text", "status_at"])
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(row.document_id),
        kind="document.delivery_refused",
        payload={"to": row.partner.organ_id if row.partner else "", "reason": reason},
    )


@transaction.atomic
def _sent(recipient: DocumentRecipient, package: bytes, answer: Any) -> None:
    status_record(recipient=recipient, status=answer)
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(recipient.document_id),
        kind="document.sent",
        payload={
            "to": answer.from_organ.organ_id,
            "document_id": answer.document_id,
            "sha256": hashlib.sha256(package).hexdigest(),
        },
    )


def _send_document(message: OutboxMessage) -> None:
    recipient = DocumentRecipient.objects.select_related(
        "partner", "document__agency", "document__agency__parent"
    ).get(pk=message.payload["recipient"])
    partner = recipient.partner
    if partner is None or not partner.is_active:
        raise Undeliverable("Cơ quan nhận không còn liên thông.")
    try:
        envelope, package = sealed_package(recipient.document)
    except DomainError as e:  # recalled, or no credential: sending again cannot succeed
        raise Undeliverable(e.message) from e
    response = _post(f"{partner.endpoint}?co_quan={partner.organ_id}", package, message)
    if response.status_code not in (200, 201):
        _refused(recipient, _refusal(response))
        raise Undeliverable(_refusal(response))
    answer = parse_status_from(response.content, expected=partner.organ_id)
    if answer.document_id != envelope.document_id:  # an answer about another package
        raise RuntimeError(
            f"Cơ quan nhận trả lời về gói tin {answer.document_id}, không phải gói đã gửi "
            f"{envelope.document_id}."
        )
    _sent(recipient, package, answer)


def _send_status(message: OutboxMessage) -> None:
    partner = ExchangePartner.objects.filter(
        organ_id=message.payload["partner"], is_active=True
    ).first()
    if partner is None:
        raise Undeliverable("Cơ quan gửi không còn liên thông.")
    body = base64.b64decode(message.payload["package"])
    response = _post(f"{partner.endpoint}trang-thai/", body, message)
    if response.status_code != 200:
        raise Undeliverable(_refusal(response))


def deliver(message: OutboxMessage) -> None:
    """The outbox transport of channel "lienthong" (see the module contract)."""
    if message.kind == KIND_DOCUMENT:
        _send_document(message)
    elif message.kind == KIND_STATUS:
        _send_status(message)
    else:
        raise Undeliverable(f"Loại gói tin không rõ: {message.kind}")
