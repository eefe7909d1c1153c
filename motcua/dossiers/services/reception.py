"""Reception check: receive (clock starts), supplement request, refusal, the applicant's
supplement (which also ends a pause during processing)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.core import calendar
from motcua.core.errors import Conflict, DomainError
from motcua.dossiers.models import (
    Dossier,
    DossierStatus,
    PauseReason,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.permissions import require_applicant_or_reception, require_role
from motcua.dossiers.profiles import get_profile, profile_for
from motcua.dossiers.selectors.process import process_for
from motcua.dossiers.services import steps as step_ops
from motcua.dossiers.services._common import (
    clean_items,
    enqueue_slip,
    lock_dossier,
    notify,
    now,
    record,
    require_override,
    require_status,
)


def receive_locked(dossier: Dossier, *, actor: Any) -> Dossier:
    """Receive a locked dossier: appointment by the calendar, profile and process pinned,
    first steps activated. The caller holds the transaction and the lock."""
    version = dossier.procedure_version
    at = now()
    due = calendar.compute_due(
        at,
        version.time_limit_value,
        version.time_limit_unit,
        agency=dossier.receiving_agency,
        cutoff=version.receipt_cutoff,
    )
    dossier.received_at = at
    dossier.deemed_received_at = due.deemed_received_at
    dossier.due_at = due.due_at
    dossier.appointment_at = due.due_at
    dossier.calendar_version = due.calendar_version
    dossier.profile_code = profile_for(timezone.localdate(at)).code
    dossier.process = process_for(procedure=version.procedure, agency=dossier.receiving_agency)
    dossier.status = DossierStatus.RECEIVED
    if dossier.process is not None:
        starts = dossier.process.steps.filter(in_edges__source__isnull=True).exclude(
            in_edges__source__isnull=False
        )
        for step in starts.distinct():
            step_ops.activate(dossier, step, by=actor)
    # The fee lines; the clock waits if the fee is due first (docs/payments.md).
    from motcua.payments.services import fees_on_receipt  # payments builds on this module

    fees_on_receipt(dossier)
    notify(dossier, kind="dossier.received", payload={"due_at": due.due_at.isoformat()})
    enqueue_slip(dossier, "receipt")
    # Last: the audit append locks the global chain head until commit.
    record(
        dossier,
        kind="dossier.received",
        actor=actor,
        payload={
            "due_at": due.due_at.isoformat(),
            "profile": dossier.profile_code,
            "process": dossier.process_id,
            "calendar_version": due.calendar_version,
        },
    )
    return dossier


@transaction.atomic
def dossier_receive(*, actor: Any, code: str, expected_version: int | None = None) -> Dossier:
    dossier = lock_dossier(code, expected_version=expected_version)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, DossierStatus.SUBMITTED)
    return receive_locked(dossier, actor=actor)


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: Any,
    code: str,
    items: list[dict[str, str]],
    legal_basis: str = "",
    override: bool = False,
    expected_version: int | None = None,
) -> SupplementRequest:
    """Reception-stage request (form 02). One per dossier per agency; a second needs
    `override` with its legal basis and is flagged (the 766 index counts it late)."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, DossierStatus.SUBMITTED)
    items = clean_items(items)
    profile = get_profile(dossier.profile_code)
    earlier = SupplementRequest.objects.filter(
        dossier=dossier, stage=SupplementStage.RECEPTION, agency=dossier.receiving_agency
    ).count()
    if earlier >= profile.max_reception_supplements:
        require_override(override, legal_basis)
        dossier.supplement_flagged = True
    request = SupplementRequest.objects.create(
        dossier=dossier,
        stage=SupplementStage.RECEPTION,
        agency=dossier.receiving_agency,
        items=items,
        legal_basis=legal_basis.strip(),
        is_override=earlier > 0,
        requested_by=actor,
        requested_at=now(),
    )
    dossier.reception_supplements += 1
    dossier.status = DossierStatus.NEEDS_SUPPLEMENT
    record(
        dossier,
        kind="dossier.supplement_requested",
        actor=actor,
        fields=["status", "reception_supplements", "supplement_flagged"],
        payload={"stage": "reception", "items": items, "override": earlier > 0},
    )
    notify(dossier, kind="dossier.supplement_requested", payload={"items": items})
    enqueue_slip(dossier, "supplement")
    return request


def _resume_processing(dossier: Dossier) -> int:
    """End a processing pause: the due time and open steps move by the paused working time."""
    at = now()
    if dossier.paused_at is None or dossier.due_at is None:
        raise Conflict("Hồ sơ không ở trạng thái tạm dừng.", code="not_paused")
    paused = calendar.working_seconds_between(
        dossier.paused_at, at, agency=dossier.receiving_agency
    )
    dossier.due_at = calendar.add_working_seconds(
        dossier.due_at, paused, agency=dossier.receiving_agency
    )
    if dossier.extended_due_at:
        dossier.extended_due_at = calendar.add_working_seconds(
            dossier.extended_due_at, paused, agency=dossier.receiving_agency
        )
    dossier.paused_seconds += paused
    dossier.paused_at = None
    dossier.pause_reason = PauseReason.NONE
    step_ops.shift_open_steps(dossier, paused)
    return paused


@transaction.atomic
def dossier_supplement(
    *, actor: Any, code: str, note: str = "", expected_version: int | None = None
) -> Dossier:
    """The applicant (or the desk on their behalf) has supplied what was asked."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_applicant_or_reception(actor, dossier)
    open_request = (
        SupplementRequest.objects.filter(dossier=dossier, completed_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
    if dossier.status == DossierStatus.NEEDS_SUPPLEMENT:
        dossier.status = DossierStatus.SUBMITTED
        paused = 0
    elif dossier.pause_reason == PauseReason.SUPPLEMENT:
        paused = _resume_processing(dossier)
    else:
        raise Conflict("Hồ sơ không ở trạng thái chờ bổ sung.", code="invalid_state")
    if open_request is not None:
        open_request.completed_at = now()
        open_request.paused_seconds = paused
        open_request.save(update_fields=["completed_at", "paused_seconds"])
    record(
        dossier,
        kind="dossier.supplemented",
        actor=actor,
        payload={"note": note, "paused_seconds": paused},
    )
    return dossier


@transaction.atomic
def dossier_refuse(
    *, actor: Any, code: str, reasons: list[str], expected_version: int | None = None
) -> Dossier:
    """Refusal at reception (form 03) with the reasons."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_role(actor, (Role.RECEPTION,), dossier.receiving_agency)
    require_status(dossier, DossierStatus.SUBMITTED, DossierStatus.NEEDS_SUPPLEMENT)
    return refuse_locked(dossier, actor=actor, reasons=reasons)


def clean_reasons(reasons: list[str]) -> list[str]:
    cleaned = [str(r).strip() for r in reasons or [] if str(r).strip()]
    if not cleaned:
        raise DomainError("Phải nêu rõ lý do từ chối.", code="reasons_required")
    return cleaned


def refuse_locked(dossier: Dossier, *, actor: Any, reasons: list[str]) -> Dossier:
    dossier.refusal_reasons = clean_reasons(reasons)
    dossier.status = DossierStatus.REJECTED
    dossier.finished_at = now()
    step_ops.cancel_open_steps(dossier)
    record(
        dossier, kind="dossier.refused", actor=actor, payload={"reasons": dossier.refusal_reasons}
    )
    notify(dossier, kind="dossier.refused", payload={"reasons": dossier.refusal_reasons})
    enqueue_slip(dossier, "refusal")
    return dossier
