"""Loaded with `-p` before pytest-django reads the settings: test-only environment defaults,
and the session clock.

The session clock: `--clock=2026-12-02T00:30:00+07:00` (or `MOTCUA_TEST_CLOCK`) starts the whole
session at that instant with time-machine; the clock keeps ticking from there, and a test that
travels on its own (`time_machine.travel`) still gets exactly the instant it asks for. CI runs the
suite at 00:30 and 23:30 Vietnam time, when the Vietnam date and the UTC date differ or are about
to change, so no test can depend on the hour it happens to run at.
"""

from __future__ import annotations

import os
from datetime import datetime

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
# Tasks go through the real database queue; tests run them with the `run_tasks` fixture.
os.environ.setdefault("MOTCUA_TASK_BACKEND", "db")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("MOTCUA_HTTPS", "0")  # the test client and live server speak plain HTTP
os.environ.setdefault("DB_CONN_MAX_AGE", "0")  # live-server threads share the test database
# A replica alias that mirrors the test database (tests marked `replica` read through it), and
# the test Redis database for MOTCUA_TASK_BACKEND=rq (docs/scale-out.md).
os.environ.setdefault("DATABASE_REPLICA_URL", os.environ.get("DATABASE_URL") or "sqlite://")
os.environ.setdefault("MOTCUA_REDIS_URL", "redis://127.0.0.1:6379/1")

CLOCK_ENV = "MOTCUA_TEST_CLOCK"
_TRAVELLER: pytest.StashKey = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        default=os.environ.get(CLOCK_ENV) or None,
        metavar="ISO_INSTANT",
        help=f"start the session clock at this aware ISO 8601 instant (env {CLOCK_ENV})",
    )


def session_instant(value: str) -> datetime:
    """The instant of `--clock`; a naive value is refused, since its meaning depends on the
    machine's time zone, which is exactly what the option is there to rule out."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError as exc:
        raise pytest.UsageError(f"--clock: not an ISO 8601 instant: {value!r}") from exc
    if instant.utcoffset() is None:
        raise pytest.UsageError(f"--clock: give an offset, e.g. {value}+07:00")
    return instant


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("--clock")
    if not value:
        return
    import time_machine

    traveller = time_machine.travel(session_instant(value), tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    value = config.getoption("--clock")
    return f"session clock starts at {session_instant(value).isoformat()}" if value else None
