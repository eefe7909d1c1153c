"""The crash test's world: a database the server processes can open, their environment, the
local receiver of outbox messages, and the servers themselves (gunicorn, db_worker, scheduler).

The database: on PostgreSQL the test database pytest-django made (the test runs with
`transaction=True`, so what the servers commit is visible and is flushed afterwards); on SQLite
the in-memory test database is copied into a file (the servers cannot open memory), and the
test reads that file through a connection alias of its own, `crash`."""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, connections
from django.db.utils import load_backend

from motcua.national_portal.fake_receiver import FakePortal
from motcua.testing import processes
from motcua.testing.fake_http import FakeReceiver
from motcua.testing.processes import Process

ALIAS = "crash"
PORTAL_TOKEN = "crash-portal-token"
PORTAL_AGENCY = "000.00.00.H29"


@dataclass
class Servers:
    web: Process
    worker: Process
    scheduler: Process
    base_url: str

    def all(self) -> list[Process]:
        return [self.web, self.worker, self.scheduler]


@dataclass
class Database:
    url: str
    using: str


@pytest.fixture
def crash_db(tmp_path: Path) -> Iterator[Database]:
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        yield Database(f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}", "default")
        return
    path = tmp_path / "crash.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    # A connection made here, not configured in settings: Django's test case lets such a
    # "dynamically created" connection through (it blocks configured aliases a test did not ask
    # for), and it lives in this thread only, where the test reads.
    wrapper = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        {**connection.settings_dict, "NAME": str(path)}, ALIAS
    )
    connections[ALIAS] = wrapper
    yield Database(f"sqlite:///{path}", ALIAS)
    wrapper.close()
    del connections[ALIAS]


@pytest.fixture
def receiver() -> Iterator[FakeReceiver]:
    with FakeReceiver() as fake:
        yield fake


@pytest.fixture
def portal() -> Iterator[FakePortal]:
    """The national portal (DVCQG) the "dvcqg" outbox channel syncs dossiers to."""
    with FakePortal(token=PORTAL_TOKEN, agency_code=PORTAL_AGENCY) as fake:
        yield fake


@pytest.fixture
def crash_env(
    tmp_path: Path, crash_db: Database, receiver: FakeReceiver, portal: FakePortal
) -> dict[str, str]:
    """The environment of every server process (leases short, so a killed worker's task and
    outbox claims come back within seconds instead of minutes)."""
    key = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    return {
        "DJANGO_SETTINGS_MODULE": "tests.crash.settings",
        "DATABASE_URL": crash_db.url,
        "DB_CONN_MAX_AGE": "0",
        "SECRET_KEY": "crash-test-secret-key",
        "DEBUG": "0",
        "MOTCUA_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MOTCUA_TASK_BACKEND": "db",
        "MOTCUA_VAR_DIR": str(tmp_path / "var"),
        "MOTCUA_MEDIA_ROOT": str(tmp_path / "media"),
        "MOTCUA_AUDIT_KEY": key,
        "MOTCUA_AUDIT_CHECKPOINT_FILE": str(tmp_path / "audit-checkpoint.json"),
        "MOTCUA_TASK_LEASE_SECONDS": "8",
        "MOTCUA_OUTBOX_LEASE_SECONDS": "3",
        "MOTCUA_CRASH_RECEIVER_URL": receiver.url,
        "MOTCUA_DVCQG_URL": f"{portal.url}/dongbo",
        "MOTCUA_DVCQG_TOKEN": PORTAL_TOKEN,
        "MOTCUA_DVCQG_AGENCY_CODE": PORTAL_AGENCY,
        "MOTCUA_TEST_CLOCK": "",
    }


@pytest.fixture
def city(crash_env: dict[str, str]) -> dict[str, object]:
    """Tokens, procedure and agency written by `python -m tests.crash.city`."""
    done = processes.run_python(["-m", "tests.crash.city"], env=crash_env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def servers(tmp_path: Path, crash_env: dict[str, str], city: object) -> Iterator[Servers]:
    port = processes.free_port()
    logs = tmp_path / "logs"
    logs.mkdir()
    running = Servers(
        web=processes.gunicorn(port=port, env=crash_env, log=logs / "web.log"),
        worker=processes.db_worker(env=crash_env, log=logs / "worker.log"),
        scheduler=processes.scheduler(env=crash_env, log=logs / "scheduler.log"),
        base_url=f"http://127.0.0.1:{port}",
    )
    try:
        starting = [threading.Thread(target=p.start, daemon=True) for p in running.all()]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join(timeout=120)
        assert all(p.alive for p in running.all()), [p.tail() for p in running.all()]
        yield running
    finally:
        for process in running.all():
            process.stop()
