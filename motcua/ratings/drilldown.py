"""The dossiers behind each number of the scorecards (docs/rules.md §23): the same filters as the
count, so a drill-down lists exactly what was counted."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from motcua.accounts.models import Agency
from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.core.text import find_control_char
from motcua.dossiers.models import Dossier, StepInstance
from motcua.ratings.periods import Period
from motcua.ratings.scorecards import (
    METRICS,
    apologies_in,
    effective_ratings,
    received_events,
    steps_in,
    supplements_in,
)


def dossiers_for(
    scope: QuerySet[Agency],
    period: Period,
    *,
    metric: str,
    official: int | None = None,
    agency: int | None = None,
    procedure: str | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind one number of the scorecard (same filters as the count)."""
    if metric not in METRICS:
        raise DomainError("Chỉ số không hợp lệ.", code="metric_invalid")
    if procedure and (len(procedure) > 50 or find_control_char(procedure) is not None):
        raise DomainError("Mã thủ tục không hợp lệ.", code="procedure_invalid")  # NUL: PG raises
    ids = _ids(scope, period, metric, official)
    qs = Dossier.objects.filter(pk__in=ids, receiving_agency__in=scope)
    if agency is not None:
        qs = qs.filter(receiving_agency_id=agency)
    if procedure:
        qs = qs.filter(procedure_version__procedure__code=procedure)
    return qs.select_related("procedure_version", "receiving_agency").order_by("code")


def _ids(scope: QuerySet[Agency], period: Period, metric: str, official: int | None) -> Any:
    if metric in ("rated", "satisfied", "unsatisfied"):
        ratings = effective_ratings(scope, period)
        if metric != "rated":
            ratings = ratings.filter(satisfied=metric == "satisfied")
        ids = set(ratings.values_list("dossier_id", flat=True))
        if official is not None:
            served = set(
                StepInstance.objects.filter(
                    dossier_id__in=ids, completed_by_id=official
                ).values_list("dossier_id", flat=True)
            )
            codes = dict(Dossier.objects.filter(pk__in=ids).values_list("code", "pk"))
            served |= {
                codes[c]
                for c in AuditEvent.objects.filter(
                    stream_type="dossier",
                    stream_id__in=list(codes),
                    kind="dossier.received",
                    actor_id=official,
                ).values_list("stream_id", flat=True)
            }
            ids &= served
        return ids
    if metric == "received":
        events = received_events(scope, period)
        if official is not None:
            events = events.filter(actor_id=official)
        return Dossier.objects.filter(code__in=events.values("stream_id")).values("pk")
    if metric in ("handled", "late_steps"):
        steps = steps_in(scope, period)
        if metric == "late_steps":
            steps = steps.filter(timing="late")
        if official is not None:
            steps = steps.filter(completed_by_id=official)
        return steps.values("dossier_id")
    if metric == "supplements":
        rows = supplements_in(scope, period)
        if official is not None:
            rows = rows.filter(requested_by_id=official)
        return rows.values("dossier_id")
    apologies = apologies_in(scope, period)
    if official is not None:
        apologies = apologies.filter(issued_by_id=official)
    return apologies.values("dossier_id")
