"""Keep the rollups current from the audit stream, and rebuild them from scratch.

- `consume` reads the audit events after the cursor (dossier and rating streams name a dossier;
  a VNeID sign-in names a user, whose dossiers change their 4.5 flag), recomputes those
  dossiers' facts and applies the difference of their contributions to the three rollup tables.
  The cursor row is locked for the whole batch, so one consumer runs at a time, and moves in the
  same transaction as the rollups: a batch is applied once or not at all. The audit chain's head
  lock makes events commit in `gseq` order, so nothing appears behind the cursor later.
- `rebuild` computes every dossier's facts and sums their contributions: the same functions,
  so the numbers are identical to the incremental ones (tests/analytics/test_rollups.py checks
  it after random transitions). It runs in one transaction: readers see the old rollups until
  it commits.
Nothing here scans the dossier table except `rebuild`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from motcua.analytics import facts as facts_mod
from motcua.analytics import rules
from motcua.analytics.models import (
    DossierFact,
    RollupAgencyDay,
    RollupCursor,
    RollupDay,
    RollupMonth,
)
from motcua.core.models import AuditEvent
from motcua.dossiers.models import Dossier

DOSSIER_STREAMS = ("dossier", "rating")
USER_LINK_KINDS = ("account.oidc_created", "account.oidc_linked")
N = len(rules.MEASURES)
INDEX = {name: i for i, name in enumerate(rules.MEASURES)}

Key = tuple[Any, ...]


@dataclass
class Sums:
    """Measure vectors per key of each rollup table."""

    day: dict[Key, list[int]]
    agency_day: dict[Key, list[int]]
    month: dict[Key, list[int]]

    @classmethod
    def empty(cls) -> Sums:
        return cls(defaultdict(_zeros), defaultdict(_zeros), defaultdict(_zeros))

    def add(self, row: facts_mod.Row, sign: int = 1) -> None:
        for day, measure, n in rules.contributions(row.facts):
            i, v = INDEX[measure], sign * n
            self.day[(row.agency_id, row.procedure_id, day)][i] += v
            self.agency_day[(row.agency_id, day)][i] += v
            self.month[(row.agency_id, row.procedure_id, day.replace(day=1))][i] += v


def _zeros() -> list[int]:
    return [0] * N


# ---- stored facts ------------------------------------------------------------------------


def _fact_columns(row: facts_mod.Row) -> dict[str, Any]:
    f = row.facts
    return {
        "dossier_id": row.dossier_id,
        "agency_id": row.agency_id,
        "procedure_id": row.procedure_id,
        "channel": f.channel,
        "received_day": f.received_day,
        "outcome": f.outcome,
        "closed_day": f.closed_day,
        "timing": f.timing,
        "deadline_day": f.deadline_day,
        "closed_after_deadline": f.closed_after_deadline,
        "handling_seconds": f.handling_seconds,
        "supplement_days": [d.isoformat() for d in f.supplement_days],
        "fee_bearing": f.fee_bearing,
        "paid_online": f.paid_online,
        "reused": f.reused,
        "personal_store": f.personal_store,
        "vneid": f.vneid,
        "e_result": f.e_result,
        "digitised": f.digitised,
        "apology": f.apology,
        "rating_day": f.rating_day,
        "satisfied": f.satisfied,
        "rating_points": f.rating_points,
        "rules_version": rules.RULES_VERSION,
    }


def _stored(fact: DossierFact) -> facts_mod.Row:
    return facts_mod.Row(
        fact.dossier_id,
        fact.agency_id,
        fact.procedure_id,
        rules.Facts(
            received_day=fact.received_day,
            channel=fact.channel,
            outcome=fact.outcome,
            closed_day=fact.closed_day,
            timing=fact.timing,
            deadline_day=fact.deadline_day,
            closed_after_deadline=fact.closed_after_deadline,
            handling_seconds=fact.handling_seconds,
            supplement_days=tuple(date.fromisoformat(d) for d in fact.supplement_days),
            fee_bearing=fact.fee_bearing,
            paid_online=fact.paid_online,
            reused=fact.reused,
            personal_store=fact.personal_store,
            vneid=fact.vneid,
            e_result=fact.e_result,
            digitised=fact.digitised,
            apology=fact.apology,
            rating_day=fact.rating_day,
            satisfied=fact.satisfied,
            rating_points=fact.rating_points,
        ),
    )


# ---- applying sums -------------------------------------------------------------------------

_TABLES: tuple[tuple[str, type, tuple[str, ...]], ...] = (
    ("day", RollupDay, ("agency_id", "procedure_id", "day")),
    ("agency_day", RollupAgencyDay, ("agency_id", "day")),
    ("month", RollupMonth, ("agency_id", "procedure_id", "month")),
)


def _upsert_sql(model: type, keys: tuple[str, ...]) -> str:
    table = model._meta.db_table  # type: ignore[attr-defined]
    cols = (*keys, *rules.MEASURES)
    qn = connection.ops.quote_name
    sets = ", ".join(f"{qn(m)} = {qn(table)}.{qn(m)} + excluded.{qn(m)}" for m in rules.MEASURES)
    # Only our own table and column names, quoted; the values are parameters.
    return (
        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in cols)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(cols))}) "
        f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {sets}"
    )


def _apply(sums: Sums) -> None:
    """Add the sums to the stored rollups (a key absent so far is inserted)."""
    with connection.cursor() as cursor:
        for attr, model, keys in _TABLES:
            touched = {k: v for k, v in getattr(sums, attr).items() if any(v)}
            if not touched:
                continue
            cursor.executemany(_upsert_sql(model, keys), [(*k, *v) for k, v in touched.items()])
            # A row that fell back to all zeros holds nothing: remove it, as a rebuild would
            # never write it.
            near = {f"{name}__in": {k[i] for k in touched} for i, name in enumerate(keys)}
            model.objects.filter(**near, **dict.fromkeys(rules.MEASURES, 0)).delete()  # type: ignore[attr-defined]


def _write_new(sums: Sums) -> None:
    """Insert the rebuilt rollups into empty tables."""
    for attr, model, keys in _TABLES:
        objs = (
            model(**dict(zip(keys, k, strict=True)), **dict(zip(rules.MEASURES, v, strict=True)))
            for k, v in getattr(sums, attr).items()
            if any(v)
        )
        _bulk(model, objs)


def _bulk(model: type, objs: Iterable[Any], size: int = 5000) -> None:
    batch: list[Any] = []
    for obj in objs:
        batch.append(obj)
        if len(batch) >= size:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]


# ---- the incremental path ------------------------------------------------------------------


def refresh(dossier_ids: Iterable[int]) -> int:
    """Recompute the facts of these dossiers and move the rollups by the difference. Runs in
    the caller's transaction."""
    ids = sorted(set(dossier_ids))
    if not ids:
        return 0
    sums = Sums.empty()
    for fact in DossierFact.objects.filter(dossier_id__in=ids):
        sums.add(_stored(fact), -1)
    new = facts_mod.rows_for(ids=ids)
    for row in new:
        sums.add(row, +1)
    DossierFact.objects.filter(dossier_id__in=ids).delete()
    DossierFact.objects.bulk_create(DossierFact(**_fact_columns(r)) for r in new)
    _apply(sums)
    return len(new)


