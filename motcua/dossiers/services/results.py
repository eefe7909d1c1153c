"""Result recorded (processing ends) and returned to the applicant; withdrawal and cancel."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.db import transaction

from motcua.accounts.models import Role
from motcua.core.errors import Conflict, DomainError
from motcua.docstore.services import store_add_result
from motcua.dossiers.models import (
    CLOCK_STATUSES,
    Attachment,
    AttachmentPurpose,
    DossierStatus,
    StepInstance,
    StepStatus,
    SupplementRequest,
)
from motcua.dossiers.permissions import (
    RESULT_ROLES,
    is_applicant,
    require_applicant_or_reception,
    require_role,
)
from motcua.dossiers.services import steps as step_ops
from motcua.dossiers.services._common import (
    enqueue_slip,
    lock_dossier,
    notify,
    now,
    record,
    require_status,
)
from motcua.dossiers.services.attachments import attachment_add
from motcua.signing.services.results import (
    page_counts_record,
    result_code_record,
    result_document_prepare,
)

RETURN_CHANNELS = ("counter", "postal", "electronic")


@transaction.atomic
def result_record(
    *,
    actor: Any,
    code: str,
    summary: str,
    document: File | None = None,
    expected_version: int | None = None,
) -> Any:
    """Processing is finished: every step is closed and the result document exists.
    Recorded by the receiving (lead) agency's specialists, signers or clerks; agencies consulted
    in an inter-agency flow act through their steps only. `document`, when given, is the
    electronic result (the scanned or signed copy): it is checked and stored like any upload, as
    an attachment with purpose `result`, in the same transaction, so the applicant downloads
    exactly that stored file (Decree 45/2020 Art. 5: an e-result has the value of the paper one).
    The result gets a result code and, when it is a PDF, the receiving agency's PAdES signature
    before it is stored (Decision 766/QĐ-TTg item 4.1; motcua.signing.services.results); the page
    counts of the scanned components are recorded (item 4.2)."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_status(dossier, *CLOCK_STATUSES)
    if dossier.pause_reason:
        raise Conflict("Hồ sơ đang tạm dừng chờ bổ sung.", code="dossier_paused")
    if StepInstance.objects.filter(dossier=dossier, status=StepStatus.ACTIVE).exists():
        raise Conflict("Còn bước xử lý chưa hoàn thành.", code="steps_open")
    require_role(actor, RESULT_ROLES, dossier.receiving_agency)
    if not summary.strip():
        raise DomainError("Phải ghi tóm tắt kết quả giải quyết.", code="summary_required")
    payload: dict[str, Any] = {}
    result = None
    if document is not None:
        payload, result = _store_result_document(actor, dossier, document)
    page_counts_record(dossier=dossier)
    dossier.result_summary = summary.strip()
    dossier.status = DossierStatus.RESULT_READY
    dossier.finished_at = now()
    if result is not None:  # the applicant's document store keeps it (once-only; docstore)
        store_add_result(attachment=result, actor=actor, result_code=payload["result_code"])
    record(
        dossier,
        kind="dossier.result_recorded",
        actor=actor,
        payload={"summary": dossier.result_summary, **payload},
    )
    notify(dossier, kind="dossier.result_ready", payload={})
    return dossier


def _store_result_document(
    actor: Any, dossier: Any, document: File
) -> tuple[dict[str, Any], Attachment]:
    prepared = result_document_prepare(dossier=dossier, upload=document)
    attachment = attachment_add(
        actor=actor, dossier=dossier, upload=prepared.upload, purpose=AttachmentPurpose.RESULT
    )
    result_code_record(prepared=prepared, dossier=dossier, attachment=attachment)
    payload = {"result_code": prepared.code, "signed": prepared.signed, "sha256": attachment.sha256}
    return payload, attachment


@transaction.atomic
def result_return(
    *, actor: Any, code: str, channel: str, expected_version: int | None = None
) -> Any:
    dossier = lock_dossier(code, expected_version=expected_version)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, DossierStatus.RESULT_READY)
    if channel not in RETURN_CHANNELS:
        raise DomainError(
            "Hình thức trả kết quả phải là counter, postal hoặc electronic.", code="invalid_channel"
        )
    dossier.status = DossierStatus.RETURNED
    dossier.returned_at = now()
    dossier.return_channel = channel
    record(dossier, kind="dossier.returned", actor=actor, payload={"channel": channel})
    notify(dossier, kind="dossier.returned", payload={"channel": channel})
    return dossier


@transaction.atomic
def dossier_withdraw(
    *, actor: Any, code: str, reason: str, expected_version: int | None = None
) -> Any:
    """Stop at the applicant's request (Decree 118 Art. 21): only before a result exists."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_applicant_or_reception(actor, dossier)
    require_status(
        dossier,
        DossierStatus.SUBMITTED,
        DossierStatus.NEEDS_SUPPLEMENT,
        *CLOCK_STATUSES,
    )
    if not reason.strip():
        raise DomainError("Phải ghi lý do dừng giải quyết.", code="reason_required")
    dossier.status = DossierStatus.WITHDRAWN
    dossier.finished_at = now()
    dossier.pause_reason = ""
    dossier.paused_at = None
    SupplementRequest.objects.filter(dossier=dossier, completed_at__isnull=True).update(
        completed_at=now()
    )
    step_ops.cancel_open_steps(dossier)
    record(
        dossier,
        kind="dossier.withdrawn",
        actor=actor,
        payload={"reason": reason.strip(), "by_applicant": is_applicant(actor, dossier)},
    )
    notify(dossier, kind="dossier.withdrawn", payload={"reason": reason.strip()})
    enqueue_slip(dossier, "stop_notice")
    return dossier


@transaction.atomic
def dossier_cancel(
    *, actor: Any, code: str, reason: str, expected_version: int | None = None
) -> Any:
    """Cancel a dossier before it was received (a duplicate or an entry error). Refusal on the
    merits is `dossier_refuse` (form 03); a cancellation is still notified to the applicant
    with its reason, so no dossier disappears silently."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_role(actor, (Role.RECEPTION, Role.AGENCY_ADMIN), dossier.receiving_agency)
    require_status(dossier, DossierStatus.SUBMITTED, DossierStatus.NEEDS_SUPPLEMENT)
    if not reason.strip():
        raise DomainError("Phải ghi lý do huỷ hồ sơ.", code="reason_required")
    dossier.status = DossierStatus.CANCELLED
    dossier.finished_at = now()
    record(dossier, kind="dossier.cancelled", actor=actor, payload={"reason": reason.strip()})
    notify(dossier, kind="dossier.cancelled", payload={"reason": reason.strip()})
    return dossier
