"""Scorecards (docs/rules.md §23): satisfaction per agency, procedure and official over a
month, quarter or year, each official's work in the period, and the dossiers behind each number.

Contract:
- Scope: the agencies where the viewer holds a scorecard role (`SCORECARD_ROLES`, with
  descendants where the assignment says so: `agencies_in_scope`). Nothing outside it is counted
  or listed; a viewer with no such role gets PermissionDenied; an official outside the scope is
  "not found".
- A period is a local (Asia/Ho_Chi_Minh) calendar month `2026-12`, quarter `2026-Q4` or year
  `2026`: [start, end) in UTC (`periods.py`).
- Ratings: a dossier counts in the period of its first rating (the applicant's), whatever the
  time of a later correction, so a correction never moves a dossier between periods. Its value
  is the newest record written by the applicant, an inspector or an independent survey
  (`COUNTED_SOURCES`): the agency's own correction (self-assessment) never replaces the
  applicant's word, and is counted apart (`self_assessment`). Satisfaction rate = satisfied ÷
  rated, N/A when nothing was rated. Officials' averages are the applicant's scores only.
- An official's work: received = `dossier.received` events they acted in; handled = distinct
  dossiers with a step they completed; on time = their completed steps timed early or on time ÷
  their timed steps; supplement returns = supplement requests they made; apologies = form 04
  they issued; all by the event's time in the period, dossiers of agencies in scope.
- Each number has a `metric` key; `drilldown.dossiers_for` returns the dossiers behind it with
  the same filters, so a drill-down lists exactly what was counted (at most `DRILL_LIMIT`).
- Live queries over indexed columns (ratings by `created_at`, audit events by `kind,
  occurred_at`, steps by `agency, status`), bounded by the period and the scope; the rollups of
  issue 11 will replace them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from motcua.accounts.models import Agency, Role, RoleAssignment, User
from motcua.accounts.selectors import agencies_in_scope
from motcua.core.errors import NotFound, PermissionDenied
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Apology, Dossier, StepInstance, SupplementRequest
from motcua.ratings.models import OfficialRating, Rating, RatingSource
from motcua.ratings.periods import Period, period_parse, rate

__all__ = ["Period", "period_parse", "rate"]  # re-exported: the pages read them from here

COUNTED_SOURCES = (RatingSource.APPLICANT, RatingSource.INSPECTION, RatingSource.SURVEY)

SCORECARD_ROLES = (Role.UNIT_HEAD, Role.AGENCY_ADMIN, Role.CITY_ADMIN, Role.INSPECTOR)
DRILL_LIMIT = 500
METRICS = (
    "rated",
    "satisfied",
    "unsatisfied",
    "received",
    "handled",
    "late_steps",
    "supplements",
    "apologies",
)


def scope_of(user: Any) -> QuerySet[Agency]:
    scope = agencies_in_scope(user, SCORECARD_ROLES)
    if not scope.exists():
        raise PermissionDenied(
            "Trang này dành cho lãnh đạo đơn vị, quản trị cơ quan và cán bộ thanh tra, giám sát.",
        )
    return scope


def _firsts(scope: QuerySet[Agency], period: Period) -> QuerySet[Rating]:
    """The first rating of each dossier rated in the period (the applicant's own record)."""
    return Rating.objects.filter(
        corrects__isnull=True,
        created_at__gte=period.start,
        created_at__lt=period.end,
        dossier__receiving_agency__in=scope,
    )


def _newest_of(sources: tuple[str, ...], dossiers: QuerySet[Rating]) -> QuerySet[Rating]:
    """Per dossier of `dossiers`, its newest record from `sources` (a dossier's records form
    one chain, written in id order)."""
    newer = Rating.objects.filter(
        dossier=OuterRef("dossier"), source__in=sources, pk__gt=OuterRef("pk")
    )
    return Rating.objects.filter(
        dossier_id__in=dossiers.values("dossier_id"), source__in=sources
    ).exclude(Exists(newer))


def effective_ratings(scope: QuerySet[Agency], period: Period) -> QuerySet[Rating]:
    return _newest_of(COUNTED_SOURCES, _firsts(scope, period))


def _sat_rows(qs: QuerySet[Rating], *keys: str) -> list[dict[str, Any]]:
    rows = (
        qs.values(*keys)
        .annotate(
            rated=Count("id"),
            satisfied=Count("id", filter=Q(satisfied=True)),
            avg_total=Avg("total"),
        )
        .order_by(*keys)
    )
    out = []
    for row in rows:
        row["rate"] = rate(row["satisfied"], row["rated"])
        out.append(row)
    return out


def satisfaction_by_agency(scope: QuerySet[Agency], period: Period) -> list[dict[str, Any]]:
    return _sat_rows(
        effective_ratings(scope, period),
        "dossier__receiving_agency_id",
        "dossier__receiving_agency__name",
    )


def satisfaction_by_procedure(scope: QuerySet[Agency], period: Period) -> list[dict[str, Any]]:
    return _sat_rows(
        effective_ratings(scope, period),
        "dossier__procedure_version__procedure__code",
        "dossier__procedure_version__name",
    )


def _totals(qs: QuerySet[Rating]) -> dict[str, Any]:
    agg = qs.aggregate(rated=Count("id"), satisfied=Count("id", filter=Q(satisfied=True)))
    return {**agg, "rate": rate(agg["satisfied"], agg["rated"])}


def satisfaction_total(scope: QuerySet[Agency], period: Period) -> dict[str, Any]:
    """The period's satisfaction, and beside it the agency's self-assessment of the same
    dossiers (its own corrections), never mixed into the rate."""
    total = _totals(effective_ratings(scope, period))
    own = _newest_of((RatingSource.SELF,), _firsts(scope, period))
    total["self_assessment"] = _totals(own)
    return total


@dataclass
class OfficialCard:
    user: User
    received: int = 0
    handled: int = 0
    steps_timed: int = 0
    steps_on_time: int = 0
    supplements: int = 0
    apologies: int = 0
    rated: int = 0
    satisfied: int = 0
    ratings_count: int = 0
    courtesy: Decimal | None = None
    guidance: Decimal | None = None
    timeliness: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.steps_on_time, self.steps_timed)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied, self.rated)

    @property
    def late_steps(self) -> int:
        return self.steps_timed - self.steps_on_time


