"""Reads of the rollups: totals over a period, stocks at a day, time series, breakdowns by
agency and procedure. Nothing here reads the dossier table (docs/analytics.md).

An agency's figures include every agency below it (the tree's materialised path). Periods are
half-open ranges of Vietnam days [start, end)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet, Sum

from motcua.accounts.models import Agency
from motcua.analytics.models import RollupAgencyDay, RollupDay, RollupMonth
from motcua.analytics.rules import MEASURES

RESOLVED = ("resolved_early", "resolved_on_time", "resolved_late")
CLOSED = (*RESOLVED, "refused", "withdrawn")
RECEIVED = ("received_counter", "received_online", "received_postal")


@dataclass
class Totals:
    """The measures summed over a period, with the stocks at its two ends."""

    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    open_at_start: int = 0  # carried over
    open_at_end: int = 0
    overdue_at_end: int = 0

    def __getitem__(self, name: str) -> int:
        return self.sums[name]

    @property
    def received(self) -> int:
        return sum(self.sums[m] for m in RECEIVED)

    @property
    def resolved(self) -> int:
        return sum(self.sums[m] for m in RESOLVED)

    @property
    def resolved_in_time(self) -> int:
        return self.sums["resolved_early"] + self.sums["resolved_on_time"]

    @property
    def within_time_at_end(self) -> int:
        return self.open_at_end - self.overdue_at_end


def subtree(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path)


def _rows(qs: Any) -> list[dict[str, Any]]:
    """A values() queryset as plain dicts (its keys are the annotations' names)."""
    return list(qs)


def _sum_kwargs(names: Iterable[str]) -> dict[str, Any]:
    return {m: Sum(m) for m in names}


def _stock_kwargs() -> dict[str, Any]:
    received = sum((F(m) for m in RECEIVED[1:]), F(RECEIVED[0]))
    closed = sum((F(m) for m in CLOSED[1:]), F(CLOSED[0]))
    return {
        "opened": Sum(received - closed),
        "overdue": Sum(F("deadline_passed") - F("closed_after_deadline")),
    }


def _stocks(qs: QuerySet[Any], day_field: str, before: date) -> tuple[int, int]:
    row = qs.filter(**{f"{day_field}__lt": before}).aggregate(**_stock_kwargs())
    return row["opened"] or 0, row["overdue"] or 0


def _days(agency: Agency, procedure_id: int | None) -> QuerySet[Any]:
    """The day rollup of an agency and below: per agency, or per agency and one procedure."""
    if procedure_id is None:
        return RollupAgencyDay.objects.filter(agency__in=subtree(agency))
    return RollupDay.objects.filter(agency__in=subtree(agency), procedure_id=procedure_id)


def totals(agency: Agency, start: date, end: date, *, procedure_id: int | None = None) -> Totals:
    """One agency (and below) over [start, end): three aggregate queries on the agency × day
    rollup (or the agency × procedure × day one), whatever the number of dossiers."""
    qs = _days(agency, procedure_id)
    row = qs.filter(day__gte=start, day__lt=end).aggregate(**_sum_kwargs(MEASURES))
    out = Totals(sums={m: row[m] or 0 for m in MEASURES})
    out.open_at_start, _ = _stocks(qs, "day", start)
    out.open_at_end, out.overdue_at_end = _stocks(qs, "day", end)
    return out


def by_child(agency: Agency, start: date, end: date) -> list[tuple[Agency, Totals]]:
    """The figures of each agency directly below `agency` (each with its own subtree): the city's
    departments and wards, a department's units. Two queries grouped by agency."""
    children = list(Agency.objects.filter(parent=agency).order_by("name"))
    if not children:
        return []
    paths = {c.pk: c.path for c in children}
    qs = RollupAgencyDay.objects.filter(agency__path__startswith=agency.path)
    period = qs.filter(day__gte=start, day__lt=end).values("agency__path")
    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    period_rows = _rows(period.annotate(**_sum_kwargs(MEASURES)))
    for row in period_rows:
        for pk in _owners(row["agency__path"], paths):
            for m in MEASURES:
                sums[pk][m] += row[m] or 0
    stocks: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for label, before in (("start", start), ("end", end)):
        rows = _rows(qs.filter(day__lt=before).values("agency__path").annotate(**_stock_kwargs()))
        for row in rows:
            for pk in _owners(row["agency__path"], paths):
                stocks[pk][f"open_{label}"] += row["opened"] or 0
                stocks[pk][f"overdue_{label}"] += row["overdue"] or 0
    return [
        (
            c,
            Totals(
                sums=sums[c.pk],
                open_at_start=stocks[c.pk]["open_start"],
                open_at_end=stocks[c.pk]["open_end"],
                overdue_at_end=stocks[c.pk]["overdue_end"],
            ),
        )
        for c in children
    ]


def _owners(path: str, paths: dict[int, str]) -> list[int]:
    return [pk for pk, p in paths.items() if path.startswith(p)]


@dataclass(frozen=True)
class Bucket:
    start: date
    end: date
    sums: dict[str, int]
    open_at_end: int
    overdue_at_end: int


def _bucket_start(day: date, size: str) -> date:
    if size == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: date, size: str) -> date:
    if size == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def series(
    agency: Agency,
    start: date,
    end: date,
    *,
    size: str = "month",
    procedure_id: int | None = None,
) -> list[Bucket]:
    """Weekly (weeks from Monday) or monthly buckets over [start, end), with the backlog at the
    end of each: one query for the period's days, one for the stock before it."""
    qs = _days(agency, procedure_id)
    first = _bucket_start(start, size)
    opened, overdue = _stocks(qs, "day", first)
    days = (
        qs.filter(day__gte=first, day__lt=end)
        .values("day")
        .annotate(**_sum_kwargs(MEASURES))
        .order_by("day")
    )
    per_day: dict[date, dict[str, Any]] = {row["day"]: row for row in days}
    out = []
    b = first
    while b < end:
        nxt = _next(b, size)
        sums = dict.fromkeys(MEASURES, 0)
        d = b
        while d < nxt and d < end:
            row = per_day.get(d)
            if row:
                for m in MEASURES:
                    sums[m] += row[m] or 0
                opened += sum(row[m] or 0 for m in RECEIVED) - sum(row[m] or 0 for m in CLOSED)
                overdue += (row["deadline_passed"] or 0) - (row["closed_after_deadline"] or 0)
            d += timedelta(days=1)
        out.append(Bucket(b, min(nxt, end), sums, opened, overdue))
        b = nxt
    return out


