"""A throw-away PostgreSQL database for one benchmark process.

`temporary_database("dossier")` creates `motcua_bench_<name>_<pid>` on the server named by
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/), points DATABASE_URL at it,
sets up Django (DEBUG=1, a throw-away SECRET_KEY, MOTCUA_TASK_BACKEND=dummy unless already set),
migrates it, yields its psycopg connection string, and drops it at the end, even on error.
Django must not have been set up earlier in the process: settings read the environment once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _admin(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_with_db(server, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def temporary_database(name: str, *, task_backend: str = "dummy") -> Iterator[str]:
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER)
    db = f"motcua_bench_{name}_{os.getpid()}"
    url = _with_db(server, db)
    _admin(server, f'CREATE DATABASE "{db}"')
    try:
        os.environ["DATABASE_URL"] = url
        os.environ["DEBUG"] = "1"
        os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
        os.environ["MOTCUA_TASK_BACKEND"] = task_backend
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        yield url
    finally:
        try:
            from django.db import connections

            connections.close_all()
        finally:
            _admin(server, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
