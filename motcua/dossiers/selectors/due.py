"""Reading the due state: the pure rule of `motcua.dossiers.due` applied to a dossier or a step
now, and the same rule as a query filter for lists (docs/rules.md §4).

"Due today" (`DUE_TODAY`) is a filter and a label, not a stored state: a running dossier or an
open step whose appointment falls later today (Vietnam date) and has not passed. It is a part
of "due soon" (the soon threshold is at least one working day ahead) that lists show apart.

A dossier list filtered by due state matches a dossier whose own appointment is in that state
OR one of whose open steps is (`dossier_due_q`): a 4-hour step due 11:30 today is late work for
its official although the dossier's appointment is two days away. Before issue 7 the API
filtered on the dossier's appointment only, so "soon" and "overdue" showed nothing while a step
was due that morning.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from motcua.core import calendar
from motcua.dossiers.due import due_state
from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DueState, StepInstance, StepStatus

DUE_TODAY = "due_today"
# The values a list may filter on, and the API's short names for them.
DUE_FILTERS = (DueState.OVERDUE, DUE_TODAY, DueState.DUE_SOON)
API_DUE_NAMES = {"overdue": DueState.OVERDUE, "today": DUE_TODAY, "soon": DueState.DUE_SOON}


def soon_threshold(at: datetime) -> datetime:
    """``at`` plus MOTCUA["DUE_SOON_WORKING_DAYS"] working days on the city calendar (the same
    threshold the sweep uses)."""
    days = settings.MOTCUA["DUE_SOON_WORKING_DAYS"]
    return calendar.add_working_time(at, Decimal(days * 8))


def dossier_due_state(dossier: Dossier, *, at: datetime | None = None) -> str:
    """The due state of ``dossier`` at ``at`` (default now); a paused dossier at its pause."""
    at = at or timezone.now()
    if dossier.pause_reason and dossier.paused_at is not None:
        at = threshold = min(at, dossier.paused_at)
    else:
        threshold = soon_threshold(at)
    return due_state(
        at,
        dossier.due_at,
        dossier.extended_due_at,
        threshold,
        dossier.status,
        recorded=dossier.due_state,
    )


def due_before(limit: datetime | F) -> Q:
    """Dossiers whose appointment (the apology's new one if any) is before ``limit``."""
    return Q(extended_due_at__isnull=True, due_at__lt=limit) | Q(extended_due_at__lt=limit)


def end_of_today(at: datetime) -> datetime:
    """The first instant of the next Vietnam calendar day after ``at`` (aware)."""
    tomorrow = timezone.localdate(at) + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=timezone.get_current_timezone())


def with_today(state: str, appointment: datetime | None, at: datetime) -> str:
    """``state`` refined for display: a not-yet-overdue appointment later today is
    `DUE_TODAY`."""
    if state == DueState.OVERDUE or appointment is None:
        return state
    return DUE_TODAY if at <= appointment < end_of_today(at) else state


def dossier_due_label(dossier: Dossier, *, at: datetime) -> str:
    """`dossier_due_state` with `DUE_TODAY` told apart (a paused dossier is never due today:
    its clock is stopped)."""
    state = dossier_due_state(dossier, at=at)
    if dossier.pause_reason or dossier.status not in CLOCK_STATUSES:
        return state
    return with_today(state, dossier.effective_due_at, at)


def step_due_label(step: StepInstance, *, at: datetime, threshold: datetime) -> str:
    """The due state of an open step: the rule of `due_state` over the step's own due time
    (``threshold`` = `soon_threshold(at)`, computed once per list); a step of a paused dossier
    is judged when the dossier's clock stopped. Closed steps: their timing tells, not this."""
    dossier = step.dossier
    if dossier.pause_reason and dossier.paused_at is not None:
        at = threshold = min(at, dossier.paused_at)
    state = due_state(at, step.due_at, None, threshold, dossier.status, recorded=step.due_state)
    return state if dossier.pause_reason else with_today(state, step.due_at, at)


def due_filter(state: str, *, at: datetime | None = None) -> Q:
    """Dossiers whose state (the rule of `dossier_due_state`) is ``state`` ("due_soon",
    "due_today" or "overdue") at ``at``, as one filter over the dossier table."""
    at = at or timezone.now()
    clock = Q(status__in=CLOCK_STATUSES)
    running = clock & Q(pause_reason="")
    paused = clock & ~Q(pause_reason="") & Q(paused_at__isnull=False)
    overdue = (
        Q(due_state=DueState.OVERDUE)
        | (running & due_before(at))
        | (paused & due_before(F("paused_at")))
    )
    if state == DueState.OVERDUE:
        return overdue
    if state == DUE_TODAY:
        return running & ~overdue & due_before(end_of_today(at))
    soon = (~clock & Q(due_state=DueState.DUE_SOON)) | (
        running & due_before(soon_threshold(at)) & ~due_before(at)
    )
    return soon & ~Q(due_state=DueState.OVERDUE)


def step_due_filter(state: str, *, at: datetime | None = None, prefix: str = "") -> Q:
    """Open steps whose state (the rule of `step_due_label`) is ``state`` at ``at``, over the
    step table (``prefix`` = "steps__"-style path when used from another model). Steps of a
    paused dossier are never due soon or today; overdue only when recorded or late at the pause.
    """
    at = at or timezone.now()

    def q(**kw: object) -> Q:
        return Q(**{prefix + k: v for k, v in kw.items()})

    open_ = q(status=StepStatus.ACTIVE, dossier__status__in=CLOCK_STATUSES)
    running = open_ & q(dossier__pause_reason="")
    paused = open_ & ~q(dossier__pause_reason="") & q(dossier__paused_at__isnull=False)
    overdue = (
        (open_ & q(due_state=DueState.OVERDUE))
        | (running & q(due_at__lt=at))
        | (paused & q(due_at__lt=F(prefix + "dossier__paused_at")))
    )
    if state == DueState.OVERDUE:
        return overdue
    if state == DUE_TODAY:
        return running & ~overdue & q(due_at__lt=end_of_today(at))
    return running & ~overdue & q(due_at__lt=soon_threshold(at))


def dossier_due_q(state: str, *, at: datetime | None = None) -> Q:
    """Dossiers in ``state`` themselves, or with an open step in ``state`` (module contract)."""
    at = at or timezone.now()
    steps = StepInstance.objects.filter(step_due_filter(state, at=at), dossier=OuterRef("pk"))
    return due_filter(state, at=at) | Q(Exists(steps))
