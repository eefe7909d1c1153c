"""Submission drafts: start, save each step, attach files, submit, discard.

Error codes: not_found (another user's draft, or none), not_online, agency_not_competent,
draft_submitted (a submitted draft is no longer edited), version_changed, unknown_document,
not_reusable, plus the file codes of `attachment_add` (file_empty, file_too_large,
dossier_too_large, file_type_not_allowed) and the submission errors of `dossier_submit`.

Contract:
- Only the owner sees or touches a draft; every write locks the draft row first.
- `draft_save_form` keeps what was typed even when incomplete or wrong, and returns the
  problems found; full validation happens at submission (docs/rules.md §11). A value that could
  not be kept (control characters, over-long) is dropped and reported.
- Files are checked exactly as `attachment_add` checks them (docs/rules.md §12) and stored under
  a random name. `draft_submit` creates the dossier with `dossier_submit` (idempotency key from
  the draft) and moves every file in with `attachment_add`, all in one transaction: on failure
  there is no dossier, no attachment row, and the draft is as it was.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from motcua.catalog.models import Channel, OnlineType, ProcedureVersion
from motcua.catalog.selectors import procedure_get
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.core.text import find_control_char
from motcua.docstore.services_attach import component_attach_reused
from motcua.dossiers.form_schema import MAX_TEXT
from motcua.dossiers.models import Attachment, Dossier, DraftStep, SubmissionDraft
from motcua.dossiers.selectors.drafts import (
    APPLICANT_FIELDS,
    applicant_problems,
    draft_problems,
    form_problems,
)
from motcua.dossiers.services.applicants import ApplicantData, check_online_identity
from motcua.dossiers.services.attachments import attachment_add, delete_quietly
from motcua.dossiers.services.draft_files import (
    _drop_files,
    _lock,
    _reach,
    draft_attach,
    draft_detach,
    draft_reuse,
)
from motcua.dossiers.services.submission import dossier_submit

__all__ = [
    "account_applicant",
    "draft_attach",
    "draft_detach",
    "draft_discard",
    "draft_reuse",
    "draft_save_form",
    "draft_set_agency",
    "draft_start",
    "draft_submit",
]

STREAM = "draft"
MAX_APPLICANT_TEXT = 500


def account_applicant(user: Any) -> dict[str, str]:
    """The applicant fields prefilled from the account: a person by their CCCD, else the
    organisation by its tax code."""
    is_person = bool(user.cccd) or not user.tax_code
    return {
        "kind": "person" if is_person else "organisation",
        "name": (user.full_name if is_person else user.organisation_name) or user.get_full_name(),
        "id_number": user.cccd if is_person else user.tax_code,
        "phone": user.phone,
        "email": user.email,
    }


def _check_online(version: ProcedureVersion) -> None:
    if version.online_type == OnlineType.NONE or Channel.ONLINE not in version.channels:
        raise DomainError("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.", code="not_online")


def _agency(version: ProcedureVersion, agency_code: str | None) -> Any:
    agencies = [a for a in version.agencies.all() if a.is_active]
    if agency_code:
        found = next((a for a in agencies if a.code == agency_code), None)
        if found is None:
            raise DomainError(
                "Cơ quan đã chọn không tiếp nhận thủ tục này.", code="agency_not_competent"
            )
        return found
    return agencies[0] if len(agencies) == 1 else None


def draft_start(
    *, actor: Any, procedure_code: str, agency_code: str | None = None
) -> SubmissionDraft:
    """A new draft of the version in force, prefilled from the account. When several agencies
    receive the procedure and none is given, the wizard's first step asks for it."""
    if actor is None or not actor.is_authenticated:
        raise DomainError("Cần đăng nhập để nộp hồ sơ trực tuyến.", code="unauthenticated")
    prefill = account_applicant(actor)
    check_online_identity(actor, ApplicantData(**prefill))
    version = procedure_get(code=procedure_code)
    _check_online(version)
    agency = _agency(version, agency_code)
    with transaction.atomic():
        draft = SubmissionDraft.objects.create(
            owner=actor,
            procedure_version=version,
            receiving_agency=agency,
            applicant=prefill,
            step=DraftStep.FORM if agency else DraftStep.AGENCY,
        )
        _event(draft, actor, "draft.started", {"procedure": version.procedure.code})
    return draft


def draft_set_agency(*, actor: Any, draft_id: int, agency_code: str) -> SubmissionDraft:
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        draft.receiving_agency = _agency(draft.procedure_version, agency_code or "-")
        _reach(draft, DraftStep.FORM)
        draft.save(update_fields=["receiving_agency", "step", "updated_at"])
    return draft


def _keepable(value: Any, limit: int) -> str | None:
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    text = str(value)
    if len(text) > limit or find_control_char(text, multiline=True) is not None:
        return None
    return text


