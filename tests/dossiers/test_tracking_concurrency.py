"""Tracking guesses in parallel on PostgreSQL: real threads with their own connections. Before
the counters were taken under a row lock, 20 parallel wrong guesses got 9–12 tries instead of 5."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from motcua.core.errors import PermissionDenied, RateLimited
from motcua.dossiers.selectors.tracking import MAX_FAILURES, TrackView, track_public
from motcua.dossiers.services.submission import dossier_submit
from tests.dossiers.conftest import CITIZEN_CCCD, World, applicant
from tests.dossiers.test_concurrency import race

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="needs PostgreSQL row locks"),
]
GUESSES = 20


@pytest.fixture
def code(world: World) -> str:
    dossier, _ = dossier_submit(
        actor=world.u("citizen"),
        procedure_code=world.simple,
        agency_code=world.ward.code,
        applicant=applicant(),
        form_data={"purpose": "x"},
    )
    return dossier.code


def guess(code: str, client: str, digits: str) -> Callable[[], Any]:
    return lambda: track_public(code=code, client=client, id_last4=digits)


def outcomes(results: list[Any]) -> Counter[str]:
    kinds = {PermissionDenied: "tried", RateLimited: "blocked", TrackView: "shown"}
    return Counter(kinds.get(type(r), repr(r)) for r in results)


def test_parallel_guesses_from_one_client_get_exactly_five_tries(code: str) -> None:
    assert connection.vendor == "postgresql"
    results = race([guess(code, "203.0.113.7", "0000") for _ in range(GUESSES)])
    assert outcomes(results) == {"tried": MAX_FAILURES, "blocked": GUESSES - MAX_FAILURES}


def test_parallel_guesses_from_many_clients_get_exactly_five_tries_on_a_dossier(
    code: str,
) -> None:
    results = race([guess(code, f"203.0.113.{i}", "0000") for i in range(GUESSES)])
    assert outcomes(results) == {"tried": MAX_FAILURES, "blocked": GUESSES - MAX_FAILURES}


def test_the_right_digits_from_elsewhere_pass_during_a_parallel_attack(code: str) -> None:
    workers = [guess(code, "203.0.113.7", "0000") for _ in range(GUESSES)]
    workers += [guess(code, "198.51.100.1", CITIZEN_CCCD[-4:]) for _ in range(3)]
    results = race(workers)
    assert outcomes(results) == {
        "tried": MAX_FAILURES,
        "blocked": GUESSES - MAX_FAILURES,
        "shown": 3,
    }
