"""Keep the Decision 766 index of closed periods with the formula version that scored them
(docs/rules.md §30): the portal changes its formulas, and a published result must not change
with them. `snapshot_store` computes an agency's index for a period that has ended and stores
its counts, its scores and the version; `snapshot_results` scores the stored counts again with
the stored version (formulas are kept by version in `index766.FORMULAS`), which reproduces the
stored scores exactly. A period still running has no snapshot: its page is computed live."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.analytics import index766, index_counts, periods
from motcua.analytics.models import IndexSnapshot
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.national_portal.rules import Period


def _text(value: int | Fraction | None) -> Any:
    if value is None or isinstance(value, int):
        return value
    return f"{value.numerator}/{value.denominator}"


def _value(text: Any) -> int | Fraction:
    return Fraction(text) if isinstance(text, str) else int(text)


def snapshot_store(agency: Agency, period: Period, *, today: date) -> IndexSnapshot:
    """The stored index of a closed period (made now if it has none; an existing one is kept)."""
    if period.end > today:  # the period is [start, end)
        raise DomainError("Kỳ chưa kết thúc: chưa thể chốt chỉ số.", code="period_open")
    with transaction.atomic():
        found = IndexSnapshot.objects.filter(agency=agency, period=period.label).first()
        if found:
            return found
        counts = index_counts.counts(agency, period, today=today)
        results = index766.compute(counts)
        return IndexSnapshot.objects.create(
            agency=agency,
            period=period.label,
            version=index766.CURRENT_VERSION,
            counts={k: _text(v) for k, v in counts.items() if isinstance(v, int | Fraction)},
            scores={r.id: _text(r.score) for r in results},
            total=_text(index766.total(results)),
            computed_at=timezone.now(),
        )


def snapshot_results(snapshot: IndexSnapshot) -> list[index766.Result]:
    counts = {k: _value(v) for k, v in snapshot.counts.items() if v is not None}
    return index766.compute(counts, version=snapshot.version)


def found(agency: Agency, period: Period) -> IndexSnapshot | None:
    return IndexSnapshot.objects.filter(agency=agency, period=period.label).first()


def periods_ended_on(day: date) -> list[Period]:
    """The month, quarter, six months and year that end the day before `day` (a 1st)."""
    if day.day != 1:
        return []
    last = date(day.year - 1, 12, 1) if day.month == 1 else date(day.year, day.month - 1, 1)
    out = [periods.parse(f"{last:%Y-%m}")]
    if last.month % 3 == 0:
        out.append(periods.parse(f"{last.year}-Q{last.month // 3}"))
    if last.month in (6, 12):
        out.append(periods.parse(f"{last.year}-H{last.month // 6}"))
    if last.month == 12:
        out.append(periods.parse(str(last.year)))
    return out


def close_periods(today: date) -> int:
    """Snapshot every agency's index for the periods that ended this month (run daily; a period
    already kept is left as it is). Returns the snapshots made; one audit event per run that
    made any, in the same transaction."""
    first = today.replace(day=1)
    made = 0
    labels = []
    with transaction.atomic():  # the snapshots and their audit event, together or not at all
        for period in periods_ended_on(first):
            kept = IndexSnapshot.objects.filter(period=period.label).values_list(
                "agency_id", flat=True
            )
            for agency in Agency.objects.exclude(pk__in=set(kept)).order_by("path"):
                snapshot_store(agency, period, today=today)
                made += 1
            labels.append(period.label)
        if made:
            audit.append(
                stream_type="analytics",
                stream_id="index766",
                kind="analytics.index_closed",
                actor=None,
                payload={
                    "periods": labels,
                    "snapshots": made,
                    "version": index766.CURRENT_VERSION,
                },
            )
    return made
