"""The parts of `make loadtest` that talk to real processes: the load database's data-version
mark (PostgreSQL), the bare app's views, and a gunicorn server started, polled and stopped."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client, override_settings

from bench.loadtest import seed
from bench.loadtest.bare.app import TABLES_SQL
from bench.loadtest.servers import gunicorn

PORT = 18150  # in the loadtest helper's range, away from `make loadtest`'s 18100/18101


def _server_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"


@pytest.mark.django_db
def test_database_prepare_reuses_only_a_marked_database(is_postgres: bool) -> None:
    if not is_postgres:
        pytest.skip("the load database is PostgreSQL")
    server, name = _server_url(), f"motcua_load_test_{os.getpid()}"
    try:
        # a new database is created empty and is not reusable until marked
        assert seed.database_prepare(server, name) is False
        assert seed.database_prepare(server, name) is False
        seed.database_mark(server, name)
        assert seed.database_prepare(server, name) is True
    finally:
        with psycopg.connect(server + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="bench.loadtest.bare.app")
def test_bare_app_views(is_postgres: bool) -> None:
    client = Client(HTTP_HOST="127.0.0.1")

    assert client.get("/one-query?code=NONE").json() == {"error": "not_found"}
    assert client.post("/one-query").status_code == 405
    if is_postgres:  # the 3-statement transaction's tables are written for PostgreSQL
        with connection.cursor() as cur:
            cur.execute(TABLES_SQL)
        assert client.post("/three?row=5").json() == {"n": 1}
        assert client.post("/three?row=5").json() == {"n": 2}
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM bare_event WHERE counter_id = 6")
            assert cur.fetchone() == (2,)


def test_gunicorn_serves_until_the_block_ends(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.loadtest.bare.settings",
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "unused.sqlite3"),
        "SECRET_KEY": "test-only-bare-app",
    }
    log = tmp_path / "bare.log"

    with gunicorn(wsgi="bench.loadtest.bare.wsgi", port=PORT, workers=1, env=env, log=log) as base:
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(base + "/nowhere", timeout=5)
        assert answer.value.code == 404

    with pytest.raises(OSError):  # stopped: nothing listens any more
        urllib.request.urlopen(base + "/nowhere", timeout=2)
    assert "Booting worker" in log.read_text()
