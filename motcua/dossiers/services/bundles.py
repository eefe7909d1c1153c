"""Inter-agency bundles (Decree 63/2024/NĐ-CP): "cần xác minh" moves the appointment once.

Contract (docs/rules.md §15):
- The bundle's limit is 3 working days; when verification is needed it is 5. The longer limit
  and its legal basis are data on the published process the dossier was received on
  (`ProcessDefinition.verification_limit_hours`), so a dossier keeps the rule it started with.
- An official of the agency holding an open step (or of the receiving agency) declares it, with
  the reason, while the clock runs and before the appointment has passed: a need found after the
  limit is a delay, handled by the apology (§8), not an extension.
- Once per dossier, and not after an apology has set a new appointment.
- The appointment (`due_at`) is the verification limit counted from the receipt like any limit
  (§1, §2: cut-off, Saturday sessions), plus the working time already paused (§4); every open
  step moves by the working time between the old and the new appointment. The citizen has one
  appointment: the new one, sent as a notification and shown by public tracking.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from motcua.core import calendar
from motcua.core.errors import Conflict, DomainError
from motcua.core.validators import refuse_control_chars
from motcua.dossiers import process_graph as pg
from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DueState, StepStatus
from motcua.dossiers.permissions import VERIFY_ROLES, has_any_role, require_role
from motcua.dossiers.services import steps as step_ops
from motcua.dossiers.services._common import lock_dossier, notify, now, record, require_status


def verification_due(dossier: Dossier) -> calendar.DueResult:
    """The appointment under the verification limit: the limit counted again from the receipt
    with `compute_due` (cut-off, Saturday sessions and holidays of the receiving agency), moved
    by the working time already paused. DomainError when the dossier's process has none."""
    process = dossier.process
    extended = process.verification_limit_hours if process is not None else None
    version = dossier.procedure_version
    unit = version.time_limit_unit
    limit = pg.working_hours_of(Decimal(version.time_limit_value), unit)
    if extended is None or limit is None or Decimal(extended) <= limit:
        raise DomainError(
            "Thủ tục này không có thời hạn gia hạn khi cần xác minh.",
            code="verification_not_allowed",
        )
    value = Decimal(extended) / pg.HOURS_PER_WORKING_DAY if unit == "working_days" else extended
    assert dossier.received_at is not None  # the clock statuses have a receipt
    agency = dossier.receiving_agency
    due = calendar.compute_due(
        dossier.received_at, value, unit, agency=agency, cutoff=version.receipt_cutoff
    )
    moved = calendar.add_working_seconds(due.due_at, dossier.paused_seconds, agency=agency)
    return calendar.DueResult(moved, due.deemed_received_at, due.calendar_version)


def _require_actor(actor: Any, dossier: Dossier) -> None:
    active = dossier.steps.filter(status=StepStatus.ACTIVE).select_related("agency")
    if not any(has_any_role(actor, VERIFY_ROLES, inst.agency) for inst in active):
        require_role(actor, VERIFY_ROLES, dossier.receiving_agency)


def _require_extendable(dossier: Dossier) -> None:
    require_status(dossier, *CLOCK_STATUSES)
    if dossier.pause_reason:
        raise Conflict("Hồ sơ đang tạm dừng chờ bổ sung.", code="dossier_paused")
    if dossier.verification_at is not None:
        raise DomainError(
            "Hồ sơ đã được gia hạn do cần xác minh một lần; không được gia hạn lần nữa.",
            code="verification_once",
        )
    if dossier.apology_count:
        raise Conflict(
            "Hồ sơ đã có văn bản xin lỗi và hẹn lại; không gia hạn do cần xác minh.",
            code="already_reappointed",
        )
    if dossier.due_at is None or now() > dossier.due_at:
        raise Conflict(
            "Đã quá hạn trả kết quả: không còn gia hạn do cần xác minh, phải xin lỗi và hẹn lại.",
            code="verification_too_late",
        )


@transaction.atomic
def dossier_verification_extend(
    *, actor: Any, code: str, reason: str, expected_version: int | None = None
) -> Dossier:
    """Declare that the dossier needs verification: the appointment moves to the verification
    limit (Decree 63/2024/NĐ-CP Art. 7), once. Errors: verification_not_allowed,
    verification_once, already_reappointed, verification_too_late, dossier_paused,
    reason_required, permission_denied, invalid_state, version_conflict."""
    dossier = lock_dossier(code, expected_version=expected_version)
    _require_extendable(dossier)
    _require_actor(actor, dossier)
    refuse_control_chars({"reason": reason}, multiline=["reason"])
    if not reason.strip():
        raise DomainError("Phải nêu nội dung cần xác minh.", code="reason_required")
    due = verification_due(dossier)
    old_due, new_due = dossier.due_at, due.due_at
    assert old_due is not None  # _require_extendable
    extra = calendar.working_seconds_between(old_due, new_due, agency=dossier.receiving_agency)
    dossier.due_at = new_due
    if dossier.appointment_at is not None:  # the receipt appointment moves by the same time
        dossier.appointment_at = calendar.add_working_seconds(
            dossier.appointment_at, extra, agency=dossier.receiving_agency
        )
    dossier.calendar_version = due.calendar_version
    dossier.verification_at = now()
    dossier.verification_reason = reason.strip()
    dossier.due_state = DueState.ON_TRACK
    step_ops.shift_open_steps(dossier, extra)
    assert dossier.process is not None  # verification_extra_seconds
    legal_basis = dossier.process.verification_legal_basis
    record(
        dossier,
        kind="dossier.verification_extended",
        actor=actor,
        payload={
            "reason": dossier.verification_reason,
            "old_due_at": old_due.isoformat(),
            "new_due_at": new_due.isoformat(),
            "extra_seconds": extra,
            "legal_basis": legal_basis,
        },
    )
    notify(
        dossier,
        kind="dossier.verification",
        payload={
            "new_due_at": new_due.isoformat(),
            "reason": dossier.verification_reason,
            "legal_basis": legal_basis,
        },
    )
    return dossier
