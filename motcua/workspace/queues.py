"""The officials' work queues: for each role, the lists of dossiers or open steps waiting for it
at the agencies where the user holds that role (`accounts.selectors.agencies_in_scope`), sorted by
due time on an indexed column (the reception check, before any appointment exists, by submission
time), filtered by due state (`dossiers.selectors.due`).

Which list holds what (docs/rules.md §4 for the due states):
- reception `check`: dossiers submitted (online, or supplemented and back) waiting for the check;
  reception `return`: results ready to hand back (`result_return` needs the reception role).
- specialist / unit_head / signer `steps`: open steps of that role, not taken by someone else.
- unit_head `apology`: running dossiers overdue or due soon, not yet re-appointed, where the user
  is a head (`HEAD_ROLES`, as `apology_issue` checks).
- clerk `record`: running dossiers with no open step (the result is to be recorded); clerk
  `return`: results ready (result_ready).

Every list is one queryset (a count and one page of rows: a constant number of queries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Role
from motcua.accounts.selectors import agencies_in_scope
from motcua.dossiers.models import (
    CLOCK_STATUSES,
    Dossier,
    DossierStatus,
    DueState,
    StepInstance,
    StepStatus,
)
from motcua.dossiers.permissions import HEAD_ROLES
from motcua.dossiers.selectors.due import DUE_FILTERS, DUE_TODAY, due_filter, step_due_filter

QUEUE_ROLES = (Role.RECEPTION, Role.SPECIALIST, Role.UNIT_HEAD, Role.SIGNER, Role.CLERK)
PAGE_SIZE = 50

# Only the columns a queue row shows (and the due rule reads).
DOSSIER_COLUMNS = (
    "code",
    "status",
    "pause_reason",
    "paused_at",
    "due_state",
    "due_at",
    "extended_due_at",
    "submitted_at",
    "applicant_name",
    "receiving_agency__name",
    "procedure_version__name",
)
STEP_COLUMNS = (
    "due_at",
    "due_state",
    "status",
    "activated_at",
    "step__name",
    "agency__name",
    "assignee__full_name",
    "assignee__username",
    *(f"dossier__{c}" for c in DOSSIER_COLUMNS),
)


@dataclass(frozen=True)
class QueueList:
    key: str
    title: Any  # lazy text
    kind: str  # "dossier" or "step"
    rows: Callable[[Any], QuerySet[Any]]


def _dossiers(qs: QuerySet[Dossier], *order: str) -> QuerySet[Dossier]:
    return (
        qs.select_related("procedure_version", "receiving_agency")
        .only(*DOSSIER_COLUMNS)
        .order_by(*order, "code")
    )


def _received_by(user: Any, roles: tuple[str, ...]) -> QuerySet[Dossier]:
    return Dossier.objects.filter(receiving_agency__in=agencies_in_scope(user, roles))


def _check(user: Any) -> QuerySet[Dossier]:
    qs = _received_by(user, (Role.RECEPTION,)).filter(status=DossierStatus.SUBMITTED)
    return _dossiers(qs, "submitted_at")


def _return(role: str) -> Callable[[Any], QuerySet[Dossier]]:
    def rows(user: Any) -> QuerySet[Dossier]:
        qs = _received_by(user, (role,)).filter(status=DossierStatus.RESULT_READY)
        return _dossiers(qs, "due_at")

    return rows


def _steps(role: str) -> Callable[[Any], QuerySet[StepInstance]]:
    def rows(user: Any) -> QuerySet[StepInstance]:
        qs = StepInstance.objects.filter(
            Q(assignee__isnull=True) | Q(assignee=user),
            status=StepStatus.ACTIVE,
            step__role=role,
            agency__in=agencies_in_scope(user, (role,)),
            dossier__status__in=CLOCK_STATUSES,
        )
        return (
            qs.select_related("step", "agency", "assignee", "dossier__procedure_version")
            .select_related("dossier__receiving_agency")
            .only(*STEP_COLUMNS)
            .order_by("due_at", "id")
        )

    return rows


def _open_steps() -> QuerySet[StepInstance]:
    return StepInstance.objects.filter(dossier=OuterRef("pk"), status=StepStatus.ACTIVE)


def _apology(user: Any) -> QuerySet[Dossier]:
    heads = agencies_in_scope(user, HEAD_ROLES)
    late = due_filter(DueState.OVERDUE) | due_filter(DueState.DUE_SOON)
    qs = Dossier.objects.filter(
        late,
        Q(receiving_agency__in=heads) | Q(Exists(_open_steps().filter(agency__in=heads))),
        status__in=CLOCK_STATUSES,
        pause_reason="",
        apology_count=0,
    )
    return _dossiers(qs, "due_at")


def _record(user: Any) -> QuerySet[Dossier]:
    qs = _received_by(user, (Role.CLERK,)).filter(
        ~Q(Exists(_open_steps())), status__in=CLOCK_STATUSES, pause_reason=""
    )
    return _dossiers(qs, "due_at")


QUEUES: dict[str, tuple[QueueList, ...]] = {
    Role.RECEPTION: (
        QueueList("check", _("Hồ sơ chờ kiểm tra, tiếp nhận"), "dossier", _check),
        QueueList("return", _("Kết quả chờ trả"), "dossier", _return(Role.RECEPTION)),
    ),
    Role.SPECIALIST: (QueueList("steps", _("Bước chờ thụ lý"), "step", _steps(Role.SPECIALIST)),),
    Role.UNIT_HEAD: (
        QueueList("steps", _("Bước chờ xem xét"), "step", _steps(Role.UNIT_HEAD)),
        QueueList("apology", _("Hồ sơ quá hạn, sắp đến hạn cần xin lỗi"), "dossier", _apology),
    ),
    Role.SIGNER: (QueueList("steps", _("Bước chờ ký duyệt"), "step", _steps(Role.SIGNER)),),
    Role.CLERK: (
        QueueList("record", _("Hồ sơ chờ ghi kết quả"), "dossier", _record),
        QueueList("return", _("Kết quả chờ trả"), "dossier", _return(Role.CLERK)),
    ),
}


def queue_list(role: str, key: str | None) -> QueueList | None:
    """The list ``key`` of ``role`` (its first list when ``key`` is empty); None if unknown."""
    lists = QUEUES.get(role, ())
    if not key:
        return lists[0] if lists else None
    return next((ql for ql in lists if ql.key == key), None)


def due_q(kind: str, state: str, *, at: Any = None) -> Q:
    """Rows in ``state``; here "due soon" leaves out what is due today, so the three filters a
    queue offers (overdue, due today, due soon) never overlap and each row's label is its
    filter's (the API's `soon` still includes today)."""
    at = at or timezone.now()
    rule = step_due_filter if kind == "step" else due_filter
    if state == DueState.DUE_SOON:
        return rule(state, at=at) & ~rule(DUE_TODAY, at=at)
    return rule(state, at=at)


def queue_rows(user: Any, ql: QueueList, *, due: str | None = None) -> QuerySet[Any]:
    """The rows of ``ql`` for ``user``, optionally only those in due state ``due``."""
    qs = ql.rows(user)
    if due in DUE_FILTERS:
        qs = qs.filter(due_q(ql.kind, due))
    return qs


def queue_counts(user: Any, ql: QueueList) -> dict[str, int]:
    """Total and per due state ("overdue", "due_today", "due_soon"), in one query."""
    at = timezone.now()
    counts = {state: Count("pk", filter=due_q(ql.kind, state, at=at)) for state in DUE_FILTERS}
    return ql.rows(user).order_by().aggregate(total=Count("pk"), **counts)
