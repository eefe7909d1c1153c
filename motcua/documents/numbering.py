"""Yearly number counters of the outgoing and incoming registers (Decree 30/2020/NĐ-CP Art. 15,
Annex IV; docs/documents.md).

Contract:
- `allocate(agency_id=..., year=..., series=...)` runs inside the caller's transaction and
  returns the next number of that register: the counter row is created if missing in its own
  savepoint (two first issues of a year at once: one inserts, the other's insert waits for it,
  fails on the unique constraint and reads the row), then locked with `select_for_update` and
  incremented. The lock is held until the caller commits, so the caller allocates after its
  own checks and a rollback gives the number back: no gap, no duplicate.
- A paper document takes its number from the same counter (`allocate`; one sequence for paper
  and electronic documents, Art. 15).
- The year is the Vietnam calendar year of the issue or receipt time (`local_year`): a
  document issued at 23:59 on 31 December (UTC+7) takes that year's next number.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection, transaction

from motcua.core.calendar import LOCAL_TZ
from motcua.documents.models import NumberCounter


def local_year(moment: datetime) -> int:
    return moment.astimezone(LOCAL_TZ).year


def lock_counter(*, agency_id: int, year: int, series: str) -> NumberCounter:
    """The counter row of the register, created if missing, locked until the caller commits."""
    if not connection.in_atomic_block:
        raise RuntimeError("document numbering must run inside transaction.atomic()")
    with transaction.atomic():  # a savepoint: a lost creation race rolls back only itself
        NumberCounter.objects.get_or_create(agency_id=agency_id, year=year, series=series)
    return NumberCounter.objects.select_for_update().get(
        agency_id=agency_id, year=year, series=series
    )


def allocate(*, agency_id: int, year: int, series: str) -> int:
    """The next number of the register (see the module contract)."""
    counter = lock_counter(agency_id=agency_id, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
