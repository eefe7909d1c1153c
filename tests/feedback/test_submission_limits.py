"""Public submission (docs/rules.md §24.1): the caller does not choose the agency unless they
are an official, and each client address sends a limited number of items an hour."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from motcua.feedback.models import Feedback
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit
from tests.feedback.test_pages_api import form

pytestmark = pytest.mark.django_db


def body(**overrides: str) -> str:
    data = {
        "category": "thu-tuc",  # the ward's category
        "subject": "agency",
        "title": "Thiếu chỗ ngồi chờ",
        "content": "Phòng chờ không đủ ghế.",
        "name": "Lê Văn Cường",
        "contact": "cuong@example.vn",
    }
    return json.dumps({**data, **overrides})


def post(client: Client, ip: str = "203.0.113.7", **overrides: str) -> Any:
    return client.post(
        "/api/v1/feedback", body(**overrides), content_type="application/json", REMOTE_ADDR=ip
    )


def test_an_anonymous_caller_cannot_choose_the_agency(
    city: World, clock: Any, client: Client
) -> None:
    resp = post(client, agency=city.other_ward.code)
    assert resp.status_code == 201
    assert resp.json()["agency"] == city.ward.code  # the category's agency
    resp = post(client, agency="KHONG-CO")  # not even an unknown one is looked at
    assert resp.status_code == 201
    assert Feedback.objects.filter(agency=city.other_ward).count() == 0


def test_a_citizen_cannot_choose_the_agency_an_official_can(city: World, clock: Any) -> None:
    citizen = submit(actor=city.u("citizen"), agency_code=city.other_ward.code)
    assert citizen.agency == city.ward
    official = submit(actor=city.u("reception"), agency_code=city.other_ward.code)
    assert official.agency == city.other_ward


def test_the_api_limits_submissions_per_address(
    city: World, clock: Any, client: Client, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "FEEDBACK_SUBMISSIONS_PER_HOUR": 2}
    assert [post(client).status_code for _ in range(2)] == [201, 201]
    resp = post(client)
    assert resp.status_code == 429
    assert resp.json()["error"]["code"] == "too_many_feedback"
    assert "quá nhiều phản ánh" in resp.json()["error"]["message"]
    assert Feedback.objects.count() == 2
    assert post(client, ip="198.51.100.9").status_code == 201  # another address
    with time_machine.travel(CLOCK + timedelta(hours=1, minutes=1), tick=False):
        assert post(client).status_code == 201  # an hour after the block began


def test_checks_that_fail_do_not_count(
    city: World, clock: Any, client: Client, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "FEEDBACK_SUBMISSIONS_PER_HOUR": 1}
    assert post(client, name="", contact="").status_code == 400
    assert post(client).status_code == 201
    assert post(client).status_code == 429


def test_the_page_limits_submissions_per_address(
    city: World, clock: Any, client: Client, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "FEEDBACK_SUBMISSIONS_PER_HOUR": 1}
    ip = {"REMOTE_ADDR": "203.0.113.8"}
    assert client.post("/phan-anh/gui/", form(), **ip).status_code == 200
    resp = client.post("/phan-anh/gui/", form(), **ip)
    assert resp.status_code == 429
    assert "Bạn đã gửi quá nhiều phản ánh trong một giờ" in resp.content.decode()
    assert Feedback.objects.count() == 1


def test_the_openapi_documents_the_limit(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post_op = spec["paths"]["/api/v1/feedback"]["post"]
    assert "`too_many_feedback`" in post_op["responses"]["429"]["description"]
    agency = spec["components"]["schemas"]["FeedbackIn"]["properties"]["agency"]
    assert agency["description"].startswith("Chỉ cán bộ")
