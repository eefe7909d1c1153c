"""Putting documents into the applicant's store (docs/rules.md §Kho giấy tờ).

Error codes: forbidden (PermissionDenied), not_found, attachment_not_found, not_a_component.

Contract:
- An item is added for the dossier's applicant (a person by CCCD, an organisation by tax code,
  and the account linked as applicant), never for whoever happened to submit.
- The item references the attachment: the stored file is the attachment's own (no copy), and its
  sha256 is recorded with the item. A result in the store is the signed stored file itself, so
  it keeps its signature (Decree 45/2020/NĐ-CP: an e-result has the paper one's value;
  docs/rules.md §Kho giấy tờ).
- Adding is idempotent per attachment: a second call returns the first item and writes nothing.
- Each addition writes one audit event on the dossier's stream.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.core import audit
from motcua.core.errors import DomainError, NotFound
from motcua.docstore.models import ItemKind, StoreItem
from motcua.docstore.signature import has_signature
from motcua.dossiers.models import Attachment, AttachmentPurpose, Dossier, DossierStatus
from motcua.dossiers.permissions import require_role
from motcua.dossiers.services._common import lock_dossier
from motcua.signing.models import ResultCode

STREAM = "dossier"
# who confirms that an uploaded copy matches the original (the officials who check the file)
VERIFY_ROLES = (Role.RECEPTION, Role.SPECIALIST)
VERIFIABLE = (AttachmentPurpose.COMPONENT, AttachmentPurpose.SUPPLEMENT)
RESULT_STATUSES = (DossierStatus.RESULT_READY, DossierStatus.RETURNED)


def store_add_result(
    *, attachment: Attachment, actor: Any = None, result_code: str | None = None
) -> StoreItem:
    """Keep an electronic result in its owner's store, with its result code (Decision 766
    item 4.1; motcua.signing). Called by `result_record` (in its transaction, after the result
    attachment is stored and signed) and by `docstore_backfill`; the caller has checked who may
    record the result."""
    if attachment.purpose != AttachmentPurpose.RESULT:
        raise DomainError("Tệp này không phải kết quả giải quyết.", code="not_a_result")
    with transaction.atomic():
        existing = StoreItem.objects.filter(attachment=attachment).first()
        if existing is not None:
            return existing
        dossier = Dossier.objects.select_related("procedure_version").get(pk=attachment.dossier_id)
        version = dossier.procedure_version
        title = f"{version.result_type}: {version.name}"
        issued = dossier.finished_at or timezone.now()
        item = _add(actor, dossier, attachment, ItemKind.RESULT, title[:500], issued)
        if result_code is None:  # a backfilled result: the code signing gave it, if any
            known = ResultCode.objects.filter(attachment=attachment).first()
            result_code = known.code if known else None
        if result_code:
            item.result_code = result_code
            item.save(update_fields=["result_code"])
        return item


def store_add_verified(*, actor: Any, code: str, attachment_id: int) -> StoreItem:
    """An official of the receiving agency (reception or specialist) confirms that an uploaded
    component or supplement matches the original shown to them: the file enters the applicant's
    store as a verified document, so it need not be asked for again (Decree 45/2020/NĐ-CP and
    Circular 01/2023/TT-VPCP, restated in docs/rules.md §Kho giấy tờ). The dossier row is
    locked first."""
    with transaction.atomic():
        dossier = lock_dossier(code)
        require_role(actor, VERIFY_ROLES, dossier.receiving_agency)
        attachment = (
            Attachment.objects.select_related("required_document")
            .filter(pk=attachment_id, dossier=dossier)
            .first()
        )
        if attachment is None:
            raise NotFound("Không tìm thấy tệp của hồ sơ.", code="attachment_not_found")
        if attachment.purpose not in VERIFIABLE:
            raise DomainError(
                "Chỉ xác nhận được thành phần hồ sơ hoặc tài liệu bổ sung do người nộp gửi.",
                code="not_a_component",
            )
        existing = StoreItem.objects.filter(attachment=attachment).first()
        if existing is not None:
            return existing
        document = attachment.required_document
        title = document.name if document else attachment.original_name
        item = _add(actor, dossier, attachment, ItemKind.VERIFIED, title, timezone.now())
        item.verified_by = actor
        item.save(update_fields=["verified_by"])
        return item


def _add(
    actor: Any, dossier: Dossier, attachment: Attachment, kind: str, title: str, issued: Any
) -> StoreItem:
    item = StoreItem.objects.create(
        owner_kind=dossier.applicant_kind,
        owner_id_number=dossier.applicant_id_number,
        owner_user_id=dossier.applicant_user_id,
        kind=kind,
        title=title,
        attachment=attachment,
        sha256=attachment.sha256,
        signed=has_signature(attachment.file, attachment.content_type),
        source_dossier=dossier,
        agency_id=dossier.receiving_agency_id,
        issued_at=issued,
    )
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind="docstore.item_added",
        actor=actor,
        payload={
            "item": item.pk,
            "kind": kind,
            "attachment": attachment.pk,
            "sha256": attachment.sha256,
        },
    )
    return item


def store_backfill() -> int:
    """Add every electronic result already recorded (before the store existed) to its owner's
    store; safe to run twice. Returns how many items were added."""
    pending = Attachment.objects.filter(
        purpose=AttachmentPurpose.RESULT,
        dossier__status__in=RESULT_STATUSES,
        store_item__isnull=True,
    ).order_by("pk")
    added = 0
    for attachment in pending.iterator():
        store_add_result(attachment=attachment)
        added += 1
    return added
