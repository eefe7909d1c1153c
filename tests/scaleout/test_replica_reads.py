"""Read-replica routing (motcua/core/dbrouter.py). The replica alias mirrors the test database
through a connection of its own, so each test commits its rows (transaction=True) and counts
the statements each connection really ran."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.core.dbrouter import ReplicaRouter, current_replica, replica_reads
from motcua.core.models import Throttle
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.reception import dossier_receive
from motcua.dossiers.services.submission import dossier_submit
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World, applicant

pytestmark = [
    pytest.mark.replica,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@contextmanager
def statements() -> Iterator[dict[str, list[str]]]:
    """The SQL each alias ran inside the block, lower-cased."""
    seen: dict[str, list[str]] = {}
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        yield seen
    seen["default"] = [q["sql"].lower() for q in primary.captured_queries]
    seen["replica"] = [q["sql"].lower() for q in replica.captured_queries]


def touching(sql: list[str], table: str) -> list[str]:
    return [s for s in sql if f'"{table}"' in s]


@pytest.fixture
def code(world: World) -> str:
    dossier, _ = dossier_submit(
        actor=world.u("citizen"),
        procedure_code=world.simple,
        agency_code=world.ward.code,
        applicant=applicant(),
        form_data={"purpose": "Đi học"},
    )
    return dossier.code


def test_public_tracking_reads_the_dossier_on_the_replica(code: str) -> None:
    # when anyone tracks the dossier, on the page and through the API
    with statements() as seen:
        page = Client().get(reverse("portal:track_detail", args=[code]))
        api = Client().get(f"/api/v1/track/{code}")
    # then both answer, and the dossier was read on the replica only
    assert page.status_code == 200
    assert api.status_code == 200, api.content
    assert api.json()["code"] == code
    assert len(touching(seen["replica"], "dossiers_dossier")) == 2
    assert touching(seen["default"], "dossiers_dossier") == []


def test_a_wrong_secret_is_counted_on_default(code: str) -> None:
    # when a wrong PIN is tried on the tracking API
    with statements() as seen:
        response = Client().get(f"/api/v1/track/{code}", {"pin": "000000"})
    # then the dossier came from the replica, and the failure counters were locked, read and
    # written on default (a lagging copy must never decide a lockout)
    assert response.status_code == 403
    assert touching(seen["replica"], "dossiers_dossier")
    assert touching(seen["replica"], "core_throttle") == []
    assert any(s.startswith("update") for s in touching(seen["default"], "core_throttle"))
    assert Throttle.objects.count() == 2  # the client's and the dossier's


def test_a_service_inside_the_block_reads_and_writes_on_default(
    world: World, code: str, is_postgres: bool
) -> None:
    # when a service runs inside a replica block (a page that acts, say)
    with statements() as seen, replica_reads() as alias:
        assert alias == "replica"
        dossier_receive(actor=world.u("reception"), code=code)
    # then the replica ran nothing: the service's transaction reads its own writes and its
    # locks on default
    assert seen["replica"] == []
    dossier_sql = touching(seen["default"], "dossiers_dossier")
    assert any(s.startswith("update") for s in dossier_sql)
    if is_postgres:
        assert any(re.search(r" for (no key )?update", s) for s in dossier_sql)  # the lock
    assert Dossier.objects.get(code=code).status == "received"


def test_the_role_home_counts_on_the_replica(world: World, code: str) -> None:
    # when the receiving official opens the workspace home
    client = sign_in(Client(), world.u("reception"))
    with statements() as seen:
        response = client.get(reverse("workspace:home"))
    # then the counts came from the replica; who the user is and what roles they hold, from
    # default (a revoked role takes effect at once)
    assert response.status_code == 200
    assert touching(seen["replica"], "dossiers_dossier")
    assert touching(seen["default"], "dossiers_dossier") == []
    assert touching(seen["replica"], "accounts_user") == []
    assert touching(seen["default"], "django_session")


def test_outside_the_block_everything_reads_default(code: str) -> None:
    router = ReplicaRouter()
    assert current_replica() is None
    assert router.db_for_read(Dossier) == "default"
    with replica_reads():
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_read(Throttle) == "default"  # not stale-tolerant
        assert router.db_for_write(Dossier) == "default"
        with replica_reads() as inner:  # a nested block keeps the outer replica
            assert inner == "replica"
    assert router.db_for_read(Dossier) == "default"
    assert router.allow_migrate("replica", "dossiers") is False
    assert router.allow_migrate("default", "dossiers") is True


def test_without_a_replica_the_block_changes_nothing(
    code: str, settings: pytest.FixtureRequest
) -> None:
    settings.MOTCUA_READ_REPLICAS = []
    with replica_reads() as alias, statements() as seen:
        assert alias is None
        assert Dossier.objects.filter(code=code).exists()
    assert seen["replica"] == []
    assert touching(seen["default"], "dossiers_dossier")


def test_a_compiled_lookup_follows_the_router_on_every_call(code: str) -> None:
    """The tracking row's SQL is compiled once per alias, never pinned to the first one used."""
    from motcua.core.compiled import CompiledLookup

    lookup = CompiledLookup(Dossier, key="code", fields=("code", "status"))
    for inside_replica in (True, False, True):
        with statements() as seen:
            if inside_replica:
                with replica_reads():
                    row = lookup.get(code)
            else:
                row = lookup.get(code)
        assert row is not None
        assert row.code == code
        assert row._state.db == ("replica" if inside_replica else "default")
        on = "replica" if inside_replica else "default"
        off = "default" if inside_replica else "replica"
        assert len(touching(seen[on], "dossiers_dossier")) == 1
        assert touching(seen[off], "dossiers_dossier") == []
