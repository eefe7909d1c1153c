"""Processing: claim or assign a step, complete it with an outcome, forward between agencies."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import user_has_role
from motcua.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from motcua.dossiers.models import (
    CLOCK_STATUSES,
    Dossier,
    DossierStatus,
    Outcome,
    PauseReason,
    ProcessStep,
    StepInstance,
    StepStatus,
    SupplementRequest,
    SupplementStage,
)
from motcua.dossiers.permissions import require_role
from motcua.dossiers.profiles import get_profile
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
from motcua.dossiers.services.reception import refuse_locked


def _lock_step(dossier: Dossier, step_id: int) -> StepInstance:
    """Lock an open step of a locked dossier (dossier first, then step: a fixed order)."""
    inst = (
        StepInstance.objects.select_for_update(of=("self",), no_key=True)
        .select_related("step", "agency")
        .filter(pk=step_id, dossier=dossier)
        .first()
    )
    if inst is None:
        raise NotFound("Không tìm thấy bước xử lý của hồ sơ.")
    if inst.status != StepStatus.ACTIVE:
        raise Conflict("Bước này đã được xử lý xong hoặc đã chuyển đi.", code="step_closed")
    return inst


def _require_not_paused(dossier: Dossier) -> None:
    if dossier.pause_reason:
        raise Conflict("Hồ sơ đang tạm dừng chờ công dân bổ sung.", code="dossier_paused")


@transaction.atomic
def step_claim(
    *, actor: Any, code: str, step_id: int, expected_version: int | None = None
) -> Dossier:
    """The official takes an open step of a role they hold; returns the dossier."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_status(dossier, *CLOCK_STATUSES)
    inst = _lock_step(dossier, step_id)
    require_role(actor, (inst.step.role,), inst.agency)
    if inst.assignee_id and inst.assignee_id != actor.pk:
        raise Conflict(f"Bước này đã được {inst.assignee} nhận xử lý.", code="step_taken")
    inst.assignee = actor
    inst.version += 1
    inst.save(update_fields=["assignee", "version"])
    record(
        dossier,
        kind="step.claimed",
        actor=actor,
        fields=[],
        payload={"step": inst.step.key, "step_instance": inst.pk},
    )
    return dossier