def draft_save_form(
    *, actor: Any, draft_id: int, applicant: dict[str, Any], form_data: dict[str, Any]
) -> dict[str, list[str]]:
    """Save the declaration step as typed and return its problems (`applicant.<field>`,
    `form.<field>`): an empty dict means the step is complete."""
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        known = {spec["name"] for spec in draft.procedure_version.form_schema}
        draft.applicant = _kept(applicant, set(APPLICANT_FIELDS), MAX_APPLICANT_TEXT)
        draft.form_data = _kept(form_data, known, MAX_TEXT)
        problems = applicant_problems(draft) | form_problems(draft)
        problems |= _dropped(applicant, draft.applicant, set(APPLICANT_FIELDS), "applicant")
        problems |= _dropped(form_data, draft.form_data, known, "form")
        if not problems:
            _reach(draft, DraftStep.FILES)
        draft.save(update_fields=["applicant", "form_data", "step", "updated_at"])
    return problems


def _dropped(
    given: dict[str, Any], kept: dict[str, str], known: set[str], prefix: str
) -> dict[str, list[str]]:
    """The known fields typed but not kept: reported, so nothing is silently lost."""
    lost = [k for k in given if k in known and k not in kept and given[k] not in ("", None)]
    return {f"{prefix}.{k}": [_DROPPED] for k in lost}


_DROPPED = "Giá trị không lưu được: quá dài hoặc chứa ký tự điều khiển."


def _kept(data: dict[str, Any], known: set[str], limit: int) -> dict[str, str]:
    kept = {}
    for key, value in data.items():
        text = _keepable(value, limit) if key in known else None
        if text not in (None, ""):
            kept[key] = text
    return kept


def draft_discard(*, actor: Any, draft_id: int) -> None:
    with transaction.atomic():
        draft = _lock(actor, draft_id)
        _drop_files(list(draft.files.all()))
        _event(draft, actor, "draft.discarded", {})
        draft.delete()


def draft_submit(*, actor: Any, draft_id: int) -> tuple[Dossier, bool]:
    """Submit the draft: (dossier, created). A draft already submitted returns its dossier.
    Raises ValidationError with `draft_problems` keys when something is missing or wrong."""
    with transaction.atomic():
        draft = _lock(actor, draft_id, open_only=False)
        if draft.dossier is not None:
            return draft.dossier, False
        if draft.procedure_version.procedure.current_id != draft.procedure_version_id:
            raise DomainError(
                "Thủ tục đã được cập nhật phiên bản mới; hãy bắt đầu lại hồ sơ.",
                code="version_changed",
            )
        problems = draft_problems(draft)
        if problems:
            raise ValidationError(problems)
        dossier, created = dossier_submit(
            actor=actor,
            procedure_code=draft.procedure_version.procedure.code,
            agency_code=draft.receiving_agency.code,  # type: ignore[union-attr]
            applicant=ApplicantData(**draft.applicant),
            form_data=draft.form_data,
            idempotency_key=draft.idempotency_key,
        )
        _move_files(actor, draft, dossier)
        draft.dossier = dossier
        draft.step = DraftStep.DONE
        draft.save(update_fields=["dossier", "step", "updated_at"])
        _event(draft, actor, "draft.submitted", {"dossier": dossier.code})
        return dossier, created


def _move_files(actor: Any, draft: SubmissionDraft, dossier: Dossier) -> None:
    """Copy each uploaded file into the dossier with `attachment_add`; if any fails, the copies
    already stored are deleted (the transaction removes their rows). A reused file (from an
    earlier dossier or the applicant's store) is attached by reference, never copied
    (`docstore.services_attach.component_attach_reused`; docs/rules.md §Kho giấy tờ)."""
    files = list(draft.files.select_related("reused_from"))
    attachment_storage = Attachment._meta.get_field("file").storage
    stored: list[str] = []
    try:
        for f in files:
            if f.reused_from_id is not None:
                component_attach_reused(actor=actor, dossier=dossier, draft_file=f)
                continue
            with f.file.open("rb") as handle:
                upload = File(handle, name=f.original_name)
                added = attachment_add(
                    actor=actor,
                    dossier=dossier,
                    upload=upload,
                    required_document_id=f.required_document_id,
                )
            stored.append(str(added.file.name))
    except BaseException:
        for name in stored:
            delete_quietly(attachment_storage, name)
        raise
    _drop_files(files)


def _event(draft: SubmissionDraft, actor: Any, kind: str, payload: dict[str, Any]) -> None:
    audit.append(
        stream_type=STREAM,
        stream_id=str(draft.pk),
        kind=kind,
        actor=actor,
        payload={"procedure_version": draft.procedure_version_id, **payload},
    )
