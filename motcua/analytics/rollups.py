"""Keep the rollups current from the audit stream, and rebuild them from scratch.

- `consume` reads the audit events after the cursor (dossier and rating streams name a dossier;
  a VNeID sign-in names a user, whose dossiers change their 4.5 flag), recomputes those
  dossiers' facts and applies the difference of their contributions to the four rollup tables.
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

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Max, Min
from django.utils import timezone

from motcua.analytics import facts as facts_mod
from motcua.analytics import rules
from motcua.analytics.models import (
    DossierFact,
    RollupAgencyDay,
    RollupAgencyMonth,
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
    agency_month: dict[Key, list[int]]
    month: dict[Key, list[int]]

    @classmethod
    def empty(cls) -> Sums:
        return cls(*(defaultdict(_zeros) for _ in range(4)))

    def add(self, row: facts_mod.Row, sign: int = 1) -> None:
        for day, measure, n in rules.contributions(row.facts):
            i, v = INDEX[measure], sign * n
            self.day[(row.agency_id, row.procedure_id, day)][i] += v
            self.agency_day[(row.agency_id, day)][i] += v
            self.agency_month[(row.agency_id, day.replace(day=1))][i] += v
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
    ("agency_month", RollupAgencyMonth, ("agency_id", "month")),
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


def _insert_rows(model: type, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert plain rows into an empty table: COPY on PostgreSQL, batched INSERTs elsewhere."""
    table = model._meta.db_table  # type: ignore[attr-defined]
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        with raw.cursor() as cur:
            cols = ", ".join(qn(c) for c in columns)
            with cur.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    sql = (
        f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


_FACT_COLUMNS = (
    "dossier_id", "agency_id", "procedure_id", "channel", "received_day", "outcome",
    "closed_day", "timing", "deadline_day", "closed_after_deadline", "handling_seconds",
    "supplement_days", "fee_bearing", "paid_online", "reused", "personal_store", "vneid",
    "e_result", "digitised", "apology", "rating_day", "satisfied", "rating_points",
    "rules_version",
)  # fmt: skip


def _fact_tuple(row: facts_mod.Row) -> tuple[Any, ...]:
    values = _fact_columns(row)
    values["supplement_days"] = json.dumps(values["supplement_days"])
    return tuple(values[c] for c in _FACT_COLUMNS)


def _derive_coarser(source: str) -> None:
    """Fill the agency × day, agency × month and agency × procedure × month tables from the
    agency × procedure × day rows in `source` (a table name) inside the database: sums of the
    same numbers, so they cannot disagree with it. Rows go in in the order of each table's
    unique index (see `_write_day_rows`)."""
    qn = connection.ops.quote_name
    sums = ", ".join(f"SUM({qn(m)})" for m in rules.MEASURES)
    cols = ", ".join(qn(m) for m in rules.MEASURES)
    month = (
        "CAST(date_trunc('month', day) AS date)"
        if connection.vendor == "postgresql"
        else "date(day, 'start of month')"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(RollupAgencyDay._meta.db_table)} (agency_id, day, {cols}) "  # noqa: S608
            f"SELECT agency_id, day, {sums} FROM {source} GROUP BY agency_id, day "
            f"ORDER BY agency_id, day"
        )
        cursor.execute(
            f"INSERT INTO {qn(RollupMonth._meta.db_table)} "  # noqa: S608
            f"(agency_id, procedure_id, month, {cols}) "
            f"SELECT agency_id, procedure_id, {month}, {sums} FROM {source} "
            f"GROUP BY agency_id, procedure_id, {month} ORDER BY 1, 2, 3"
        )
        cursor.execute(
            f"INSERT INTO {qn(RollupAgencyMonth._meta.db_table)} (agency_id, month, {cols}) "  # noqa: S608
            f"SELECT agency_id, month, {sums} FROM {qn(RollupMonth._meta.db_table)} "
            f"GROUP BY agency_id, month ORDER BY agency_id, month"
        )


_DAY_COLUMNS = ("agency_id", "procedure_id", "day", *rules.MEASURES)
_STAGE = "analytics_rollupday_stage"