def received_events(scope: QuerySet[Agency], period: Period) -> QuerySet[AuditEvent]:
    codes = Dossier.objects.filter(receiving_agency__in=scope).values("code")
    return AuditEvent.objects.filter(
        kind="dossier.received",
        occurred_at__gte=period.start,
        occurred_at__lt=period.end,
        stream_type="dossier",
        stream_id__in=codes,
        actor__isnull=False,
    )


def steps_in(scope: QuerySet[Agency], period: Period) -> QuerySet[StepInstance]:
    return StepInstance.objects.filter(
        agency__in=scope,
        completed_by__isnull=False,
        completed_at__gte=period.start,
        completed_at__lt=period.end,
    )


def supplements_in(scope: QuerySet[Agency], period: Period) -> QuerySet[SupplementRequest]:
    return SupplementRequest.objects.filter(
        agency__in=scope, requested_at__gte=period.start, requested_at__lt=period.end
    )


def apologies_in(scope: QuerySet[Agency], period: Period) -> QuerySet[Apology]:
    return Apology.objects.filter(
        dossier__receiving_agency__in=scope,
        issued_at__gte=period.start,
        issued_at__lt=period.end,
    )


def _two(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def official_cards(
    scope: QuerySet[Agency], period: Period, *, only: int | None = None
) -> list[OfficialCard]:
    """One card per official with work or ratings in the period and scope (or only `only`)."""
    cards: dict[int, OfficialCard] = {}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def narrow(qs: QuerySet[Any], column: str) -> QuerySet[Any]:
        return qs.filter(**{column: only}) if only is not None else qs

    for row in (
        narrow(received_events(scope, period), "actor_id")
        .values("actor_id")
        .annotate(n=Count("id"))
    ):
        counts[row["actor_id"]]["received"] = row["n"]
    steps = narrow(steps_in(scope, period), "completed_by_id")
    for row in steps.values("completed_by_id").annotate(
        handled=Count("dossier_id", distinct=True),
        timed=Count("id", filter=~Q(timing="")),
        on_time=Count("id", filter=Q(timing__in=["early", "on_time"])),
    ):
        c = counts[row["completed_by_id"]]
        c["handled"], c["steps_timed"], c["steps_on_time"] = (
            row["handled"],
            row["timed"],
            row["on_time"],
        )
    sup = narrow(supplements_in(scope, period), "requested_by_id")
    for row in sup.values("requested_by_id").annotate(n=Count("id")):
        counts[row["requested_by_id"]]["supplements"] = row["n"]
    for row in (
        narrow(apologies_in(scope, period), "issued_by_id")
        .values("issued_by_id")
        .annotate(n=Count("id"))
    ):
        counts[row["issued_by_id"]]["apologies"] = row["n"]
    _served_satisfaction(scope, period, counts, only)
    averages = _official_averages(scope, period, only)
    users = User.objects.in_bulk([*counts, *averages])
    for uid in sorted(set(counts) | set(averages), key=lambda u: str(users.get(u, ""))):
        if uid not in users:
            continue
        card = OfficialCard(users[uid])
        for name, value in counts.get(uid, {}).items():
            setattr(card, name, value)
        avg = averages.get(uid)
        if avg:
            card.ratings_count = avg["n"]
            card.courtesy = _two(avg["courtesy"])
            card.guidance = _two(avg["guidance"])
            card.timeliness = _two(avg["timeliness"])
        cards[uid] = card
    return list(cards.values())


def _served_satisfaction(
    scope: QuerySet[Agency],
    period: Period,
    counts: dict[int, dict[str, int]],
    only: int | None,
) -> None:
    """Rated / satisfied dossiers each official received or handled (each dossier once per
    official). Reads the period's effective ratings once, then who served those dossiers."""
    ratings = dict(effective_ratings(scope, period).values_list("dossier_id", "satisfied"))
    if not ratings:
        return
    served: dict[int, set[int]] = defaultdict(set)
    steps = StepInstance.objects.filter(dossier_id__in=list(ratings), completed_by__isnull=False)
    if only is not None:
        steps = steps.filter(completed_by_id=only)
    for dossier_id, uid in steps.values_list("dossier_id", "completed_by_id"):
        served[uid].add(dossier_id)
    by_code = dict(Dossier.objects.filter(pk__in=list(ratings)).values_list("code", "pk"))
    events = AuditEvent.objects.filter(
        stream_type="dossier", stream_id__in=list(by_code), kind="dossier.received"
    ).exclude(actor__isnull=True)
    if only is not None:
        events = events.filter(actor_id=only)
    for code, uid in events.values_list("stream_id", "actor_id"):
        served[uid].add(by_code[code])
    for uid, dossiers in served.items():
        counts[uid]["rated"] = len(dossiers)
        counts[uid]["satisfied"] = sum(1 for d in dossiers if ratings[d])


def _official_averages(
    scope: QuerySet[Agency], period: Period, only: int | None
) -> dict[int, dict[str, Any]]:
    qs = OfficialRating.objects.filter(rating__in=_firsts(scope, period))
    if only is not None:
        qs = qs.filter(official_id=only)
    rows = qs.values("official_id").annotate(
        n=Count("id"),
        courtesy=Avg("courtesy"),
        guidance=Avg("guidance"),
        timeliness=Avg("timeliness"),
    )
    return {row["official_id"]: dict(row) for row in rows}


def official_in_scope(scope: QuerySet[Agency], official_id: int) -> User:
    """The official when they hold a role at an agency in scope; else not found."""
    user = User.objects.filter(
        pk=official_id,
        pk__in=RoleAssignment.objects.filter(agency__in=scope).values("user_id"),
    ).first()
    if user is None:
        raise NotFound("Không tìm thấy cán bộ.")
    return user
