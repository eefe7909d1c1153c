"""Submission drafts' files: attach (the checks of `attachment_add`), reuse a file already
held, detach; and the draft row lock every draft service takes first. Re-exported by
`services.drafts`, whose docstring states the contract."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Sum

from motcua.catalog.models import RequiredDocument
from motcua.core import filetypes
from motcua.core.errors import Conflict, DomainError, NotFound
from motcua.dossiers.models import DraftFile, DraftStep, SubmissionDraft
from motcua.dossiers.models.drafts import STEP_ORDER
from motcua.dossiers.selectors.drafts import reusable_attachments

# The checks of `attachment_add`, reused so a draft accepts exactly what a dossier accepts.
from motcua.dossiers.services.attachments import (
    check_total,
    delete_quietly,
    measure,
    required_document,
    sniff,
)


def _lock(actor: Any, draft_id: int, *, open_only: bool = True) -> SubmissionDraft:
    draft = (
        SubmissionDraft.objects.select_for_update(of=("self",))
        .select_related("procedure_version__procedure", "receiving_agency")
        .filter(pk=draft_id, owner_id=getattr(actor, "pk", None))
        .first()
    )
    if draft is None or not getattr(actor, "is_authenticated", False):
        raise NotFound("Không tìm thấy hồ sơ nháp.", code="draft_not_found")
    if open_only and draft.dossier_id is not None:
        raise Conflict("Hồ sơ nháp này đã được nộp.", code="draft_submitted")
    return draft


def _reach(draft: SubmissionDraft, step: str) -> None:
    if STEP_ORDER.index(step) > STEP_ORDER.index(draft.step):
        draft.step = step


def _document(draft: SubmissionDraft, required_document_id: int) -> RequiredDocument:
    return required_document(draft.procedure_version_id, required_document_id)


def _check_total(draft: SubmissionDraft, size: int) -> None:
    check_total(used=draft.files.aggregate(t=Sum("size"))["t"] or 0, size=size)


def draft_attach(
    *, actor: Any, draft_id: int, required_document_id: int, upload: File
) -> DraftFile:
    """Check and store one uploaded file for one required document (the checks of
    `attachment_add`); a refused upload leaves neither a row nor a stored file."""
    draft = _lock_outside(actor, draft_id)
    document = _document(draft, required_document_id)
    size, sha256 = measure(upload)
    ftype = sniff(upload)
    storage = DraftFile._meta.get_field("file").storage
    stored: str | None = None
    try:
        with transaction.atomic():
            draft = _lock(actor, draft_id)
            _check_total(draft, size)
            upload.seek(0)
            name = f"drafts/{draft.pk}/{uuid.uuid4().hex}{ftype.extension}"
            stored = storage.save(name, upload, max_length=300)
            return _add_file(
                draft,
                document,
                file=stored,
                original_name=filetypes.display_name(upload.name or "", ftype),
                content_type=ftype.mime,
                size=size,
                sha256=sha256,
            )
    except BaseException:
        if stored is not None:
            delete_quietly(storage, stored)
        raise


def _lock_outside(actor: Any, draft_id: int) -> SubmissionDraft:
    """The ownership and state checks before the (slow) file checks, repeated under the lock."""
    with transaction.atomic():
        return _lock(actor, draft_id)


def _add_file(draft: SubmissionDraft, document: RequiredDocument, **fields: Any) -> DraftFile:
    draft_file = DraftFile.objects.create(draft=draft, required_document=document, **fields)
    _reach(draft, DraftStep.FILES)
    draft.save(update_fields=["step", "updated_at"])
    return draft_file


def draft_reuse(
    *, actor: Any, draft_id: int, required_document_id: int, attachment_id: int
) -> DraftFile:
    """Give a reusable document with a file the user already holds (an attachment of one of
    their dossiers), by reference: nothing is stored again until submission copies it."""
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        document = _document(draft, required_document_id)
        if not document.reusable:
            raise DomainError(
                f"Giấy tờ '{document.name}' không được dùng lại từ hồ sơ trước.",
                code="not_reusable",
            )
        source = next((a for a in reusable_attachments(user=actor) if a.pk == attachment_id), None)
        if source is None:
            raise NotFound("Không tìm thấy giấy tờ đã có.", code="attachment_not_found")
        _check_total(draft, source.size)
        return _add_file(
            draft,
            document,
            file=source.file.name,
            original_name=source.original_name,
            content_type=source.content_type,
            size=source.size,
            sha256=source.sha256,
            reused_from=source,
        )


def draft_detach(*, actor: Any, draft_id: int, file_id: int) -> None:
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        draft_file = draft.files.filter(pk=file_id).first()
        if draft_file is None:
            raise NotFound("Không tìm thấy tệp.", code="file_not_found")
        _drop_files([draft_file])
        draft.save(update_fields=["updated_at"])


def _drop_files(files: list[DraftFile]) -> None:
    """Delete the rows now and our stored files after commit (never a reused one)."""
    storage = DraftFile._meta.get_field("file").storage
    names = [str(f.file.name) for f in files if f.reused_from_id is None]
    DraftFile.objects.filter(pk__in=[f.pk for f in files]).delete()

    def delete() -> None:
        for name in names:
            delete_quietly(storage, name)

    transaction.on_commit(delete)
