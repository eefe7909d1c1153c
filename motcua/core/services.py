"""Writes to the shared kernel tables. Only calendar overrides so far."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction

from motcua.core import audit, calendar
from motcua.core.errors import Conflict, DomainError
from motcua.core.models import CalendarOverride, OverrideKind

if TYPE_CHECKING:
    from motcua.accounts.models import Agency

CALENDAR_STREAM = "calendar"


def _stream_id(agency: Agency | None) -> str:
    return agency.code if agency is not None else "city"


def _check_date(day: dt.date) -> None:
    first, last = settings.MOTCUA["CALENDAR_YEARS"]
    if not first <= day.year <= last:
        raise DomainError(
            f"Ngày {day:%d/%m/%Y} nằm ngoài phạm vi lịch làm việc ({first}–{last}).",
            code="calendar_out_of_range",
        )


@transaction.atomic
def calendar_override_set(
    *,
    date: dt.date,
    kind: str,
    agency: Agency | None = None,
    note: str = "",
    source: str = "",
    actor: Any = None,
) -> CalendarOverride:
    """Create or replace the override of ``date`` for ``agency`` (None = city-wide).

    ``kind`` is an `OverrideKind` value. Writes one audit event on the "calendar" stream (id
    "city" or the agency code) and drops the process's calendar cache on commit; other
    processes notice within `calendar.STALE_CHECK_SECONDS`. Errors: ``invalid_override_kind``,
    ``calendar_out_of_range``, ``conflict`` (a concurrent writer created the same row)."""
    if kind not in OverrideKind.values:
        raise DomainError(f"Loại điều chỉnh không hợp lệ: {kind!r}", code="invalid_override_kind")
    _check_date(date)
    row = CalendarOverride.objects.select_for_update().filter(date=date, agency=agency).first()
    row = row or CalendarOverride(date=date, agency=agency)
    row.kind, row.note, row.source = kind, note, source
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise Conflict("Ngày này vừa được điều chỉnh bởi người khác.") from exc
    audit.append(
        stream_type=CALENDAR_STREAM,
        stream_id=_stream_id(agency),
        kind="calendar.override_set",
        actor=actor,
        payload={"date": date.isoformat(), "kind": kind, "note": note, "source": source},
    )
    transaction.on_commit(calendar.reset)
    return row


@transaction.atomic
def calendar_override_delete(
    *, date: dt.date, agency: Agency | None = None, actor: Any = None
) -> bool:
    """Remove the override of ``date`` for ``agency`` (None = city-wide). Returns False, and
    writes nothing, when there was none (safe to run twice). Drops the cache on commit."""
    deleted, _ = CalendarOverride.objects.filter(date=date, agency=agency).delete()
    if not deleted:
        return False
    audit.append(
        stream_type=CALENDAR_STREAM,
        stream_id=_stream_id(agency),
        kind="calendar.override_deleted",
        actor=actor,
        payload={"date": date.isoformat()},
    )
    transaction.on_commit(calendar.reset)
    return True
