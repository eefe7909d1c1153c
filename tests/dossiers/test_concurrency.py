"""Real concurrency on PostgreSQL: threads with their own connections race on one dossier."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from motcua.core.errors import Conflict, DomainError
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import processing, reception
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import World, applicant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL row locks"),
]


def race(workers: list[Callable[[], Any]]) -> list[Any]:
    """Start every worker at the same moment; return each result or exception."""
    barrier = threading.Barrier(len(workers))
    results: list[Any] = [None] * len(workers)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = workers[i]()
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_officials_completing_the_same_step_exactly_one_wins(world: World) -> None:
    assert connection.vendor == "postgresql"
    w = world
    d, _ = dossier_submit(
        actor=w.u("citizen"),
        procedure_code=w.simple,
        agency_code=w.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
    )
    reception.dossier_receive(actor=w.u("reception"), code=d.code)
    step_id = d.steps.get().pk

    def complete(user: str) -> Callable[[], Any]:
        return lambda: processing.step_complete(
            actor=w.u(user), code=d.code, step_id=step_id, outcome="approve"
        )

    results = race([complete("specialist"), complete("specialist2")])
    wins = [r for r in results if isinstance(r, Dossier)]
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(wins) == 1, results
    assert len(conflicts) == 1, results
    assert d.steps.filter(step__key="sign", status="active").count() == 1


def test_concurrent_submissions_with_repeated_keys_no_duplicate_and_no_gap(world: World) -> None:
    w = world
    keys = [f"key-{i % 4}" for i in range(12)]  # 12 requests, 4 distinct keys

    def submit(key: str) -> Callable[[], Any]:
        return lambda: (
            dossier_submit(
                actor=w.u("citizen"),
                procedure_code=w.simple,
                agency_code=w.ward.code,
                applicant=applicant(),
                form_data={"purpose": "x"},
                idempotency_key=key,
            )[0].code
        )

    results = race([submit(k) for k in keys])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Dossier.objects.count() == 4
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert [c[-4:] for c in codes] == ["0001", "0002", "0003", "0004"]
    by_key = dict(zip(keys, results, strict=True))
    assert all(results[i] == by_key[k] for i, k in enumerate(keys))


def test_concurrent_counter_and_online_submissions_share_one_gap_free_sequence(
    world: World,
) -> None:
    w = world
    from motcua.dossiers.services.submission import dossier_intake_counter

    def online() -> Any:
        return dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        )[0].code

    def counter() -> Any:
        return dossier_intake_counter(
            actor=w.u("reception"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(),
            form_data={"purpose": "x"},
        ).code

    def bad() -> Any:  # fails validation: must not consume a number
        return dossier_submit(
            actor=w.u("citizen"),
            procedure_code=w.simple,
            agency_code=w.ward.code,
            applicant=applicant(id_number="1"),
            form_data={"purpose": "x"},
        )

    results = race([online, counter, bad, online, counter, bad, online, counter])
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 2
    assert all(isinstance(e, DomainError | Exception) for e in errors)
    codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert [int(c[-4:]) for c in codes] == list(range(1, 7))
