"""Gather the inputs of `rules.facts_of` for a batch of dossiers: one query per table, keyed by
dossier id (a list of ids for the incremental path, an id range for the rebuild)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Q

from motcua.analytics import rules
from motcua.dossiers.models import Attachment, Dossier, SupplementRequest
from motcua.dossiers.models.records import AttachmentPurpose
from motcua.ratings.models import Rating
from motcua.ratings.scorecards import COUNTED_SOURCES


@dataclass(frozen=True)
class Row:
    dossier_id: int
    agency_id: int
    procedure_id: int
    facts: rules.Facts


def _where(ids: Iterable[int] | None, span: tuple[int, int] | None, prefix: str = "") -> Q:
    if ids is not None:
        return Q(**{f"{prefix}id__in": list(ids)})
    assert span is not None
    return Q(**{f"{prefix}id__gte": span[0], f"{prefix}id__lt": span[1]})


def _flags(ids: Iterable[int] | None, span: tuple[int, int] | None) -> dict[str, set[int]]:
    """Per flag, the dossiers of the batch that have it."""
    from motcua.docstore.models import ComponentSource
    from motcua.payments.models import Payment, PaymentStatus
    from motcua.signing.models import ResultCode

    where = _where(ids, span, "dossier_")
    sources: dict[str, set[int]] = defaultdict(set)
    for dossier_id, source in _fetch(
        ComponentSource.objects.filter(where).values_list("dossier_id", "source")
    ):
        sources[source].add(dossier_id)
    # paid online, including a payment later refunded (the dossier was paid online)
    paid_statuses = (PaymentStatus.PAID, PaymentStatus.REFUNDED)
    paid = Payment.objects.filter(where, status__in=paid_statuses).values_list("dossier_id")
    results = ResultCode.objects.filter(where).values_list("dossier_id")
    components = Attachment.objects.filter(where, purpose=AttachmentPurpose.COMPONENT)
    return {
        "reused": sources["reused"],
        "personal_store": sources["personal_store"],
        "paid_online": {d for (d,) in _fetch(paid)},
        "e_result": {d for (d,) in _fetch(results)},
        "components": {
            d for (d,) in _fetch(components.order_by().values_list("dossier_id").distinct())
        },
    }


def _supplements(
    ids: Iterable[int] | None, span: tuple[int, int] | None
) -> dict[int, list[rules.Supplement]]:
    out: dict[int, list[rules.Supplement]] = defaultdict(list)
    rows = (
        SupplementRequest.objects.filter(_where(ids, span, "dossier_"))
        .order_by("dossier_id", "requested_at", "id")
        .values_list("dossier_id", "requested_at", "completed_at")
    )
    for dossier_id, requested_at, completed_at in _fetch(rows):
        out[dossier_id].append(rules.Supplement(requested_at, completed_at))
    return out


def _ratings(ids: Iterable[int] | None, span: tuple[int, int] | None) -> dict[int, Any]:
    """Per dossier: the day of its first rating, and the satisfied flag and points of its newest
    record by the applicant, an inspector or a survey (the scorecards' rule, docs/rules.md §23)."""
    first: dict[int, datetime] = {}
    counted: dict[int, tuple[bool, int]] = {}
    rows = (
        Rating.objects.filter(_where(ids, span, "dossier_"))
        .order_by("dossier_id", "id")
        .values_list("dossier_id", "created_at", "source", "satisfied", *_POINTS)
    )
    for dossier_id, created_at, source, satisfied, *points in _fetch(rows):
        first.setdefault(dossier_id, created_at)
        if source in COUNTED_SOURCES:
            counted[dossier_id] = (satisfied, sum(points))
    return {d: (first[d], counted.get(d)) for d in first}


def _fetch(qs: Any) -> list[tuple[Any, ...]]:
    """A values_list() queryset's rows. On PostgreSQL the SQL runs on a psycopg cursor whose
    timestamps are loaded by psycopg's compiled loader: Django's is a Python subclass of it (it
    only swaps UTC for an equal time zone) and took a third of a rebuild's time. The same
    instants either way; the columns read here need no other Django conversion."""
    if connection.vendor != "postgresql":
        return list(qs)
    sql, params = qs.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.adapters.register_loader(_TIMESTAMPTZ, _native_timestamptz())
        cursor.execute(sql, params)
        return cursor.fetchall()


_TIMESTAMPTZ = "timestamptz"


def _native_timestamptz() -> type:
    from psycopg import adapters, postgres
    from psycopg.pq import Format

    return adapters.get_loader(postgres.types[_TIMESTAMPTZ].oid, Format.TEXT)  # type: ignore[return-value]


_POINTS = tuple(f"i{n}" for n in range(1, 10))


def rows_for(*, ids: Iterable[int] | None = None, span: tuple[int, int] | None = None) -> list[Row]:
    """The facts of the dossiers named by `ids`, or of those with `span[0] <= id < span[1]`."""
    if ids is not None:
        ids = list(ids)
    dossiers = (
        Dossier.objects.filter(_where(ids, span))
        .order_by("id")
        .values_list(
            "id",
            "receiving_agency_id",
            "procedure_version__procedure_id",
            "channel",
            "status",
            "received_at",
            "appointment_at",
            "due_at",
            "finished_at",
            "fee_total",
            "apology_count",
            "applicant_user__idp_issuer",
        )
    )
    flags = _flags(ids, span)
    supplements = _supplements(ids, span)
    ratings = _ratings(ids, span)
    out = []
    for (
        dossier_id,
        agency_id,
        procedure_id,
        channel,
        status,
        received_at,
        appointment_at,
        due_at,
        finished_at,
        fee_total,
        apologies,
        issuer,
    ) in _fetch(dossiers):
        first_rating, counted = ratings.get(dossier_id, (None, None))
        inputs = rules.Inputs(
            status=status,
            channel=channel,
            received_at=received_at,
            appointment_at=appointment_at or due_at,
            finished_at=finished_at,
            supplements=tuple(supplements.get(dossier_id, ())),
            apology=apologies > 0,
            fee_bearing=fee_total > 0,
            paid_online=dossier_id in flags["paid_online"],
            reused=dossier_id in flags["reused"],
            personal_store=dossier_id in flags["personal_store"],
            vneid=bool(issuer),
            e_result=dossier_id in flags["e_result"],
            digitised=dossier_id in flags["e_result"] and dossier_id in flags["components"],
            rating_day=rules.local_day(first_rating) if first_rating else None,
            satisfied=counted[0] if counted else None,
            rating_points=counted[1] if counted else 0,
        )
        out.append(Row(dossier_id, agency_id, procedure_id, rules.facts_of(inputs)))
    return out
