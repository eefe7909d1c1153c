"""The applicant's writes from the portal: the supplement (the files for the requested items,
then the supplement itself, as one change) and marking the inbox read.

Contract of `mine_supplement` (docs/rules.md §6, §12):
- The dossier must be waiting for the applicant's supplement (at reception, or paused during
  processing) and unchanged since the page was read (`expected_version`, else Conflict 409);
  both are checked under the dossier lock before any file is stored.
- Each file goes through `attachments.attachment_add` (purpose supplement; the type decided by
  content, the size limits); a file whose item names a required document of the procedure is
  linked to it. Then `reception.dossier_supplement` records the supplement with the note.
- All or nothing: a refused file, or any error after it, rolls back every row and deletes the
  files already stored by this call (storage is not transactional).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import RequiredDocument
from motcua.core import audit
from motcua.core.errors import Conflict, DomainError, PermissionDenied
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import (
    Attachment,
    AttachmentPurpose,
    Dossier,
    DossierStatus,
    PauseReason,
)
from motcua.dossiers.permissions import require_applicant_or_reception
from motcua.dossiers.services._common import lock_dossier
from motcua.dossiers.services.attachments import attachment_add, delete_quietly
from motcua.dossiers.services.reception import dossier_supplement


def _require_waiting(dossier: Dossier) -> None:
    if dossier.status == DossierStatus.NEEDS_SUPPLEMENT:
        return
    if dossier.status == DossierStatus.IN_PROGRESS and dossier.pause_reason == (
        PauseReason.SUPPLEMENT
    ):
        return
    raise Conflict("Hồ sơ không ở trạng thái chờ bổ sung.", code="invalid_state")


def _document_ids(dossier: Dossier) -> dict[str, int]:
    documents = RequiredDocument.objects.filter(version_id=dossier.procedure_version_id)
    return {d.name.strip().casefold(): d.pk for d in documents}


def mine_supplement(
    *,
    actor: Any,
    code: str,
    files: Sequence[tuple[str, File]],
    note: str = "",
    expected_version: int,
) -> Dossier:
    """Attach `files` ((item name, upload) pairs, at least one) and record the supplement."""
    added: list[Attachment] = []
    try:
        with transaction.atomic():
            dossier = lock_dossier(code, expected_version=expected_version)
            require_applicant_or_reception(actor, dossier)
            _require_waiting(dossier)
            if not files:
                raise DomainError("Phải đính kèm ít nhất một tệp bổ sung.", code="files_required")
            documents = _document_ids(dossier)
            for item, upload in files:
                added.append(
                    attachment_add(
                        actor=actor,
                        dossier=dossier,
                        upload=upload,
                        required_document_id=documents.get(item.strip().casefold()),
                        purpose=AttachmentPurpose.SUPPLEMENT,
                    )
                )
            return dossier_supplement(
                actor=actor, code=code, note=note.strip(), expected_version=expected_version
            )
    except BaseException:
        for attachment in added:
            delete_quietly(attachment.file.storage, attachment.file.name or "")
        raise


@transaction.atomic
def inbox_mark_read(*, user: Any) -> int:
    """Mark every unread outbox message addressed to `user` as read now; returns how many.
    One audit event (stream "inbox", the user's id) when anything changed; a second call
    changes nothing and records nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied()
    count = OutboxMessage.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit.append(
            stream_type="inbox",
            stream_id=str(user.pk),
            kind="inbox.read",
            actor=user,
            payload={"messages": count},
        )
    return count