@transaction.atomic
def step_assign(
    *, actor: Any, code: str, step_id: int, assignee: Any, expected_version: int | None = None
) -> Dossier:
    """A unit head gives a step to an official who holds the step's role there; returns the
    dossier."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_status(dossier, *CLOCK_STATUSES)
    inst = _lock_step(dossier, step_id)
    require_role(actor, (Role.UNIT_HEAD, Role.AGENCY_ADMIN), inst.agency)
    if not user_has_role(assignee, inst.step.role, inst.agency):
        raise DomainError(
            f"{assignee} không giữ vai trò cần cho bước này tại {inst.agency.name}.",
            code="assignee_not_eligible",
        )
    inst.assignee = assignee
    inst.version += 1
    inst.save(update_fields=["assignee", "version"])
    record(
        dossier,
        kind="step.assigned",
        actor=actor,
        fields=[],
        payload={"step": inst.step.key, "step_instance": inst.pk, "assignee": assignee.pk},
    )
    return dossier


def _latest(dossier: Dossier, step_id: int | None) -> StepInstance | None:
    return StepInstance.objects.filter(dossier=dossier, step_id=step_id).order_by("-id").first()


def _latest_by_step(dossier: Dossier) -> dict[int, StepInstance]:
    """The newest instance of each step of `dossier`, in one read (a dossier has a few)."""
    latest: dict[int, StepInstance] = {}
    for inst in StepInstance.objects.filter(dossier=dossier).order_by("id"):
        latest[inst.step_id] = inst
    return latest


def _join_ready(target: ProcessStep, latest: dict[int, StepInstance]) -> bool:
    """A step may start when it is not already open and the newest instance of every
    predecessor was approved after the step's own newest instance (a new round): a forward, a
    return, or an approval from an earlier round does not count."""
    last_target = latest.get(target.pk)
    if last_target is not None and last_target.status == StepStatus.ACTIVE:
        return False
    floor = last_target.pk if last_target is not None else 0
    for edge in target.in_edges.all():
        if edge.source_id is None:
            continue  # the start node is always behind us
        pred = latest.get(edge.source_id)
        if pred is None or pred.status != StepStatus.DONE or pred.outcome != Outcome.APPROVE:
            return False
        if pred.pk < floor:
            return False
    return True


def _successors_ready(dossier: Dossier, done: StepInstance) -> list[ProcessStep]:
    """Targets of `done`'s approve edges that can start now (joins wait for every branch),
    judged on the instances as they stand after `done` closed (before any target starts)."""
    edges = done.step.out_edges.select_related("target").prefetch_related("target__in_edges")
    targets = [e.target for e in edges if e.target]
    if not targets:
        return []
    latest = _latest_by_step(dossier)
    return [t for t in targets if _join_ready(t, latest)]


def _approve(dossier: Dossier, inst: StepInstance, actor: Any, note: str) -> None:
    step_ops.close(inst, status=StepStatus.DONE, actor=actor, outcome=Outcome.APPROVE, note=note)
    for target in _successors_ready(dossier, inst):
        step_ops.activate(dossier, target, by=actor)


def _return(dossier: Dossier, inst: StepInstance, actor: Any, note: str) -> None:
    sources = [e.source for e in inst.step.in_edges.select_related("source") if e.source]
    if not sources:
        raise DomainError("Bước đầu tiên không thể trả lại bước trước.", code="no_previous_step")
    step_ops.close(inst, status=StepStatus.RETURNED, actor=actor, outcome=Outcome.RETURN, note=note)
    for source in sources:
        previous = _latest(dossier, source.pk)
        if previous is not None and previous.status == StepStatus.ACTIVE:
            continue  # that branch is still open: it is not handed back twice
        step_ops.activate(dossier, source, by=actor, agency=previous.agency if previous else None)


def _pause_for_supplement(
    dossier: Dossier,
    inst: StepInstance,
    actor: Any,
    items: list[dict[str, str]],
    basis: str,
    override: bool,
) -> None:
    """The clock stops from now until the applicant supplies (see reception.dossier_supplement).
    Like at reception, one request per agency; another needs `override` and a legal basis and
    flags the dossier (the national index counts it late)."""
    items = clean_items(items)
    earlier = SupplementRequest.objects.filter(
        dossier=dossier, stage=SupplementStage.PROCESSING, agency=inst.agency
    ).count()
    if earlier >= get_profile(dossier.profile_code).max_reception_supplements:
        require_override(override, basis)
        dossier.supplement_flagged = True
    SupplementRequest.objects.create(
        dossier=dossier,
        stage=SupplementStage.PROCESSING,
        agency=inst.agency,
        items=items,
        legal_basis=basis.strip(),
        is_override=earlier > 0,
        requested_by=actor,
        requested_at=now(),
    )
    dossier.pause_reason = PauseReason.SUPPLEMENT
    dossier.paused_at = now()
    notify(dossier, kind="dossier.supplement_requested", payload={"items": items})
    enqueue_slip(dossier, "supplement")


def _forward(
    dossier: Dossier, inst: StepInstance, actor: Any, note: str, target_agency: str | None
) -> Agency:
    agency = Agency.objects.filter(code=target_agency or "", is_active=True).first()
    if agency is None:
        raise DomainError("Phải chọn cơ quan nhận chuyển hồ sơ.", code="target_agency_required")
    if agency.pk == inst.agency_id:
        raise DomainError("Cơ quan nhận phải khác cơ quan đang xử lý.", code="same_agency")
    step_ops.close(inst, status=StepStatus.DONE, actor=actor, outcome=Outcome.FORWARD, note=note)
    step_ops.activate(dossier, inst.step, by=actor, agency=agency)
    return agency


@transaction.atomic
def step_complete(
    *,
    actor: Any,
    code: str,
    step_id: int,
    outcome: str,
    note: str = "",
    items: list[dict[str, str]] | None = None,
    reasons: list[str] | None = None,
    target_agency: str | None = None,
    legal_basis: str = "",
    override: bool = False,
    expected_version: int | None = None,
) -> Dossier:
    """Finish a step with one of its allowed outcomes. Two officials racing on the same step:
    both lock the dossier row; the second sees the step closed and gets 409."""
    dossier = lock_dossier(code, expected_version=expected_version)
    require_status(dossier, *CLOCK_STATUSES)
    _require_not_paused(dossier)
    inst = _lock_step(dossier, step_id)
    require_role(actor, (inst.step.role,), inst.agency)
    if inst.assignee_id and inst.assignee_id != actor.pk:
        raise PermissionDenied(f"Bước này do {inst.assignee} xử lý.", code="not_assignee")
    if outcome not in Outcome.values or (
        outcome not in inst.step.outcomes and outcome != Outcome.APPROVE
    ):
        raise DomainError(
            f"Kết quả '{outcome}' không được phép ở bước '{inst.step.name}'.",
            code="outcome_not_allowed",
        )
    if outcome == Outcome.REFUSE:
        # The refusing step is closed as done with its outcome, so the control sheet keeps
        # who refused and when; refuse_locked then cancels the other open steps.
        refusal = note.strip() or "; ".join(r.strip() for r in reasons or [] if r.strip())
        step_ops.close(inst, status=StepStatus.DONE, actor=actor, outcome=outcome, note=refusal)
        return refuse_locked(dossier, actor=actor, reasons=reasons or [])
    payload: dict[str, Any] = {"step": inst.step.key, "step_instance": inst.pk, "outcome": outcome}
    if outcome == Outcome.APPROVE:
        _approve(dossier, inst, actor, note)
    elif outcome == Outcome.RETURN:
        _return(dossier, inst, actor, note)
    elif outcome == Outcome.SUPPLEMENT:
        _pause_for_supplement(dossier, inst, actor, items or [], legal_basis, override)
    else:
        payload["to_agency"] = _forward(dossier, inst, actor, note, target_agency).code
    dossier.status = DossierStatus.IN_PROGRESS
    record(dossier, kind=f"step.{outcome}", actor=actor, payload=payload)
    return dossier