def _write_day_rows(rows: Iterable[tuple[Any, ...]], stage: Callable[[str], None]) -> None:
    """Write the agency × procedure × day rows, then the coarser tables from them. A row that
    lands in the unique index's order fills its pages one after the other; in dictionary order
    each lands on a random page (3.4 million rows: 54 s against 15 s). On PostgreSQL the rows
    are copied into a temporary table without indexes and moved in sorted by the database;
    elsewhere Python sorts them."""
    qn = connection.ops.quote_name
    table = qn(RollupDay._meta.db_table)
    if connection.vendor != "postgresql":
        _insert_rows(RollupDay, _DAY_COLUMNS, sorted(rows))
        stage("coarser")
        _derive_coarser(table)
        return
    cols = ", ".join(qn(c) for c in _DAY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_STAGE} AS SELECT {cols} FROM {table} WITH NO DATA"  # noqa: S608
        )
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {_STAGE} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {_STAGE} "  # noqa: S608
            f"ORDER BY agency_id, procedure_id, day"
        )
    stage("coarser")
    _derive_coarser(_STAGE)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {_STAGE}")


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


def _read(spans: list[tuple[int, int]], *, ahead: bool) -> Iterator[list[facts_mod.Row]]:
    """The facts of each span, in order. With `ahead`, a second thread on its own database
    connection reads span k + 1 while the caller writes span k, so the server answers the reads
    while Python turns the previous rows into facts and COPY lines (the rebuild of 5 million
    dossiers waited on one then the other). The thread sees committed rows only, so it is used
    outside a surrounding transaction alone (`rebuild` decides)."""
    if not ahead:
        for span in spans:
            yield facts_mod.rows_for(span=span)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rollups-read") as pool:
        try:
            pending = [pool.submit(facts_mod.rows_for, span=span) for span in spans[:1]]
            for nxt in spans[1:]:
                rows = pending.pop().result()
                pending.append(pool.submit(facts_mod.rows_for, span=nxt))
                yield rows
            if pending:
                yield pending.pop().result()
        finally:
            for future in pending:
                future.cancel()
            # the reader's connection belongs to its thread: close it there
            pool.submit(connections.close_all).result()


def can_read_ahead() -> bool:
    """Whether a second thread would see the rows this one sees: on PostgreSQL (SQLite has one
    writer and in-memory test databases) and outside a transaction (its rows are not committed
    yet). Ask before opening the transaction that wraps `rebuild`."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def rebuild(
    *,
    step: int = 20000,
    progress: Callable[[int, int], None] | None = None,
    read_ahead: bool | None = None,
    stage: Callable[[str], None] = lambda _name: None,
) -> int:
    """Recompute every fact and rollup from the dossiers; returns the number of dossiers.
    `read_ahead` (default `can_read_ahead()`) reads in a second thread."""
    if read_ahead is None:
        read_ahead = can_read_ahead()
    total = Dossier.objects.count()
    done = 0
    with transaction.atomic():
        cursor = _lock_cursor()
        head = AuditEvent.objects.aggregate(m=Max("gseq"))["m"] or 0
        for model in (RollupDay, RollupAgencyDay, RollupAgencyMonth, RollupMonth, DossierFact):
            model.objects.all().delete()
        day: dict[Key, list[int]] = defaultdict(_zeros)
        for rows in _read(list(_spans(step)), ahead=read_ahead):
            for row in rows:
                for d, measure, n in rules.contributions(row.facts):
                    day[(row.agency_id, row.procedure_id, d)][INDEX[measure]] += n
            _insert_rows(DossierFact, _FACT_COLUMNS, (_fact_tuple(r) for r in rows))
            done += len(rows)
            if progress:
                progress(done, total)
        stage("days")
        _write_day_rows(((*k, *v) for k, v in day.items() if any(v)), stage)
        # Events up to the head are included; a later one is consumed again (refresh is
        # idempotent: it recomputes from the current rows).
        cursor.last_gseq = head
        cursor.rebuilt_at = cursor.updated_at = timezone.now()
        cursor.save(update_fields=["last_gseq", "rebuilt_at", "updated_at"])
    return done
