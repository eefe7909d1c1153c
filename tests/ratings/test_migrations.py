"""The migration to one kiosk code per dossier runs on a database holding several codes of one
dossier (the earlier rule re-issued them): the used code is kept, the others go, and the
one-to-one column is added after (two migrations: PostgreSQL cannot alter a table with pending
deferred-trigger events in the same transaction)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from motcua.ratings.models import KioskCode
from tests.dossiers.conftest import World
from tests.ratings.conftest import returned

pytestmark = pytest.mark.django_db(transaction=True)


def test_several_codes_of_a_dossier_become_the_used_one(world: World) -> None:
    dossier = returned(world)
    at = dossier.returned_at
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate([("ratings", "0001_initial")])
    old = executor.loader.project_state([("ratings", "0001_initial")]).apps
    codes = old.get_model("ratings", "KioskCode")
    for n, used_at in enumerate([None, at + timedelta(minutes=5), None]):
        codes.objects.create(
            dossier_id=dossier.pk,
            code_hash=f"hash-{n}",
            issued_by_id=world.u("reception").pk,
            created_at=at + timedelta(minutes=n),
            expires_at=at + timedelta(hours=72),
            used_at=used_at,
        )
    MigrationExecutor(connection).migrate(latest)
    (kept,) = KioskCode.objects.filter(dossier=dossier)
    assert kept.code_hash == "hash-1"
