"""PostgreSQL connections as production keeps them (settings.py DATABASES, core/postgresql):
the session's time zone comes in the startup packet (no `set_config` on any connection), a
persistent connection answers request after request with only the requests' own statements (the
health check sends none, as libpq's protocol trace shows), and a connection the server killed
is replaced before the next request uses it."""

from __future__ import annotations

import select
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest
from django.db import connection, connections
from psycopg.pq import Trace

from motcua.api.lean import LeanWSGIHandler, PathDispatcher
from tests.api.test_lean import call

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL connections"),
]
T = TypeVar("T")
MISSING = "/api/v1/track/000.01.30.H29-260302-9999"  # well-formed: one real query, then 404


def in_thread(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own (its own Django connection, closed at the end)."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # re-raised in the test's thread
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if "error" in out:
        raise out["error"]
    return out["value"]


@pytest.fixture
def persistent(monkeypatch: pytest.MonkeyPatch, db: None) -> PathDispatcher:
    """The production WSGI app with production's persistent connections (tests default to 0)."""
    from django.core.handlers.wsgi import WSGIHandler

    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 60)
    return PathDispatcher(full=WSGIHandler(), lean=LeanWSGIHandler())


def test_the_time_zone_is_set_at_connect_not_by_a_statement(db: None) -> None:
    def check() -> tuple[str, str, bool]:
        wrapper = connections["default"]
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT setting, source FROM pg_settings WHERE name = 'TimeZone'")
            setting, source = cursor.fetchone()
        return setting, source, wrapper.ensure_timezone()

    # 'client': from the startup packet; `set_config` would make it 'session'
    assert in_thread(check) == ("UTC", "client", False)


def test_a_persistent_connection_sends_only_the_requests_statements(
    persistent: PathDispatcher, tmp_path: Path
) -> None:
    trace = tmp_path / "libpq.trace"

    def serve() -> tuple[list[int], set[int]]:
        statuses, pids = [call(persistent, MISSING)[0]], set()
        raw = connections["default"].connection
        pids.add(raw.info.backend_pid)
        with trace.open("w") as out:
            raw.pgconn.trace(out.fileno())
            raw.pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS)
            statuses += [call(persistent, MISSING)[0] for _ in range(3)]
            raw.pgconn.untrace()
        pids.add(connections["default"].connection.info.backend_pid)
        return statuses, pids

    statuses, pids = in_thread(serve)
    assert statuses == [404] * 4
    assert len(pids) == 1  # the same server process answered every request
    sent = [line for line in trace.read_text().splitlines() if line.startswith("F")]
    statements = [line for line in sent if "\tQuery\t" in line or "\tParse\t" in line]
    assert len(statements) == 3, sent  # one per request: no health check, no set_config
    assert all("dossiers_dossier" in line for line in statements)
    assert not [line for line in sent if "set_config" in line or "SELECT 1" in line]


def test_a_connection_the_server_killed_is_replaced_before_the_next_request(
    persistent: PathDispatcher,
) -> None:
    def serve() -> tuple[list[int], int, int]:
        first = call(persistent, MISSING)[0]
        raw = connections["default"].connection
        killed = raw.info.backend_pid
        params = connections["default"].get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [killed])
        # the server's goodbye arrives on the socket: wait for it, not for a fixed time
        assert select.select([raw.fileno()], [], [], 10)[0]
        second = call(persistent, MISSING)[0]
        return [first, second], killed, connections["default"].connection.info.backend_pid

    statuses, killed, now = in_thread(serve)
    assert statuses == [404, 404]
    assert now != killed


def test_the_test_connection_uses_the_project_backend() -> None:
    assert connection.settings_dict["ENGINE"] == "motcua.core.postgresql"
    assert "-c TimeZone=UTC" in connection.settings_dict["OPTIONS"]["options"]
