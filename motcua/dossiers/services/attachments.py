"""Adding a file to a dossier.

Error codes of `attachment_add`: forbidden (PermissionDenied), invalid_purpose, file_empty,
file_too_large, dossier_too_large, file_type_not_allowed, unknown_document.

Assumptions:
- The type is decided by content (`motcua.core.filetypes.sniff`); the client's name and
  Content-Type header are never trusted. The stored name is chosen by the server; the user's name
  is only kept, sanitised, as `original_name`, with an extension matching the content.
- Everything is checked before anything is written. Under the dossier row lock the permission and
  the dossier total are checked again, so two concurrent uploads cannot together pass the limit.
- A rejected or failed upload leaves neither a row nor a stored file: the file is saved inside the
  transaction and deleted again if anything after it raises, including the commit. When the caller
  wraps this in its own transaction and that outer transaction rolls back later, the stored file
  outlives it (storage is not transactional); such orphans carry no row and are harmless.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Sum

from motcua.accounts.models import Role
from motcua.accounts.selectors import user_has_any_role
from motcua.catalog.models import RequiredDocument
from motcua.core import audit, filetypes
from motcua.core.errors import DomainError, PermissionDenied
from motcua.core.filetypes import FileType
from motcua.dossiers.models import (
    Attachment,
    AttachmentPurpose,
    Dossier,
    DossierStatus,
    DraftFile,
    PauseReason,
)
from motcua.dossiers.permissions import RESULT_ROLES, is_applicant

logger = logging.getLogger(__name__)

STREAM = "dossier"
MB = 1024 * 1024
APPLICANT_PURPOSES = (AttachmentPurpose.COMPONENT, AttachmentPurpose.SUPPLEMENT)
APPLICANT_STATUSES = (
    DossierStatus.DRAFT,
    DossierStatus.SUBMITTED,
    DossierStatus.NEEDS_SUPPLEMENT,
)
OFFICIAL_ROLES = (Role.RECEPTION, Role.SPECIALIST)


@dataclass(frozen=True)
class _Checked:
    """What the checks established about one upload, before anything is written."""

    size: int
    sha256: str
    ftype: FileType
    document: RequiredDocument | None
    name: str


def attachment_add(
    *,
    actor: Any,
    dossier: Dossier,
    upload: File,
    required_document_id: int | None = None,
    purpose: str = AttachmentPurpose.COMPONENT,
) -> Attachment:
    """Check, store and record one uploaded file (see the module docstring for the contract).

    `upload` is an `UploadedFile` or any `File` over a seekable binary stream."""
    _check_may_attach(actor, dossier, purpose)
    size, sha256 = measure(upload)
    _check_total(dossier, size)
    ftype = sniff(upload)
    document = _document(dossier, required_document_id)
    name = filetypes.display_name(upload.name or "", ftype)
    checked = _Checked(size, sha256, ftype, document, name)
    storage = Attachment._meta.get_field("file").storage
    stored: str | None = None
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
            _check_may_attach(actor, locked, purpose)
            _check_total(locked, size)
            stored = _store(storage, upload, locked, ftype)
            return _record(actor, locked, purpose, stored, checked)
    except BaseException:
        if stored is not None:
            delete_quietly(storage, stored)
        raise


def _record(
    actor: Any, dossier: Dossier, purpose: str, stored: str, checked: _Checked
) -> Attachment:
    attachment = Attachment.objects.create(
        dossier=dossier,
        required_document=checked.document,
        purpose=purpose,
        file=stored,
        original_name=checked.name,
        content_type=checked.ftype.mime,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    audit.append(
        stream_type=STREAM,
        stream_id=dossier.code,
        kind="dossier.attachment_added",
        actor=actor,
        payload={
            "attachment": attachment.pk,
            "purpose": purpose,
            "name": checked.name,
            "sha256": checked.sha256,
            "size": checked.size,
            "type": checked.ftype.mime,
        },
    )
    return attachment


# --- checks ------------------------------------------------------------------------------------


def _check_may_attach(actor: Any, dossier: Dossier, purpose: str) -> None:
    """The applicant (or whoever submitted for them) adds components and supplements while the
    dossier is with them or awaiting reception, or while the clock is paused for a supplement.
    Reception and specialist officials of the receiving agency add anything, at any time."""
    if purpose not in AttachmentPurpose.values:
        raise DomainError("Mục đích đính kèm không hợp lệ.", code="invalid_purpose")
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied()
    applicant_may = purpose in APPLICANT_PURPOSES and _open_to_applicant(dossier)
    if applicant_may and _is_applicant(actor, dossier):
        return
    # the electronic result is attached also by whoever records the result (signer, clerk)
    roles = (
        (*OFFICIAL_ROLES, *RESULT_ROLES) if purpose == AttachmentPurpose.RESULT else OFFICIAL_ROLES
    )
    if user_has_any_role(actor, roles, dossier.receiving_agency):
        return
    raise PermissionDenied()


def _is_applicant(actor: Any, dossier: Dossier) -> bool:
    return is_applicant(actor, dossier)  # a counter official is not the applicant


def _open_to_applicant(dossier: Dossier) -> bool:
    if dossier.status in APPLICANT_STATUSES:
        return True
    return (
        dossier.status == DossierStatus.IN_PROGRESS
        and dossier.pause_reason == PauseReason.SUPPLEMENT
    )


def measure(upload: File) -> tuple[int, str]:
    """Size and SHA-256 read chunk by chunk; stops as soon as the file is over the limit."""
    limit = settings.MOTCUA["ATTACHMENT_MAX_BYTES"]
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(upload):
        size += len(chunk)
        if size > limit:
            raise DomainError(
                f"Tệp vượt quá dung lượng cho phép ({mb(limit)} MB).", code="file_too_large"
            )
        digest.update(chunk)
    if size == 0:
        raise DomainError("Tệp đính kèm không có nội dung.", code="file_empty")
    return size, digest.hexdigest()


def _chunks(upload: File) -> Iterable[bytes]:
    upload.seek(0)
    yield from upload.chunks()


def _check_total(dossier: Dossier, size: int) -> None:
    used = Attachment.objects.filter(dossier_id=dossier.pk).aggregate(t=Sum("size"))["t"] or 0
    check_total(used=used, size=size)


def check_total(*, used: int, size: int) -> None:
    """dossier_too_large when `size` more bytes would take a dossier (or a draft) holding
    `used` bytes over DOSSIER_MAX_BYTES."""
    limit = settings.MOTCUA["DOSSIER_MAX_BYTES"]
    if used + size > limit:
        raise DomainError(
            f"Tổng dung lượng tệp của hồ sơ vượt quá {mb(limit)} MB (đã dùng {mb(used)} MB).",
            code="dossier_too_large",
        )


def sniff(upload: File) -> FileType:
    """The type decided by the content (never the name or header), or file_type_not_allowed."""
    upload.seek(0)
    head = upload.read(filetypes.SNIFF_BYTES)

    def whole_file() -> Any:
        upload.seek(0)
        return upload

    ftype = filetypes.sniff(head, open_zip=whole_file)
    if ftype is None:
        raise DomainError(
            f"Định dạng tệp không được chấp nhận. Chỉ nhận: {filetypes.accepted_labels()}.",
            code="file_type_not_allowed",
        )
    return ftype


def _document(dossier: Dossier, required_document_id: int | None) -> RequiredDocument | None:
    if required_document_id is None:
        return None
    return required_document(dossier.procedure_version_id, required_document_id)


def required_document(version_id: int, required_document_id: int) -> RequiredDocument:
    """The required document of that procedure version, or unknown_document."""
    document = RequiredDocument.objects.filter(
        pk=required_document_id, version_id=version_id
    ).first()
    if document is None:
        raise DomainError(
            "Thành phần hồ sơ không thuộc thủ tục của hồ sơ này.", code="unknown_document"
        )
    return document


# --- storage -----------------------------------------------------------------------------------


def _store(storage: Any, upload: File, dossier: Dossier, ftype: FileType) -> str:
    """Save under a name we choose; the user's name never reaches the storage path."""
    folder = re.sub(r"[^0-9A-Za-z.-]", "_", dossier.code).strip(".") or str(dossier.pk)
    name = f"dossiers/{folder}/{uuid.uuid4().hex}{ftype.extension}"
    upload.seek(0)
    return storage.save(name, upload, max_length=Attachment._meta.get_field("file").max_length)


def delete_if_unused(storage: Any, name: str) -> bool:
    """Delete a stored file only when no attachment or draft file still names it: one stored file
    may back several rows (a document reused or taken from the applicant's store is attached by
    reference, never copied; docs/rules.md §Kho giấy tờ). Call it after the row that held the
    file is deleted, in the transaction that deleted it (ideally from `on_commit`). True when the
    file was deleted."""
    if (
        Attachment.objects.filter(file=name).exists()
        or DraftFile.objects.filter(file=name).exists()
    ):
        return False
    delete_quietly(storage, name)
    return True


def delete_quietly(storage: Any, name: str) -> None:
    try:
        storage.delete(name)
    except Exception:
        logger.exception("could not delete stored attachment %s after a failed upload", name)


def mb(n: int) -> str:
    """Megabytes for people: 20 → '20', 0.5 → '0,5' (Vietnamese decimal comma)."""
    return f"{n / MB:.3g}".replace(".", ",")
