"""The lean path (motcua/api/lean.py, motcua/wsgi.py): session-less API calls skip the page-only
middleware, keep the security headers and the error shape, and tracking, search and token
authentication cost a fixed number of statements."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import time_machine
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import ApiToken
from motcua.api.lean import (
    PAGE_ONLY_MIDDLEWARE,
    LeanWSGIHandler,
    PathDispatcher,
    lean_middleware,
    takes_lean_path,
)
from tests.dossiers.conftest import World

Answer = tuple[int, dict[str, str], bytes]


class KeepTransaction:
    """Calls a WSGI app in-process inside the test's transaction (see InProcessWSGI in
    tests/api/conftest.py: the handlers' `close_old_connections` is disconnected meanwhile)."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.app(environ, start_response)
            body = b"".join(response)
            getattr(response, "close", lambda: None)()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


class Recording(LeanWSGIHandler):
    """The lean handler, noting that it answered."""

    calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        Recording.calls += 1
        return super().__call__(environ, start_response)


def call(app: Any, path: str, **extra: str) -> Answer:
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": "GET", **extra}
    environ["HTTP_HOST"] = "testserver"
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc: Any = None) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def app() -> PathDispatcher:
    Recording.calls = 0
    return PathDispatcher(full=KeepTransaction(WSGIHandler()), lean=KeepTransaction(Recording()))


def test_the_lean_list_is_middleware_minus_the_page_only_entries() -> None:
    lean = lean_middleware(settings.MIDDLEWARE)
    assert lean == [m for m in settings.MIDDLEWARE if m not in PAGE_ONLY_MIDDLEWARE]
    assert lean[:2] == [
        "motcua.core.observability.ObservabilityMiddleware",  # request id, metrics: first
        "django.middleware.security.SecurityMiddleware",
    ]
    assert "motcua.api.middleware.ApiErrorShapeMiddleware" in lean
    assert "django.middleware.locale.LocaleMiddleware" in lean  # answers in Accept-Language
    assert "django.contrib.sessions.middleware.SessionMiddleware" not in lean
    # a middleware added later is on both paths unless it is named page-only
    assert lean_middleware(["x.Observability", *settings.MIDDLEWARE])[0] == "x.Observability"


@pytest.mark.parametrize(
    ("path", "cookie", "lean"),
    [
        ("/api/v1/track/X", "", True),
        ("/api/v1/procedures", "csrftoken=abc; theme=dark", True),
        ("/api/v1/track/X", f"a=1; {settings.SESSION_COOKIE_NAME}=abc", False),
        ("/api/v1/docs", "", False),  # Swagger's page hands out the CSRF token
        ("/tra-cuu/", "", False),
        ("/api/v2/x", "", False),
    ],
)
def test_which_requests_take_the_lean_path(path: str, cookie: str, lean: bool) -> None:
    assert takes_lean_path({"PATH_INFO": path, "HTTP_COOKIE": cookie}) is lean


def test_tracking_on_the_lean_path_keeps_headers_and_costs_one_statement(
    app: PathDispatcher, dossier_code: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        status, headers, body = call(app, f"/api/v1/track/{dossier_code}")
    assert (status, Recording.calls) == (200, 1)
    assert json.loads(body)["status"] == "received"
    assert headers["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware stays
    assert "Set-Cookie" not in headers


def test_errors_on_the_lean_path_keep_the_api_shape(app: PathDispatcher, db: None) -> None:
    status, _, body = call(app, "/api/v1/no-such-thing")
    assert (status, Recording.calls) == (404, 1)
    assert json.loads(body)["error"]["code"] == "not_found"
    status, _, body = call(app, "/api/v1/track/000.01.30.H29-260302-9999")
    assert status == 404
    assert set(json.loads(body)["error"]) == {"code", "message", "details"}


def test_the_lean_path_answers_in_the_callers_language(
    app: PathDispatcher, dossier_code: str
) -> None:
    _, headers, body = call(app, f"/api/v1/track/{dossier_code}", HTTP_ACCEPT_LANGUAGE="en")
    assert headers["Content-Language"] == "en"
    assert json.loads(body)["status_label"] != "Đã tiếp nhận"


def test_a_session_cookie_takes_the_full_path(app: PathDispatcher, dossier_code: str) -> None:
    cookie = f"{settings.SESSION_COOKIE_NAME}=not-a-session"
    status, _, _ = call(app, f"/api/v1/track/{dossier_code}", HTTP_COOKIE=cookie)
    assert (status, Recording.calls) == (200, 0)


def test_a_bearer_token_on_the_lean_path(
    app: PathDispatcher, dossier_code: str, tokens: dict[str, str], world: World
) -> None:
    auth = f"Bearer {tokens['reception']}"
    status, _, body = call(app, f"/api/v1/dossiers/{dossier_code}", HTTP_AUTHORIZATION=auth)
    assert (status, Recording.calls) == (200, 1)
    assert json.loads(body)["code"] == dossier_code
    status, _, body = call(app, "/api/v1/dossiers", HTTP_AUTHORIZATION=auth + "x")
    assert (status, json.loads(body)["error"]["code"]) == (401, "unauthenticated")


def test_token_authentication_is_one_statement_while_last_use_is_fresh(
    world: World, tokens: dict[str, str], dossier_code: str, django_assert_num_queries: Any
) -> None:
    from motcua.api.auth import user_for_key

    key = tokens["reception"]
    assert user_for_key(key) == world.u("reception")  # records the use
    with django_assert_num_queries(1):
        assert user_for_key(key) == world.u("reception")
    token = ApiToken.objects.get(user=world.u("reception"))
    with (
        time_machine.travel(token.last_used_at + timedelta(seconds=61)),
        django_assert_num_queries(2),
    ):  # the lookup and the last-use update
        assert user_for_key(key) == world.u("reception")
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert user_for_key(key) is None


def test_tracking_page_and_api_statement_counts(
    client: Client, dossier_code: str, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert client.get(f"/api/v1/track/{dossier_code}").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/tra-cuu/{dossier_code}/").status_code == 200
