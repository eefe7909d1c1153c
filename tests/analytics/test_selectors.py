"""The rollup selectors read whole months from the month rollups and the ragged edges from the
day ones; whatever the period, the figures equal plain sums over the day rollup."""

from __future__ import annotations

from datetime import date
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.accounts.models import Agency
from motcua.analytics import rollups, selectors
from motcua.analytics.generate import figures
from motcua.analytics.models import DossierFact, RollupAgencyDay, RollupDay
from motcua.analytics.rules import MEASURES
from tests.analytics.test_rollups import snapshot

PERIODS = (
    (date(2026, 1, 1), date(2027, 1, 1)),  # whole months only
    (date(2026, 3, 5), date(2026, 3, 20)),  # inside one month
    (date(2026, 3, 5), date(2026, 4, 1)),  # to a month's end
    (date(2026, 2, 1), date(2026, 2, 17)),  # from a month's start
    (date(2026, 2, 10), date(2026, 7, 9)),  # ragged at both ends
)


@pytest.fixture
def city(db: None) -> Agency:
    call_command("generate_city", dossiers=1500, year=2026, seed=3, stdout=StringIO())
    call_command("rollups_rebuild", stdout=StringIO())
    return Agency.objects.get(code=f"{figures.AGENCY_PREFIX}00.00{figures.AGENCY_SUFFIX}")


def plain(agency: Agency, start: date | None, end: date, pid: int | None = None) -> dict[str, int]:
    """The sums of the day rollup over [start, end), one row at a time."""
    qs: Any = RollupAgencyDay.objects if pid is None else RollupDay.objects.filter(procedure_id=pid)
    qs = qs.filter(agency__path__startswith=agency.path, day__lt=end)
    if start is not None:
        qs = qs.filter(day__gte=start)
    out = dict.fromkeys(MEASURES, 0)
    for row in qs.values(*MEASURES):
        for m in MEASURES:
            out[m] += row[m]
    return out


def stock(sums: dict[str, int]) -> tuple[int, int]:
    opened = sum(sums[m] for m in selectors.RECEIVED) - sum(sums[m] for m in selectors.CLOSED)
    return opened, sums["deadline_passed"] - sums["closed_after_deadline"]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_totals_and_children_equal_the_day_sums(city: Agency, start: date, end: date) -> None:
    # given: the busiest procedure of the year
    pid = (
        RollupDay.objects.values_list("procedure_id", flat=True)
        .order_by("-received_online")
        .first()
    )
    for agency, procedure in ((city, None), (city, pid)):
        # when
        t = selectors.totals(agency, start, end, procedure_id=procedure)
        # then
        assert t.sums == plain(agency, start, end, procedure)
        assert t.received > 0
        assert t.open_at_start == stock(plain(agency, None, start, procedure))[0]
        assert (t.open_at_end, t.overdue_at_end) == stock(plain(agency, None, end, procedure))
    rows = selectors.by_child(city, start, end)
    assert len(rows) == Agency.objects.filter(parent=city).count()
    for child, t in rows:
        assert t.sums == plain(child, start, end)
        assert (t.open_at_end, t.overdue_at_end) == stock(plain(child, None, end))


@pytest.mark.parametrize("size", ["week", "month"])
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_series_buckets_equal_the_day_sums(city: Agency, start: date, end: date, size: str) -> None:
    # when
    buckets = selectors.series(city, start, end, size=size)
    # then: contiguous buckets covering the period, each the plain sum of its days
    assert buckets[0].start <= start
    assert buckets[-1].end == end
    assert all(a.end == b.start for a, b in pairwise(buckets))
    for b in buckets:
        assert b.sums == plain(city, b.start, b.end)
        assert (b.open_at_end, b.overdue_at_end) == stock(plain(city, None, b.end))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the reading thread runs on PostgreSQL only"
)
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_reading_ahead_in_a_thread_gives_the_same_rollups() -> None:
    # given: a committed city (the reading thread sees committed rows only)
    call_command("generate_city", dossiers=1500, year=2026, seed=4, stdout=StringIO())
    # when: many small spans, read ahead by the thread, then read in line
    ahead = rollups.rebuild(step=97, read_ahead=True)
    threaded = snapshot()
    inline = rollups.rebuild(step=97, read_ahead=False)
    # then
    assert ahead == inline == 1500
    assert threaded["day"]
    assert len(threaded["facts"]) == DossierFact.objects.count() == 1500
    assert snapshot() == threaded
