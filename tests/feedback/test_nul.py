"""A NUL in a URL (docs/rules.md §24): no feedback page answers 500, on PostgreSQL either (it
refuses U+0000 in a query); the selectors treat it as "no match" on their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core.errors import NotFound
from motcua.feedback import selectors
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.feedback.conftest import submit
from tests.feedback.test_services import handle

pytestmark = pytest.mark.django_db
NUL = "\x00"


def test_public_urls_with_a_nul_do_not_fail(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    handle(city, fb.code)
    listed = client.get("/phan-anh/", {"q": NUL})
    assert listed.status_code == 200
    assert fb.code not in listed.content.decode()
    assert client.get("/phan-anh/", {"category": NUL}).status_code == 200
    assert client.get("/phan-anh/%00/").status_code == 404
    assert client.get(f"/phan-anh/{fb.code}%00/").status_code == 404
    for params in ({"q": NUL}, {"category": NUL}):  # the API layer may refuse it first (422)
        resp = client.get("/api/v1/feedback", params)
        assert resp.status_code in (200, 422)
        assert fb.code not in resp.content.decode()
    assert client.get("/api/v1/feedback/%00").status_code in (404, 422)
    assert client.get("/phan-anh/%00/anh/1/").status_code == 404  # anonymous


def test_signed_in_urls_with_a_nul_do_not_fail(city: World, clock: Any, client: Client) -> None:
    fb = submit(actor=city.u("citizen"))
    sign_in(client, city.u("citizen"))
    assert client.get("/phan-anh/%00/cua-toi/").status_code == 404
    assert client.get("/phan-anh/%00/anh/1/").status_code == 404
    assert client.get("/phan-anh/%00/mo-lai/").status_code == 404
    assert client.post("/phan-anh/%00/danh-gia/", {"satisfied": "1"}).status_code == 404
    assert client.get(f"/phan-anh/{fb.code}/cua-toi/").status_code == 200


def test_the_workspace_with_a_nul_does_not_fail(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    sign_in(client, city.u("head"))
    page = client.get("/can-bo/phan-anh/", {"status": NUL})
    assert page.status_code == 200
    assert fb.code not in page.content.decode()
    assert fb.code in client.get("/can-bo/phan-anh/").content.decode()
    assert client.get("/can-bo/phan-anh/%00/").status_code == 404
    assert client.get("/can-bo/phan-anh/%00/anh/1/").status_code == 404


def test_the_selectors_treat_a_nul_as_no_match(city: World, clock: Any) -> None:
    fb = submit(actor=city.u("citizen"))
    head, citizen = city.u("head"), city.u("citizen")
    assert list(selectors.published(q=NUL)) == []
    assert list(selectors.published(category=NUL)) == []
    assert list(selectors.for_official(user=head, status=NUL)) == []
    calls = [
        lambda: selectors.published_get(code=NUL),
        lambda: selectors.get_for_official(user=head, code=f"{fb.code}{NUL}"),
        lambda: selectors.for_submitter(user=citizen, code=NUL),
        lambda: selectors.photo_get_for_user(user=citizen, code=NUL, photo_id=1),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
