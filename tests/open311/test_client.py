"""A real Open311 client talking to a running server (pytest-django's live_server), and the
acceptance path: a request created through GeoReport appears in the feedback workspace and its
answer comes back through GET requests (docs/rules.md §25).

The client library is `georeport` from PyPI (0.3.1, Python 3; a test dependency in
pyproject.toml): it reads services and requests but has no call to create one, so the request
is posted over plain HTTP. (`open311` 1.1, the other client on PyPI, is Python 2 only.)

The live server runs on the real clock, so each test travels to a fixed instant first and lets
it tick (no test reads the wall clock)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import georeport
import pytest
import time_machine
from django.test import Client

from motcua.feedback.models import Feedback
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.feedback.test_services import handle
from tests.open311.test_georeport import post_params

pytestmark = pytest.mark.django_db(transaction=True)
T0 = datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(autouse=True)
def ticking_clock() -> Iterator[None]:
    with time_machine.travel(T0, tick=True):
        yield


def _http(url: str, data: dict[str, str] | None = None) -> Any:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(url, body, timeout=10) as resp:
        return json.loads(resp.read())


def _in_workspace(client: Client, official: Any, code: str) -> None:
    """The request is in the official's feedback list, with its submitter (officials see it)."""
    sign_in(client, official)
    assert code in client.get("/can-bo/phan-anh/").content.decode()
    assert "Phạm Dũng" in client.get(f"/can-bo/phan-anh/{code}/").content.decode()
    client.logout()


def test_acceptance_over_http(city: World, live_server: Any, api_key: str, client: Client) -> None:
    base = f"{live_server.url}/open311/v2/"
    posted = _http(base + "requests.json", post_params(api_key, service_code="thu-tuc"))
    code = posted[0]["service_request_id"]
    _in_workspace(client, city.u("reception"), code)
    handle(city, code)
    found = _http(base + "requests.json?" + urllib.parse.urlencode({"service_request_id": code}))
    assert found[0]["status"] == "closed"
    assert found[0]["status_notes"] == "Đã bỏ yêu cầu sổ hộ khẩu."


def test_georeport_client_library(
    city: World, live_server: Any, api_key: str, client: Client
) -> None:
    """GeoReport(root_address, jurisdiction, api_key) reads the service list and the requests
    of our running server; the request it finds was posted over HTTP and answered."""
    gr = georeport.GeoReport(
        root_address=f"{live_server.url}/open311/v2", jurisdiction="tphcm.gov.vn", api_key=api_key
    )
    services = gr.get_service_list()
    assert "thu-tuc" in json.dumps(services, ensure_ascii=False)
    _http(
        f"{live_server.url}/open311/v2/requests.json", post_params(api_key, service_code="thu-tuc")
    )
    fb = Feedback.objects.get()
    _in_workspace(client, city.u("reception"), fb.code)
    handle(city, fb.code)
    answered = json.dumps(gr.get_service_requests(), ensure_ascii=False)
    assert fb.code in answered
    assert "Đã bỏ yêu cầu sổ hộ khẩu." in answered
