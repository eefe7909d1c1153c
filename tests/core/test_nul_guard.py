"""A NUL in a page request is a 404 (path) or a 400 (query, form body), on every page, before
any view queries the database (PostgreSQL would raise on it); the API and Open311 keep their
own error shapes (motcua/core/nul_guard.py)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/phan-anh/?q=%00",
        "/phan-anh/?category=a%00b",
        "/tim-kiem/?q=%00",
        "/can-bo/danh-gia/ho-so/?ky=2026-12&so=rated&thu_tuc=%00",
        "/lay-y-kien/?q=%00",
    ],
)
def test_a_nul_in_the_query_is_a_400(client: Client, url: str) -> None:
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/phan-anh/%00/", "/phan-anh/PAKN%00/cua-toi/", "/%00"])
def test_a_nul_in_the_path_is_not_found(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_a_nul_in_a_form_body_is_a_400(client: Client) -> None:
    resp = client.post(
        "/phan-anh/gui/", "title=a%00&content=b", content_type="application/x-www-form-urlencoded"
    )
    assert resp.status_code == 400


def test_the_api_and_open311_keep_their_own_error_shapes(client: Client) -> None:
    api = client.get("/api/v1/feedback?q=%00")
    assert api.status_code == 422
    assert api.json()["error"]["code"] == "validation_error"
    open311 = client.get("/open311/v2/requests.json?status=open%00")
    assert open311.status_code == 400
    assert isinstance(open311.json(), list)
