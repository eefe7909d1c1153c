"""Writes of incoming documents (Decree 30/2020/NĐ-CP Arts. 20–22, Annex IV; docs/documents.md):
receipt from the platform, assignment to a lead unit, progress, return to the sender.

Contract of every service here: keyword-only arguments, one `transaction.atomic`, the actor's
role checked at the receiving agency (the clerk receives and returns; a leader or unit head
assigns; the lead unit's staff, or the agency's, move it on), the row locked first, one
`document.*` audit event on stream ("incoming_document", pk), appended last.

Receipt (`incoming_receive`):
1. Only an issued electronic document addressed to the agency, never a secret one (a document
   with a secrecy mark does not travel on the platform: Law on Protection of State Secrets
   2018; Decree 30/2020 Annex I §II.3 keeps it in its own series).
2. Authenticity and integrity are checked before anything is written (Art. 21): the stored
   bytes must pass `signing.verify.verify_pdf` (every signature valid, nothing changed since)
   and match the SHA-256 recorded on issue; otherwise the document is refused with the reason.
3. The incoming number is the next of (agency, Vietnam calendar year of receipt) — one
   sequence for paper and electronic documents (Annex IV) — allocated under the counter lock;
   a rollback gives it back. Receipt is acknowledged at once (Art. 21: the same day).

A document its sender recalled is frozen: assignment, status changes and return are refused.

Error codes: forbidden, not_found, invalid_state, recalled, not_issued, secret_not_electronic,
not_a_recipient, already_received, integrity_failed, unit_outside_agency, invalid_deadline,
reason_required, text_too_long, control_character.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import DomainError, PermissionDenied
from motcua.documents import numbering
from motcua.documents._checks import (
    ASSIGN_ROLES,
    CLERK_ROLES,
    HANDLE_ROLES,
    STREAM_IN,
    STREAM_OUT,
    refuse_control_chars,
    require_status,
    required_text,
    stored_bytes,
)
from motcua.documents.exchange_status import status_queue
from motcua.documents.models import (
    DocumentRecipient,
    IncomingAssignment,
    IncomingDocument,
    IncomingStatus,
    Medium,
    NumberCounter,
    OutgoingDocument,
    OutgoingStatus,
)
from motcua.documents.types import is_secret
from motcua.dossiers.permissions import has_any_role, require_role
from motcua.signing.verify import verify_pdf

OPEN = (IncomingStatus.RECEIVED, IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS)
# incoming_set_status: status → the statuses it may follow
NEXT = {
    IncomingStatus.IN_PROGRESS: (IncomingStatus.ASSIGNED,),
    IncomingStatus.DONE: (IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS),
}


def _refuse(message: str, code: str) -> DomainError:
    return DomainError(message, code=code)


def _check_source(agency: Agency, source: OutgoingDocument) -> bytes:
    """Rules 1–2 of the module contract; the verified bytes."""
    if is_secret(source.secrecy):
        raise _refuse(
            "Văn bản mật không được gửi, nhận qua hệ thống điện tử; chỉ tiếp nhận bản giấy.",
            "secret_not_electronic",
        )
    issued = source.status == OutgoingStatus.ISSUED and source.medium == Medium.ELECTRONIC
    if not issued or not source.pdf or source.document_date is None:
        raise _refuse("Văn bản chưa được ban hành điện tử.", "not_issued")
    if not source.recipients.filter(agency=agency).exists():
        raise _refuse(f"{agency.name} không có trong nơi nhận của văn bản.", "not_a_recipient")
    data = stored_bytes(source.pdf)
    report = verify_pdf(data)
    if not report.valid or hashlib.sha256(data).hexdigest() != source.pdf_sha256:
        reason = report.reason if not report.valid else "Tệp khác với bản đã ban hành."
        raise _refuse(
            f"Văn bản {source.symbol} không bảo đảm tính xác thực, toàn vẹn nên không được "
            f"tiếp nhận: {reason}",
            "integrity_failed",
        )
    return data


def _record(doc: IncomingDocument, actor: Any, kind: str, payload: dict[str, Any]) -> None:
    audit.append(
        stream_type=STREAM_IN,
        stream_id=str(doc.pk),
        kind=kind,
        actor=actor,
        payload={"agency": doc.agency.code, "status": doc.status, **payload},
        new_stream=kind == "document.incoming_received",
    )


@transaction.atomic
def recipient_mark_read(*, actor: Any, agency: Agency, source: OutgoingDocument) -> bool:
    """The read receipt (Decree 30/2020 Annex VI Part I §III: the sender follows its document
    at the receiver): a clerk of `agency` opened `source`, addressed to it, before receipt.
    The first opening is kept, with one `document.read` event on the outgoing stream; True
    then, False for a later opening (nothing written)."""
    require_role(actor, CLERK_ROLES, agency)
    rows = DocumentRecipient.objects.select_for_update().filter(
        document=source, agency=agency, read_at__isnull=True
    )
    now = timezone.now()
    if not rows.update(read_at=now):
        return False
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(source.pk),
        kind="document.read",
        actor=actor,
        payload={"agency": source.agency.code, "reader": agency.code, "at": now},
    )
    return True


@transaction.atomic
def incoming_receive(*, actor: Any, agency: Agency, source: OutgoingDocument) -> IncomingDocument:
    """Register `source` in `agency`'s incoming register (see the module contract)."""
    require_role(actor, CLERK_ROLES, agency)
    # re-read under lock: a recall by the sender meanwhile is seen (it locks the same row)
    source = OutgoingDocument.objects.select_for_update().select_related("agency").get(pk=source.pk)
    data = _check_source(agency, source)
    document_date = source.document_date
    assert document_date is not None  # checked by _check_source
    now = timezone.now()
    year = numbering.local_year(now)
    number = numbering.allocate(agency_id=agency.pk, year=year, series=NumberCounter.INCOMING)
    if IncomingDocument.objects.filter(agency=agency, source=source).exists():
        raise _refuse(f"Văn bản {source.symbol} đã được tiếp nhận.", "already_received")
    doc = IncomingDocument.objects.create(
        agency=agency,
        incoming_number=number,
        year=year,
        medium=Medium.ELECTRONIC,
        sender_agency=source.agency,
        sender_name=source.agency.name,
        source=source,
        number_symbol=source.symbol,
        document_date=document_date,
        doc_type=source.doc_type,
        subject=source.subject,
        urgency=source.urgency,
        pdf_sha256=hashlib.sha256(data).hexdigest(),
        received_at=now,
        acknowledged_at=now,
        received_by=actor,
    )
    payload = {"incoming_number": number, "year": year, "source": source.pk}
    _record(doc, actor, "document.incoming_received", {**payload, "symbol": source.symbol})
    return doc


