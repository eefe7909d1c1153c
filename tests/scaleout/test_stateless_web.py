"""Web processes hold no state a later request needs (docs/scale-out.md, "Stateless web
processes"): sessions, login lockouts and guess counters live in the database, the queue in the
database or Redis. In one test process a per-process store would pass any behavioural check, so
these tests pin the configuration that makes the state shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils.module_loading import import_string
from django_tasks import task_backends

from motcua.core.models import Throttle
from motcua.core.throttle import throttle_blocked, throttle_fail

SHARED_TASK_BACKENDS = {"django_tasks_db.DatabaseBackend", "django_tasks_rq.RQBackend"}


def test_sessions_are_database_rows() -> None:
    assert import_string(settings.SESSION_ENGINE + ".SessionStore") is SessionStore


@pytest.mark.django_db
def test_a_session_is_a_row_any_process_can_read() -> None:
    store = SessionStore()
    store["who"] = "một cửa"
    store.save()
    assert Session.objects.filter(session_key=store.session_key).exists()
    assert SessionStore(session_key=store.session_key)["who"] == "một cửa"


def test_login_lockouts_are_counted_in_the_database() -> None:
    handler = AxesProxyHandler.get_implementation(force=True)  # from the settings, as on startup
    assert isinstance(handler, AxesDatabaseHandler)


def test_the_task_queue_is_shared_in_production_modes() -> None:
    # the test settings choose the database queue; `rq` is the other shared one
    assert settings.TASKS["default"]["BACKEND"] in SHARED_TASK_BACKENDS
    assert task_backends["default"].supports_defer


@pytest.mark.django_db
def test_guess_counters_are_rows() -> None:
    for _ in range(3):
        throttle_fail("track:client:192.0.2.1", limit=3, window=timedelta(minutes=15))
    assert Throttle.objects.get(key="track:client:192.0.2.1").hits == 3
    assert throttle_blocked("track:client:192.0.2.1")
