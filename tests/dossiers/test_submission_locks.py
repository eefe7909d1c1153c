"""The agency counter's lock on PostgreSQL, with real threads and connections: it is taken last
(a replay or a refused submission never waits for it), and two requests with one key that both
pass the replay read are settled by the unique key constraint without spending a number."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from motcua.dossiers.models import Dossier, DossierCounter
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL row locks"),
]
WAIT = 20.0  # seconds: a bound on a wait for a condition, never a sleep to synchronise
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def _monday_morning() -> Iterator[None]:
    """Mid-morning, far from midnight: every request of a test falls on one day (the clock
    ticks, so the threads' waits with timeouts work)."""
    with time_machine.travel(MONDAY, tick=True):
        yield


def submit(world: World, key: str | None = None, **overrides: Any) -> tuple[Dossier, bool]:
    return dossier_submit(
        actor=world.u("citizen"),
        procedure_code=world.simple,
        agency_code=world.ward.code,
        applicant=applicant(**overrides),
        form_data={"purpose": "x"},
        idempotency_key=key,
    )


class Worker(threading.Thread):
    """Runs `fn` on its own connection; `result` is its return value or its exception."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.fn, self.result = fn, None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except Exception as exc:
            self.result = exc
        finally:
            connections.close_all()


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)  # polling interval of a condition, with the deadline above


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        return int(cursor.fetchone()[0])


@contextmanager
def counter_held(world: World) -> Iterator[None]:
    """Another transaction holds the ward's counter row for today, as a submission in flight
    does between its number and its commit."""
    DossierCounter.objects.get_or_create(agency=world.ward, day=timezone.localdate())
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            DossierCounter.objects.select_for_update().get(agency=world.ward)
            held.set()
            release.wait(WAIT)

    holder = Worker(hold)
    holder.start()
    assert held.wait(WAIT)
    try:
        yield
    finally:
        release.set()
        holder.join(WAIT)


def test_a_replay_and_a_refused_submission_do_not_wait_for_the_counter(world: World) -> None:
    first, _ = submit(world, key="k-held")
    with counter_held(world):
        replay = Worker(lambda: submit(world, key="k-held"))
        refused = Worker(lambda: submit(world, id_number="1"))
        for w in (replay, refused):
            w.start()
            w.join(WAIT)
            assert not w.is_alive(), "waited for the counter lock"
        assert replay.result == (first, False)
        assert isinstance(refused.result, ValidationError)


def test_a_new_submission_queues_on_the_counter_only_for_its_number(world: World) -> None:
    with counter_held(world):
        new = Worker(lambda: submit(world)[0].code)
        new.start()
        wait_until(lambda: lock_waiters() == 1, "the submission to wait on the counter")
    new.join(WAIT)
    assert isinstance(new.result, str), new.result
    assert new.result.endswith("-0001")


def test_one_key_racing_past_the_replay_read_gets_one_dossier_and_no_gap(world: World) -> None:
    # given a first request with key k inside a transaction that has not committed yet
    inserted, commit = threading.Event(), threading.Event()

    def first() -> str:
        with transaction.atomic():
            dossier, created = submit(world, key="k-race")
            assert created
            inserted.set()
            commit.wait(WAIT)
        return dossier.code

    one = Worker(first)
    one.start()
    assert inserted.wait(WAIT)
    # when a second request with k misses it in its replay read and queues on the counter
    two = Worker(lambda: submit(world, key="k-race"))
    two.start()
    wait_until(lambda: lock_waiters() == 1, "the second request to wait on the counter")
    commit.set()
    one.join(WAIT)
    two.join(WAIT)
    # then its insert fails on the key, its number rolls back, and it answers the first dossier
    dossier, created = two.result  # type: ignore[misc]
    assert (dossier.code, created) == (one.result, False)
    assert Dossier.objects.count() == 1
    assert DossierCounter.objects.get().last == 1
    assert submit(world)[0].code.endswith("-0002")
