"""Giving a dossier a document without uploading it again (once-only; docs/rules.md §Kho giấy tờ).

Error codes: not_found / store_item_not_found (another person's item, or none: 404),
forbidden (PermissionDenied), unknown_document, not_reusable, dossier_too_large,
invalid_state, attachment_not_found, in_store.

Contract:
- Only the dossier's applicant, only while the dossier is open to them (the rule of
  `attachment_add`: draft, awaiting reception, supplement requested, or paused for a
  supplement), only for a component the procedure marks `reusable`.
- The new attachment names the SAME stored file as the item's attachment (no copy that could
  drift; same sha256), and a `ComponentSource` row records where it came from: the personal
  store (Decision 766 item 4.4) or reused digitised data of an earlier dossier (item 4.3).
- The dossier row is locked first; the dossier's size limit is checked under the lock.
- One audit event per attachment (`dossier.attachment_added`, with `from_store` / `reused_from`).
- Removing such a component deletes the row only; the stored file stays while any other row
  names it (`attachments.delete_if_unused`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum

from motcua.catalog.models import RequiredDocument
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.docstore.models import ComponentSource, DraftStoreChoice, Source, StoreItem
from motcua.docstore.selectors import store_item_get_for_user
from motcua.dossiers.models import (
    Attachment,
    AttachmentPurpose,
    Dossier,
    DossierStatus,
    DraftFile,
    PauseReason,
)
from motcua.dossiers.permissions import is_applicant
from motcua.dossiers.services._common import lock_dossier
from motcua.dossiers.services.attachments import check_total, delete_if_unused, required_document
from motcua.dossiers.services.draft_files import _add_file, _check_total, _lock

STREAM = "dossier"
OPEN_TO_APPLICANT = (DossierStatus.DRAFT, DossierStatus.SUBMITTED, DossierStatus.NEEDS_SUPPLEMENT)


def _reusable(version_id: int, required_document_id: int) -> RequiredDocument:
    document = required_document(version_id, required_document_id)
    if not document.reusable:
        raise DomainError(
            f"Thủ tục không cho phép lấy giấy tờ '{document.name}' từ kho giấy tờ; "
            "hãy tải tệp lên.",
            code="not_reusable",
        )
    return document


def _check_applicant_may_change(actor: Any, dossier: Dossier) -> None:
    if not is_applicant(actor, dossier):
        raise PermissionDenied()
    paused = (
        dossier.status == DossierStatus.IN_PROGRESS
        and dossier.pause_reason == PauseReason.SUPPLEMENT
    )
    if dossier.status not in OPEN_TO_APPLICANT and not paused:
        raise Conflict(
            f"Hồ sơ đang ở trạng thái '{dossier.get_status_display()}': không thể thêm giấy tờ.",
            code="invalid_state",
        )


def _check_dossier_total(dossier: Dossier, size: int) -> None:
    used = Attachment.objects.filter(dossier_id=dossier.pk).aggregate(t=Sum("size"))["t"] or 0
    check_total(used=used, size=size)


def store_item_attach(
    *, actor: Any, code: str, item_id: int, required_document_id: int
) -> Attachment:
    """Attach one of the actor's store items to their dossier as the given component."""
    item = store_item_get_for_user(user=actor, item_id=item_id)
    with transaction.atomic():
        dossier = lock_dossier(code)
        _check_applicant_may_change(actor, dossier)
        document = _reusable(dossier.procedure_version_id, required_document_id)
        _check_dossier_total(dossier, item.attachment.size)
        return _attach(actor, dossier, document, item.attachment, item)


def component_attach_reused(*, actor: Any, dossier: Dossier, draft_file: DraftFile) -> Attachment:
    """At submission (`draft_submit`, which holds the new dossier): a draft file that reused a
    file already held becomes an attachment by reference, not a copy. Its source is the
    personal store when the applicant took it from there, else reused digitised data."""
    origin = draft_file.reused_from
    if origin is None:
        raise DomainError("Tệp này không phải giấy tờ dùng lại.", code="not_reused")
    choice = DraftStoreChoice.objects.filter(draft_file=draft_file).select_related("item").first()
    _check_dossier_total(dossier, origin.size)
    return _attach(
        actor, dossier, draft_file.required_document, origin, choice.item if choice else None
    )


def _attach(
    actor: Any,
    dossier: Dossier,
    document: RequiredDocument,
    origin: Attachment,
    item: StoreItem | None,
) -> Attachment:
    attachment = Attachment.objects.create(
        dossier=dossier,
        required_document=document,
        purpose=AttachmentPurpose.COMPONENT,
        file=origin.file.name,  # the same stored file: nothing is copied
        original_name=origin.original_name,
        content_type=origin.content_type,
        size=origin.size,
        sha256=origin.sha256,
        uploaded_by=actor,
    )
    source = Source.PERSONAL_STORE if item is not None else Source.REUSED
    ComponentSource.objects.create(
        attachment=attachment, dossier=dossier, source=source, item=item, origin=origin
    )
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind="dossier.attachment_added",
        actor=actor,
        payload={
            "attachment": attachment.pk,
            "purpose": AttachmentPurpose.COMPONENT,
            "name": origin.original_name,
            "sha256": origin.sha256,
            "size": origin.size,
            "type": origin.content_type,
            "source": source,
            "from_store": item.pk if item else None,
            "reused_from": origin.pk,
        },
    )
    return attachment


def store_item_to_draft(
    *, actor: Any, draft_id: int, item_id: int, required_document_id: int
) -> DraftFile:
    """ "Lấy từ kho giấy tờ" in the wizard: the draft holds the item's file by reference (as
    `draft_reuse` does) and remembers that it came from the store, for submission."""
    item = store_item_get_for_user(user=actor, item_id=item_id)
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        document = _reusable(draft.procedure_version_id, required_document_id)
        source = item.attachment
        _check_total(draft, source.size)
        draft_file = _add_file(
            draft,
            document,
            file=source.file.name,
            original_name=source.original_name,
            content_type=source.content_type,
            size=source.size,
            sha256=source.sha256,
            reused_from=source,
        )
        DraftStoreChoice.objects.create(draft_file=draft_file, item=item)
        return draft_file


def store_item_detach(*, actor: Any, code: str, attachment_id: int) -> None:
    """The applicant removes a component that was attached without upload (from the store or
    reused) while the dossier is open to them. The row goes; the shared stored file stays
    while another row (the first dossier's attachment, a draft) still names it."""
    with transaction.atomic():
        dossier = lock_dossier(code)
        _check_applicant_may_change(actor, dossier)
        attachment = Attachment.objects.filter(
            pk=attachment_id, dossier=dossier, component_source__isnull=False
        ).first()
        if attachment is None:
            raise NotFound("Không tìm thấy giấy tờ lấy từ kho.", code="attachment_not_found")
        if StoreItem.objects.filter(attachment=attachment).exists():
            raise Conflict("Giấy tờ này đang được lưu trong kho.", code="in_store")
        name = str(attachment.file.name)
        storage = attachment.file.storage
        attachment.delete()
        audit.append(
            stream_type=STREAM,
            stream_id=dossier.code,
            kind="dossier.attachment_removed",
            actor=actor,
            payload={"attachment": attachment_id, "sha256": attachment.sha256},
        )
        transaction.on_commit(lambda: delete_if_unused(storage, name))
