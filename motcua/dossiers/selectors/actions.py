"""What a user may do with a dossier now: the checks the transition services make (the role at
the agency they name, the status, the pause and the open steps), asked before acting so a page
shows only the actions that can succeed.

The services stay the authority: they check again under the row lock, and a page that posts an
action this says is not available still gets the service's refusal. Each predicate below names
the service whose checks it mirrors; change both together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.dossiers.models import (
    CLOCK_STATUSES,
    Dossier,
    DossierStatus,
    Outcome,
    StepInstance,
)
from motcua.dossiers.permissions import HEAD_ROLES, RESULT_ROLES, VERIFY_ROLES, has_any_role
from motcua.dossiers.profiles import get_profile

ASSIGN_ROLES = (Role.UNIT_HEAD, Role.AGENCY_ADMIN)  # processing.step_assign


class _Roles:
    """`has_any_role` remembered per (roles, agency) for one page."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.seen: dict[tuple[tuple[str, ...], int], bool] = {}

    def holds(self, roles: Iterable[str], agency: Agency) -> bool:
        key = (tuple(roles), agency.pk)
        if key not in self.seen:
            self.seen[key] = has_any_role(self.user, key[0], agency)
        return self.seen[key]


@dataclass
class StepActions:
    step: StepInstance
    claim: bool = False  # processing.step_claim
    assign: bool = False  # processing.step_assign
    complete: bool = False  # processing.step_complete
    outcomes: list[str] = field(default_factory=list)


@dataclass
class DossierActions:
    receive: bool = False  # reception.dossier_receive
    request_supplement: bool = False  # reception.dossier_request_supplement
    refuse: bool = False  # reception.dossier_refuse
    record_result: bool = False  # results.result_record
    return_result: bool = False  # results.result_return
    apologize: bool = False  # lateness.apology_issue
    verify: bool = False  # bundles.dossier_verification_extend
    steps: list[StepActions] = field(default_factory=list)

    def allows(self, action: str, step_id: int | None = None) -> bool:
        """Whether ``action`` (a field name; claim / assign / complete need ``step_id``)."""
        if action in ("claim", "assign", "complete"):
            return any(getattr(s, action) for s in self.steps if s.step.pk == step_id)
        return bool(getattr(self, action, False))

    def step(self, step_id: int | None) -> StepActions | None:
        return next((s for s in self.steps if s.step.pk == step_id), None)


def step_outcomes(step: StepInstance) -> list[str]:
    """The outcomes `step_complete` accepts at this step: approve always, the others when the
    process step lists them (in `Outcome` order)."""
    allowed = {Outcome.APPROVE, *step.step.outcomes}
    return [o for o in Outcome.values if o in allowed]


def _step_actions(user: Any, roles: _Roles, dossier: Dossier, step: StepInstance) -> StepActions:
    acts = StepActions(step=step)
    if dossier.status not in CLOCK_STATUSES:
        return acts
    holds_role = roles.holds((step.step.role,), step.agency)
    free_or_mine = step.assignee_id in (None, user.pk)
    acts.claim = holds_role and step.assignee_id is None
    acts.assign = roles.holds(ASSIGN_ROLES, step.agency)
    acts.complete = holds_role and free_or_mine and not dossier.pause_reason
    acts.outcomes = step_outcomes(step) if acts.complete else []
    return acts


def _may_apologize(roles: _Roles, dossier: Dossier, open_steps: list[StepInstance]) -> bool:
    if dossier.status not in CLOCK_STATUSES or dossier.pause_reason:
        return False
    if dossier.apology_count >= get_profile(dossier.profile_code).max_reappointments:
        return False
    agencies = [s.agency for s in open_steps] + [dossier.receiving_agency]
    return any(roles.holds(HEAD_ROLES, a) for a in agencies)


def _may_verify(roles: _Roles, dossier: Dossier, open_steps: list[StepInstance]) -> bool:
    """Mirrors `bundles.dossier_verification_extend`: a process with a verification limit, the
    clock running, not extended nor reappointed yet, the appointment not passed."""
    if dossier.status not in CLOCK_STATUSES or dossier.pause_reason:
        return False
    if dossier.verification_at is not None or dossier.apology_count:
        return False
    if dossier.due_at is None or timezone.now() > dossier.due_at:
        return False
    if dossier.process is None or dossier.process.verification_limit_hours is None:
        return False
    agencies = [s.agency for s in open_steps] + [dossier.receiving_agency]
    return any(roles.holds(VERIFY_ROLES, a) for a in agencies)


def dossier_actions(
    *, user: Any, dossier: Dossier, open_steps: list[StepInstance]
) -> DossierActions:
    """The actions `user` may take on `dossier` now (its open steps given, with step, agency)."""
    roles = _Roles(user)
    status = dossier.status
    reception = roles.holds((Role.RECEPTION,), dossier.receiving_agency)
    running = status in CLOCK_STATUSES and not dossier.pause_reason
    return DossierActions(
        receive=reception and status == DossierStatus.SUBMITTED,
        request_supplement=reception and status == DossierStatus.SUBMITTED,
        refuse=reception and status in (DossierStatus.SUBMITTED, DossierStatus.NEEDS_SUPPLEMENT),
        record_result=running
        and not open_steps
        and roles.holds(RESULT_ROLES, dossier.receiving_agency),
        return_result=reception and status == DossierStatus.RESULT_READY,
        apologize=_may_apologize(roles, dossier, open_steps),
        verify=_may_verify(roles, dossier, open_steps),
        steps=[_step_actions(user, roles, dossier, s) for s in open_steps],
    )
