"""Activating, closing and re-timing step instances (used by the transition services)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from motcua.accounts.models import Agency
from motcua.core import calendar
from motcua.core.errors import DomainError
from motcua.dossiers.models import (
    AgencyRule,
    Dossier,
    ProcessStep,
    StepInstance,
    StepStatus,
    Timing,
)
from motcua.dossiers.services._common import now


def step_agency(step: ProcessStep, dossier: Dossier) -> Agency:
    """The agency that performs `step` for `dossier`, by the step's agency rule."""
    receiving = dossier.receiving_agency
    if step.agency_rule == AgencyRule.RECEIVING:
        return receiving
    if step.agency_rule == AgencyRule.PARENT:
        if receiving.parent is None:
            raise DomainError("Cơ quan tiếp nhận không có cơ quan cấp trên.", code="no_parent")
        return receiving.parent
    if step.agency is None:
        raise DomainError(f"Bước '{step.name}' chưa chỉ định cơ quan.", code="step_no_agency")
    return step.agency


def activate(
    dossier: Dossier, step: ProcessStep, *, by: Any, agency: Agency | None = None
) -> StepInstance:
    at = now()
    agency = agency or step_agency(step, dossier)
    return StepInstance.objects.create(
        dossier=dossier,
        step=step,
        agency=agency,
        handed_by=by,
        activated_at=at,
        due_at=calendar.add_working_time(at, step.allotted_hours, agency=agency),
    )


def timing_of(finished_at: datetime, due_at: datetime) -> str:
    """Before time / on time / late, at minute precision (the control sheet prints minutes)."""
    finished = finished_at.replace(second=0, microsecond=0)
    due = due_at.replace(second=0, microsecond=0)
    if finished < due:
        return Timing.EARLY
    return Timing.ON_TIME if finished == due else Timing.LATE


def close(instance: StepInstance, *, status: str, actor: Any, outcome: str, note: str) -> None:
    at = now()
    instance.status = status
    instance.completed_at = at
    instance.completed_by = actor
    instance.outcome = outcome
    instance.note = note
    instance.timing = timing_of(at, instance.due_at)
    instance.version += 1
    instance.save(
        update_fields=[
            "status",
            "completed_at",
            "completed_by",
            "outcome",
            "note",
            "timing",
            "version",
        ]
    )


def cancel_open_steps(dossier: Dossier) -> int:
    return StepInstance.objects.filter(dossier=dossier, status=StepStatus.ACTIVE).update(
        status=StepStatus.CANCELLED, completed_at=now()
    )


def shift_open_steps(dossier: Dossier, seconds: int) -> None:
    """Move the due time of every open step by `seconds` of working time (a pause ended)."""
    for inst in StepInstance.objects.filter(dossier=dossier, status=StepStatus.ACTIVE):
        inst.due_at = calendar.add_working_seconds(inst.due_at, seconds, agency=inst.agency)
        inst.save(update_fields=["due_at"])
