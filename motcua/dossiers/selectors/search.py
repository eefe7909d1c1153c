"""Searching dossiers for officials: the inspector's search (read-only over its scope) and the
agency filter of the dossier list.

Scope rule (the `inspector` role is read-only over its scope; ARCHITECTURE.md): an inspector
sees the dossiers received by, or with a step at, an agency of their `inspector` scope; the
agency filter is one agency of that scope. An agency outside the scope, or unknown, matches
nothing (an empty page, never an error that would tell whether it exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import Agency, Role
from motcua.accounts.selectors import agencies_in_scope
from motcua.dossiers.models import Dossier, DueState, StepInstance
from motcua.dossiers.selectors.due import due_filter


def agency_q(code: str) -> Q:
    """Dossiers of agency `code`: received there, or with a step there. A code holding a NUL
    (which PostgreSQL refuses outright; no code holds one) matches nothing."""
    if "\x00" in code:
        return Q(pk__in=[])
    steps = StepInstance.objects.filter(dossier=OuterRef("pk"), agency__code=code)
    return Q(receiving_agency__code=code) | Q(Exists(steps))


def inspector_agencies(user: Any) -> QuerySet[Agency]:
    """The agencies of the user's inspector scope, in tree order."""
    return agencies_in_scope(user, [Role.INSPECTOR]).order_by("path")


def _inspector_scope(user: Any) -> QuerySet[Dossier]:
    scope = agencies_in_scope(user, [Role.INSPECTOR])
    steps = StepInstance.objects.filter(dossier=OuterRef("pk"), agency__in=scope)
    return Dossier.objects.filter(Q(receiving_agency__in=scope) | Q(Exists(steps)))


@dataclass(frozen=True)
class DossierQuery:
    """What the inspector searches by; empty values do not filter."""

    code: str = ""  # exact dossier code
    applicant: str = ""  # part of the name, or the whole CCCD / tax code
    procedure: str = ""  # procedure code
    status: str = ""  # DossierStatus value
    due: str = ""  # DueState.DUE_SOON or DueState.OVERDUE, as the dossier page shows it now
    received_from: dt.date | None = None  # local dates, both included
    received_to: dt.date | None = None
    agency: str = ""  # agency code


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filters(query: DossierQuery) -> Q:
    q = Q()
    if query.code:
        q &= Q(code=query.code.strip().upper())
    if query.applicant:
        text = query.applicant.strip()
        q &= Q(applicant_name__icontains=text) | Q(applicant_id_number=text)
    if query.procedure:
        q &= Q(procedure_version__procedure__code=query.procedure.strip())
    if query.status:
        q &= Q(status=query.status)
    if query.due in (DueState.DUE_SOON, DueState.OVERDUE):
        q &= due_filter(query.due)
    if query.received_from:
        q &= Q(received_at__gte=_day_start(query.received_from))
    if query.received_to:
        q &= Q(received_at__lt=_day_start(query.received_to + dt.timedelta(days=1)))
    if query.agency:
        q &= agency_q(query.agency)
    return q


def dossier_search(
    *, user: Any, query: DossierQuery, limit: int = 25, offset: int = 0
) -> tuple[int, list[Dossier]]:
    """One page of the dossiers in the user's inspector scope matching `query`, newest receipt
    first: (total, rows). Two queries (count, page) whatever the page size."""
    qs = (
        _inspector_scope(user)
        .filter(_filters(query))
        .select_related("procedure_version__procedure", "receiving_agency")
        .order_by("-received_at", "-id")
    )
    return qs.count(), list(qs[offset : offset + limit])