def _lock_cursor() -> RollupCursor:
    RollupCursor.objects.get_or_create(pk=1)
    return RollupCursor.objects.select_for_update().get(pk=1)


def _subjects(events: list[tuple[int, str, str, str]]) -> set[int]:
    codes = {sid for _, st, sid, _ in events if st in DOSSIER_STREAMS}
    users = {sid for _, st, sid, kind in events if st == "user" and kind in USER_LINK_KINDS}
    ids = set(Dossier.objects.filter(code__in=codes).values_list("id", flat=True))
    if users:
        ids |= set(
            Dossier.objects.filter(applicant_user_id__in=[int(u) for u in users]).values_list(
                "id", flat=True
            )
        )
    return ids


def consume_batch(limit: int = 2000) -> int:
    """One batch of events after the cursor; returns how many events it consumed."""
    with transaction.atomic():
        cursor = _lock_cursor()
        events = list(
            AuditEvent.objects.filter(gseq__gt=cursor.last_gseq)
            .order_by("gseq")
            .values_list("gseq", "stream_type", "stream_id", "kind")[:limit]
        )
        if not events:
            return 0
        refresh(_subjects(events))
        cursor.last_gseq = events[-1][0]
        cursor.updated_at = timezone.now()
        cursor.save(update_fields=["last_gseq", "updated_at"])
        return len(events)


def consume(limit: int = 2000) -> int:
    """Every event after the cursor, batch by batch (each batch its own transaction)."""
    total = 0
    while n := consume_batch(limit):
        total += n
    return total


# ---- the rebuild ---------------------------------------------------------------------------


def _spans(step: int) -> Iterator[tuple[int, int]]:
    bounds = Dossier.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return
    for lo in range(bounds["lo"], bounds["hi"] + 1, step):
        yield lo, lo + step


def rebuild(*, step: int = 20000, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every fact and rollup from the dossiers; returns the number of dossiers."""
    total = Dossier.objects.count()
    done = 0
    with transaction.atomic():
        cursor = _lock_cursor()
        head = AuditEvent.objects.aggregate(m=Max("gseq"))["m"] or 0
        for model in (RollupDay, RollupAgencyDay, RollupMonth, DossierFact):
            model.objects.all().delete()
        sums = Sums.empty()
        for span in _spans(step):
            rows = facts_mod.rows_for(span=span)
            for row in rows:
                sums.add(row)
            _bulk(DossierFact, (DossierFact(**_fact_columns(r)) for r in rows))
            done += len(rows)
            if progress:
                progress(done, total)
        _write_new(sums)
        # Events up to the head are included; a later one is consumed again (refresh is
        # idempotent: it recomputes from the current rows).
        cursor.last_gseq = head
        cursor.rebuilt_at = cursor.updated_at = timezone.now()
        cursor.save(update_fields=["last_gseq", "rebuilt_at", "updated_at"])
    return done
