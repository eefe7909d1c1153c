"""A session cookie alone never authorises an unsafe API call: the browser sends it with any
cross-site request. Session calls pass Django's CSRF check; bearer-token calls do not need it."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from motcua.dossiers.models import Dossier
from tests.api.conftest import BODY
from tests.dossiers.conftest import World

CANCEL = "/api/v1/dossiers/{code}/actions/cancel"


@pytest.fixture
def submitted(world: World, tokens: dict[str, str]) -> str:
    """An online dossier of `citizen`, submitted and not yet received: the ward's reception
    officer may cancel it."""
    resp = Client().post(
        "/api/v1/dossiers",
        data=BODY,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {tokens['citizen']}",
    )
    assert resp.status_code == 201, resp.content
    return resp.json()["code"]


def signed_in(world: World) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.u("reception"))
    return client


def status_of(code: str) -> str:
    return Dossier.objects.get(code=code).status


def test_cross_site_text_plain_post_with_session_is_refused(world: World, submitted: str) -> None:
    # given: the reception officer is signed in (as at /admin/login/); a foreign page posts
    # a "simple" request (text/plain, so the browser sends no preflight)
    client = signed_in(world)
    before = Dossier.objects.get(code=submitted)
    # when
    resp = client.post(
        CANCEL.format(code=submitted),
        data='{"reason": "Nộp nhầm"}',
        content_type="text/plain",
        HTTP_ORIGIN="https://evil.example",
    )
    # then: 403 in the one error shape, and nothing changed
    assert resp.status_code == 403, resp.content
    error = resp.json()["error"]
    assert error["code"] == "csrf_failed"
    assert "CSRF" in error["message"]
    assert set(error) == {"code", "message", "details"}
    after = Dossier.objects.get(code=submitted)
    assert (after.status, after.version) == (before.status, before.version)


def test_session_post_without_token_same_origin_is_refused(world: World, submitted: str) -> None:
    resp = signed_in(world).post(
        CANCEL.format(code=submitted), data={}, content_type="application/json"
    )
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "csrf_failed"
    assert status_of(submitted) == "submitted"


def test_session_post_with_csrf_token_and_same_origin_works(world: World, submitted: str) -> None:
    client = signed_in(world)
    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    resp = client.post(
        CANCEL.format(code=submitted),
        data={"reason": "Nộp nhầm"},
        content_type="application/json",
        HTTP_ORIGIN="http://testserver",
        HTTP_X_CSRFTOKEN=token,
    )
    assert resp.status_code == 200, resp.content
    assert status_of(submitted) == "cancelled"


def test_session_get_needs_no_token(world: World, submitted: str) -> None:
    resp = signed_in(world).get(f"/api/v1/dossiers/{submitted}")
    assert resp.status_code == 200
    assert resp.json()["code"] == submitted


def test_bearer_token_needs_no_csrf_even_with_a_foreign_origin(
    world: World, tokens: dict[str, str], submitted: str
) -> None:
    resp = Client(enforce_csrf_checks=True).post(
        CANCEL.format(code=submitted),
        data={"reason": "Nộp nhầm"},
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
        HTTP_AUTHORIZATION=f"Bearer {tokens['reception']}",
    )
    assert resp.status_code == 200, resp.content
    assert status_of(submitted) == "cancelled"
