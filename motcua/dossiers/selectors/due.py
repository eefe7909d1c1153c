"""Reading the due state: the pure rule of `motcua.dossiers.due` applied to a dossier now, and
the same rule as a query filter for lists (docs/rules.md §4)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from motcua.core import calendar
from motcua.dossiers.due import due_state
from motcua.dossiers.models import CLOCK_STATUSES, Dossier, DueState


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


def due_filter(state: str, *, at: datetime | None = None) -> Q:
    """Dossiers whose state (the rule of `dossier_due_state`) is ``state`` ("due_soon" or
    "overdue") at ``at``, as one filter over the dossier table."""
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
    soon = (~clock & Q(due_state=DueState.DUE_SOON)) | (
        running & due_before(soon_threshold(at)) & ~due_before(at)
    )
    return soon & ~Q(due_state=DueState.OVERDUE)