@dataclass(frozen=True)
class ProcedureRow:
    procedure_id: int
    code: str
    name: str
    sums: dict[str, int]

    @property
    def resolved(self) -> int:
        return sum(self.sums[m] for m in RESOLVED)

    @property
    def received(self) -> int:
        return sum(self.sums[m] for m in RECEIVED)


def month_bounds(start: date, end: date) -> tuple[date, date]:
    """The months covering [start, end) (the month rollup's keys)."""
    first = start.replace(day=1)
    last = end.replace(day=1) if end.day == 1 else _next(end.replace(day=1), "month")
    return first, last


def by_procedure(
    agency: Agency,
    start: date,
    end: date,
    *,
    measures: Iterable[str] = MEASURES,
    procedure_ids: list[int] | None = None,
) -> list[ProcedureRow]:
    """Per procedure over the months covering [start, end), from the month rollup."""
    first, last = month_bounds(start, end)
    names = list(measures)
    qs = RollupMonth.objects.filter(agency__in=subtree(agency), month__gte=first, month__lt=last)
    if procedure_ids is not None:
        qs = qs.filter(procedure_id__in=procedure_ids)
    rows = _rows(
        qs.values("procedure_id", "procedure__code", "procedure__current__name").annotate(
            **_sum_kwargs(names)
        )
    )
    return [
        ProcedureRow(
            r["procedure_id"],
            r["procedure__code"],
            r["procedure__current__name"] or r["procedure__code"],
            {m: r.get(m) or 0 for m in MEASURES},
        )
        for r in rows
    ]


def most_late(agency: Agency, start: date, end: date, *, limit: int = 10) -> list[ProcedureRow]:
    """The procedures with the most dossiers resolved late over the months covering the period:
    only the month rows with a late dossier are read (lateness sits in few procedures)."""
    first, last = month_bounds(start, end)
    rows = _rows(
        RollupMonth.objects.filter(
            agency__in=subtree(agency), month__gte=first, month__lt=last, resolved_late__gt=0
        )
        .values("procedure_id")
        .annotate(late=Sum("resolved_late"))
        .order_by("-late", "procedure_id")[:limit]
    )
    ids = [r["procedure_id"] for r in rows]
    if not ids:
        return []
    full = {
        r.procedure_id: r
        for r in by_procedure(agency, start, end, measures=RESOLVED, procedure_ids=ids)
    }
    return [full[pk] for pk in ids if pk in full]


def procedures_with(agency: Agency, start: date, end: date, measure: str) -> set[int]:
    """The procedures with at least one count of `measure` in the months covering the period."""
    first, last = month_bounds(start, end)
    return set(
        RollupMonth.objects.filter(
            Q(**{f"{measure}__gt": 0}),
            agency__in=subtree(agency),
            month__gte=first,
            month__lt=last,
        )
        .values_list("procedure_id", flat=True)
        .distinct()
    )
