"""The daily job that keeps closed periods' 766 index runs outside any test transaction, as the
scheduler runs it: its snapshots and its audit event commit together."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from motcua.analytics.index_store import close_periods
from motcua.analytics.models import IndexSnapshot
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db(transaction=True)


def test_closing_a_month_outside_a_transaction(world: Any) -> None:
    made = close_periods(date(2026, 12, 3))  # November has ended
    assert made == IndexSnapshot.objects.filter(period="2026-11").count() > 0
    event = AuditEvent.objects.get(kind="analytics.index_closed")
    assert event.payload["periods"] == ["2026-11"]
    assert close_periods(date(2026, 12, 4)) == 0
