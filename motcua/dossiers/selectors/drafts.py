"""Reads of submission drafts. A draft is its owner's alone: anyone else gets "not found"."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone

from motcua.catalog.models import RequiredDocument
from motcua.core.errors import NotFound
from motcua.dossiers.form_schema import validate_form_data
from motcua.dossiers.models import Attachment, AttachmentPurpose, DraftFile, SubmissionDraft
from motcua.dossiers.permissions import applicant_q
from motcua.dossiers.services.applicants import ApplicantData, check_eligible, clean_applicant

REUSE_PURPOSES = (AttachmentPurpose.COMPONENT, AttachmentPurpose.RESULT)
REUSE_LIMIT = 20


def _owned(user: Any) -> QuerySet[SubmissionDraft]:
    if user is None or not getattr(user, "is_authenticated", False):
        return SubmissionDraft.objects.none()
    return SubmissionDraft.objects.filter(owner=user).select_related(
        "procedure_version__procedure", "receiving_agency"
    )


def drafts_open_for_user(*, user: Any) -> QuerySet[SubmissionDraft]:
    """The user's drafts not yet submitted, newest first, with their file counts."""
    return _owned(user).filter(dossier__isnull=True).annotate(file_count=Count("files"))


def draft_get_for_user(*, user: Any, draft_id: int) -> SubmissionDraft:
    draft = _owned(user).select_related("dossier").filter(pk=draft_id).first()
    if draft is None:
        raise NotFound("Không tìm thấy hồ sơ nháp.", code="draft_not_found")
    return draft


def draft_documents(draft: SubmissionDraft) -> list[tuple[RequiredDocument, list[DraftFile]]]:
    """Each required document of the draft's procedure with the files given for it."""
    files: dict[int, list[DraftFile]] = {}
    for f in draft.files.all():
        files.setdefault(f.required_document_id, []).append(f)
    documents = RequiredDocument.objects.filter(version_id=draft.procedure_version_id)
    return [(doc, files.get(doc.pk, [])) for doc in documents.order_by("order", "id")]


def reusable_attachments(*, user: Any) -> QuerySet[Attachment]:
    """Files the user already holds: components and results of their own dossiers (newest
    first), offered for documents marked reusable (docs/rules.md §12)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Attachment.objects.none()
    return (
        Attachment.objects.filter(purpose__in=REUSE_PURPOSES)
        .filter(dossier__in=_users_dossiers(user))
        .select_related("dossier", "required_document")
        .order_by("-uploaded_at", "-id")[:REUSE_LIMIT]
    )


def _users_dossiers(user: Any) -> Any:
    from motcua.dossiers.models import Dossier

    return Dossier.objects.filter(applicant_q(user)).values("pk")


def draft_problems(draft: SubmissionDraft) -> dict[str, list[str]]:
    """Everything that stops the draft from being submitted, by key: `agency`,
    `applicant.<field>`, `form.<field>`, `document.<id>` (full validation, as at submission)."""
    problems = applicant_problems(draft) | form_problems(draft)
    if draft.receiving_agency_id is None:
        problems["agency"] = ["Chưa chọn cơ quan tiếp nhận hồ sơ."]
    for doc, files in draft_documents(draft):
        if doc.is_required and not files:
            problems[f"document.{doc.pk}"] = [f"Chưa có tệp cho giấy tờ bắt buộc '{doc.name}'."]
    return problems


def applicant_problems(draft: SubmissionDraft) -> dict[str, list[str]]:
    data = {k: str(v) for k, v in draft.applicant.items() if k in APPLICANT_FIELDS}
    applicant = ApplicantData(**{"kind": "", "name": "", "id_number": "", **data})
    try:
        check_eligible(draft.procedure_version, clean_applicant(applicant))
    except ValidationError as exc:
        return {
            f"applicant.{key.removeprefix('applicant.')}": list(messages)
            for key, messages in exc.message_dict.items()
        }
    return {}


def form_problems(draft: SubmissionDraft) -> dict[str, list[str]]:
    today = timezone.localdate()
    try:
        validate_form_data(draft.procedure_version.form_schema, draft.form_data, today=today)
    except ValidationError as exc:
        return {f"form.{key}": list(messages) for key, messages in exc.message_dict.items()}
    return {}


APPLICANT_FIELDS = (
    "kind",
    "name",
    "id_number",
    "phone",
    "email",
    "address",
    "representative_name",
    "representative_id_number",
)