def _lock(document: IncomingDocument, *, open_only: bool = True) -> IncomingDocument:
    """The row, locked. A document its sender recalled is frozen (Annex VI Part I §III): with
    `open_only` nothing more is done on it."""
    doc = (
        IncomingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "source")
        .get(pk=document.pk)
    )
    if open_only and doc.source is not None and doc.source.status == OutgoingStatus.RECALLED:
        raise _refuse(
            f"Văn bản {doc.number_symbol} đã bị nơi gửi thu hồi: {doc.source.recall_reason}"[:500],
            "recalled",
        )
    return doc


def _unit(agency: Agency, unit: Agency) -> Agency:
    if not unit.is_within(agency):
        raise _refuse(f"{unit.name} không thuộc {agency.name}.", "unit_outside_agency")
    return unit


@transaction.atomic
def incoming_assign(
    *,
    actor: Any,
    document: IncomingDocument,
    lead_unit: Agency,
    coordinating_units: Sequence[Agency] = (),
    deadline: date | None = None,
) -> IncomingDocument:
    """A leader or unit head names the lead unit, the coordinating units and the deadline
    (Art. 22; Phiếu giải quyết văn bản đến). Reassigning replaces the coordinating units."""
    doc = _lock(document)
    require_role(actor, ASSIGN_ROLES, doc.agency)
    require_status(doc, OPEN, "phân công")
    _unit(doc.agency, lead_unit)
    others = {u.pk: _unit(doc.agency, u) for u in coordinating_units if u.pk != lead_unit.pk}
    now = timezone.now()
    if deadline is not None and deadline < now.astimezone(LOCAL_TZ).date():
        raise _refuse("Hạn giải quyết không được trước hôm nay.", "invalid_deadline")
    doc.lead_unit, doc.deadline, doc.assigned_at = lead_unit, deadline, now
    if doc.status == IncomingStatus.RECEIVED:
        doc.status = IncomingStatus.ASSIGNED
    doc.save(update_fields=["lead_unit", "deadline", "assigned_at", "status"])
    doc.assignments.all().delete()
    IncomingAssignment.objects.bulk_create(
        IncomingAssignment(document=doc, unit=u, assigned_at=now, assigned_by=actor)
        for u in others.values()
    )
    payload = {"lead_unit": lead_unit.code, "coordinating": [u.code for u in others.values()]}
    _record(doc, actor, "document.incoming_assigned", {**payload, "deadline": deadline})
    status_queue(doc)  # the sender on another platform is told (exchange_status)
    return doc


@transaction.atomic
def incoming_set_status(*, actor: Any, document: IncomingDocument, status: str) -> IncomingDocument:
    """The lead unit (or the receiving agency's staff) marks the work in progress or done."""
    doc = _lock(document)
    at = [a for a in (doc.lead_unit, doc.agency) if a is not None]
    if not any(has_any_role(actor, HANDLE_ROLES, a) for a in at):
        raise PermissionDenied()
    if status not in NEXT:
        raise _refuse("Trạng thái không hợp lệ.", "invalid_state")
    require_status(doc, NEXT[IncomingStatus(status)], "chuyển trạng thái")
    before, doc.status = doc.status, status
    doc.save(update_fields=["status"])
    _record(doc, actor, "document.incoming_status_changed", {"from": before})
    status_queue(doc)
    return doc


@transaction.atomic
def incoming_return(*, actor: Any, document: IncomingDocument, reason: str) -> IncomingDocument:
    """The clerk returns a document to its sender with a reason (Art. 21: a wrong or invalid
    document is returned on the system). Its incoming number stays used."""
    doc = _lock(document)
    require_role(actor, CLERK_ROLES, doc.agency)
    require_status(doc, (IncomingStatus.RECEIVED, IncomingStatus.ASSIGNED), "trả lại")
    reason = required_text(reason, label="lý do trả lại", limit=2000, code="reason_required")
    refuse_control_chars(lines={"reason": reason}, single={})
    doc.status, doc.return_reason, doc.returned_at = IncomingStatus.RETURNED, reason, timezone.now()
    doc.save(update_fields=["status", "return_reason", "returned_at"])
    _record(doc, actor, "document.incoming_returned", {"reason": reason})
    status_queue(doc)
    return doc
