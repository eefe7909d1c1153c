"""Reads of dossiers. Every read carries the visibility rule: a dossier the caller may not see
is reported as not found, never as forbidden."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from motcua.accounts.models import User
from motcua.accounts.selectors import agencies_in_scope
from motcua.core.errors import NotFound
from motcua.dossiers.models import Dossier, StepInstance, StepStatus
from motcua.dossiers.permissions import OFFICIAL_ROLES, applicant_q
from motcua.dossiers.selectors.due import API_DUE_NAMES, dossier_due_q
from motcua.dossiers.selectors.search import agency_q


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("procedure_version__procedure", "receiving_agency")


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    """Applicants see their own (`applicant_q`: not a counter official's intakes); officials
    see dossiers received by, or with a step at, an agency in their scope (inspectors read-only
    over theirs)."""
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    return _base().filter(applicant_q(user) | _official_scope_q(user))


def _official_scope_q(user: Any) -> Q:
    scope = agencies_in_scope(user, OFFICIAL_ROLES)
    steps_in_scope = StepInstance.objects.filter(dossier=OuterRef("pk"), agency__in=scope)
    return Q(receiving_agency__in=scope) | Q(Exists(steps_in_scope))


def dossier_in_official_scope(*, user: Any, dossier: Dossier) -> bool:
    """Whether `user` sees `dossier` through an official role (not as its applicant)."""
    if user is None or not user.is_authenticated:
        return False
    return Dossier.objects.filter(_official_scope_q(user), pk=dossier.pk).exists()


# The related rows `presenters.dossier_out` reads besides those `_base` joins: prefetched, a
# page of any length costs the same queries.
PRESENTED = (
    Prefetch(
        "steps",
        queryset=StepInstance.objects.select_related("step", "agency", "assignee").order_by(
            "activated_at", "id"
        ),
    ),
    "apologies",
)


def dossier_get_for_user(*, user: Any, code: str) -> Dossier:
    dossier = dossiers_visible_to(user).filter(code=code).first()
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return dossier


def dossier_require_visible(*, user: Any, code: str) -> None:
    """Raise "not found" unless `user` may see the dossier `code` (one EXISTS query)."""
    if not dossiers_visible_to(user).filter(code=code).exists():
        raise NotFound("Không tìm thấy hồ sơ.")


def assignee_get(*, username: str) -> User:
    """The active user a step is given to; 422 (a field of the request) when there is none."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"assignee": ["Không tìm thấy cán bộ được giao."]})
    return user


def dossier_list_for_user(
    *,
    user: Any,
    queue: str = "agency",
    due: str | None = None,
    agency: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Dossier]]:
    """`mine`: dossiers with an open step assigned to the user, or the user's own applications;
    `agency`: everything visible. `due` filters by due state ("soon", "today", "overdue": the
    dossier's appointment or one of its open steps, computed now as the dossier view shows it;
    `selectors.due.dossier_due_q`). `agency` (a code) keeps the visible dossiers received by
    that agency or with a step there: an agency outside the caller's scope, or unknown, gives an
    empty list (not 404, which would tell it exists)."""
    qs = dossiers_visible_to(user)
    if agency:
        qs = qs.filter(agency_q(agency))
    if queue == "mine":
        mine = StepInstance.objects.filter(
            dossier=OuterRef("pk"), status=StepStatus.ACTIVE, assignee=user
        )
        qs = qs.filter(Exists(mine) | applicant_q(user))
    if due in API_DUE_NAMES:
        qs = qs.filter(dossier_due_q(API_DUE_NAMES[due]))
    qs = qs.order_by("due_at", "code")
    return qs.count(), list(qs.prefetch_related(*PRESENTED)[offset : offset + limit])


def dossier_open_steps(dossier: Dossier) -> list[StepInstance]:
    return list(
        dossier.steps.filter(status=StepStatus.ACTIVE).select_related("step", "agency", "assignee")
    )


def dossier_history(dossier: Dossier) -> list[StepInstance]:
    return list(dossier.steps.select_related("step", "agency", "assignee", "completed_by"))
