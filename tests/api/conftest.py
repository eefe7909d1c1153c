"""Fixtures of the API contract tests: the dossier `world`, bearer tokens, a seeded dossier,
and a WSGI app for in-process calls that keeps the test's database transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from motcua.api.auth import token_create
from tests.dossiers import conftest as dossiers_conftest
from tests.dossiers.conftest import CITIZEN_CCCD, World

world = dossiers_conftest.world  # the seeded city of the dossier tests, as a fixture here

BODY: dict[str, Any] = {
    "procedure_code": "9.000001",
    "agency_code": "000.01.30.H29",
    "applicant": {
        "kind": "person",
        "name": "Nguyễn Văn An",
        "id_number": CITIZEN_CCCD,
        "phone": "0901234567",
    },
    "form_data": {"purpose": "Đi học"},
}


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tokens(world: World) -> dict[str, str]:
    return {name: token_create(user=u) for name, u in world.users.items()}


@pytest.fixture
def dossier_code(world: World, tokens: dict[str, str]) -> str:
    """A submitted online dossier of `citizen` at the ward, received by `reception`."""
    client = Client()
    resp = client.post(
        "/api/v1/dossiers",
        data=BODY,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['citizen']}",
    )
    assert resp.status_code == 201, resp.content
    code = resp.json()["code"]
    resp = client.post(
        f"/api/v1/dossiers/{code}/actions/receive",
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['reception']}",
    )
    assert resp.status_code == 200, resp.content
    return code


class InProcessWSGI(WSGIHandler):
    """Django's WSGI handler for in-process calls inside a test's transaction.

    A bare handler runs `close_old_connections` on `request_started` and on `request_finished`
    (when the server closes the response); inside the test's atomic block that closes the
    connection and ends the test's transaction. Django's test client disconnects it the same
    way. The response is read and closed here, so `request_finished` fires while disconnected.
    """

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = super().__call__(environ, start_response)
            body = b"".join(response)
            response.close()
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
