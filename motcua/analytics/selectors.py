"""Reads of the rollups: totals over a period, stocks at a day, time series, breakdowns by
agency and procedure. Nothing here reads the dossier table (docs/analytics.md).

An agency's figures include every agency below it (the tree's materialised path). Periods are
half-open ranges of Vietnam days [start, end). Whole months of a period are read from the month
rollups and only its ragged edges from the day ones, so a city-year is a few thousand rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet, Sum

from motcua.accounts.models import Agency
from motcua.analytics.models import RollupAgencyDay, RollupAgencyMonth, RollupDay, RollupMonth
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


def _rollup(agency: Agency, procedure_id: int | None, *, monthly: bool) -> QuerySet[Any]:
    """A rollup of an agency and below, per agency or per agency and one procedure, by month
    (keyed `month`) or by day (keyed `day`)."""
    agencies = subtree(agency)
    if procedure_id is None:
        model: Any = RollupAgencyMonth if monthly else RollupAgencyDay
        return model.objects.filter(agency__in=agencies)
    model = RollupMonth if monthly else RollupDay
    return model.objects.filter(agency__in=agencies, procedure_id=procedure_id)


def _month_of(day: date) -> date:
    return day.replace(day=1)


def _parts(start: date | None, end: date) -> tuple[Q | None, Q | None]:
    """[start, end) (from the beginning when start is None) as a filter on the month rollup
    (its whole months) and one on the day rollup (the days outside them); None for an empty
    part."""
    last = _month_of(end)
    days = Q(day__gte=last, day__lt=end) if last < end else None
    if start is None:
        return Q(month__lt=last), days
    first = start if start.day == 1 else _next(_month_of(start))
    if first >= last:
        return None, Q(day__gte=start, day__lt=end) if start < end else None
    if start < first:
        head = Q(day__gte=start, day__lt=first)
        days = head if days is None else head | days
    months = Q(month__gte=first, month__lt=last)
    return months, days


def _aggregate(
    agency: Agency, procedure_id: int | None, start: date | None, end: date, **kwargs: Any
) -> dict[str, int]:
    """The aggregates over [start, end) summed across the month part and the day part."""
    out = dict.fromkeys(kwargs, 0)
    months, days = _parts(start, end)
    for monthly, where in ((True, months), (False, days)):
        if where is not None:
            row = _rollup(agency, procedure_id, monthly=monthly).filter(where).aggregate(**kwargs)
            for k in kwargs:
                out[k] += row[k] or 0
    return out


def _grouped(
    qs_of: Any, start: date | None, end: date, group: str, **kwargs: Any
) -> list[dict[str, Any]]:
    """Like `_aggregate` but grouped by `group`: the rows of both parts (a key may come twice)."""
    out: list[dict[str, Any]] = []
    months, days = _parts(start, end)
    for monthly, where in ((True, months), (False, days)):
        if where is not None:
            out += _rows(qs_of(monthly).filter(where).values(group).annotate(**kwargs))
    return out


def _stocks(agency: Agency, procedure_id: int | None, before: date) -> tuple[int, int]:
    row = _aggregate(agency, procedure_id, None, before, **_stock_kwargs())
    return row["opened"], row["overdue"]


def totals(agency: Agency, start: date, end: date, *, procedure_id: int | None = None) -> Totals:
    """One agency (and below) over [start, end): a few aggregate queries on the agency rollups
    (or the agency × procedure ones), whatever the number of dossiers."""
    row = _aggregate(agency, procedure_id, start, end, **_sum_kwargs(MEASURES))
    out = Totals(sums=row)
    out.open_at_start, _ = _stocks(agency, procedure_id, start)
    out.open_at_end, out.overdue_at_end = _stocks(agency, procedure_id, end)
    return out


def by_child(agency: Agency, start: date, end: date) -> list[tuple[Agency, Totals]]:
    """The figures of each agency directly below `agency` (each with its own subtree): the city's
    departments and wards, a department's units. Two queries grouped by agency."""
    children = list(Agency.objects.filter(parent=agency).order_by("name"))
    if not children:
        return []
    paths = {c.pk: c.path for c in children}

    def qs_of(monthly: bool) -> QuerySet[Any]:
        model: Any = RollupAgencyMonth if monthly else RollupAgencyDay
        return model.objects.filter(agency__path__startswith=agency.path)

    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for row in _grouped(qs_of, start, end, "agency__path", **_sum_kwargs(MEASURES)):
        for pk in _owners(row["agency__path"], paths):
            for m in MEASURES:
                sums[pk][m] += row[m] or 0
    stocks: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for label, before in (("start", start), ("end", end)):
        for row in _grouped(qs_of, None, before, "agency__path", **_stock_kwargs()):
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


def _next(start: date, size: str = "month") -> date:
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
    end of each: the stock before the first bucket, then one grouped query over the period (by
    month when the buckets are whole months, else by day)."""
    first = _bucket_start(start, size)
    opened, overdue = _stocks(agency, procedure_id, first)
    monthly = size == "month" and end.day == 1
    key = "month" if monthly else "day"
    rows = _rollup(agency, procedure_id, monthly=monthly).filter(
        **{f"{key}__gte": first, f"{key}__lt": end}
    )
    keyed = sorted((row[key], row) for row in rows.values(key).annotate(**_sum_kwargs(MEASURES)))
    out = []
    i = 0
    b = first
    while b < end:
        nxt = min(_next(b, size), end)
        sums = dict.fromkeys(MEASURES, 0)
        while i < len(keyed) and keyed[i][0] < nxt:
            row = keyed[i][1]
            for m in MEASURES:
                sums[m] += row[m] or 0
            i += 1
        opened += sum(sums[m] for m in RECEIVED) - sum(sums[m] for m in CLOSED)
        overdue += sums["deadline_passed"] - sums["closed_after_deadline"]
        out.append(Bucket(b, nxt, sums, opened, overdue))
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
    first = _month_of(start)
    last = end if end.day == 1 else _next(_month_of(end))
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
