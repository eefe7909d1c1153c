"""A real Open311 client talking to a running server (pytest-django's live_server), and the
acceptance path: a request created through GeoReport appears in the feedback workspace and its
answer comes back through GET requests (docs/rules.md §25).

Client libraries from PyPI, each test skipped only when its package is not installed:
`open311` 1.1 (codeforamerica/open311_python: Open311, configure, service_list,
post_service_request, service_requests, get_service_request; written for Python 2) and
`georeport` 0.3.1 (Python 3; reads services and requests)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest
from django.test import Client

from motcua.feedback.models import Feedback
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.feedback.test_services import handle
from tests.open311.test_georeport import post_params

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_open311_client_library(
    city: World, live_server: Any, api_key: str, client: Client
) -> None:
    open311 = pytest.importorskip("open311")
    o = open311.Open311()
    # the library joins endpoint + "/requests.xml" and does not send the key on POST itself
    o.configure(endpoint=f"{live_server.url}/open311/v2", api_key=api_key, jurisdiction="")
    services = o.service_list()
    assert "thu-tuc" in json.dumps(services, ensure_ascii=False)
    o.post_service_request(**post_params(api_key, service_code="do-thi"))
    fb = Feedback.objects.get()
    _in_workspace(client, city.u("other_reception"), fb.code)
    from motcua.feedback.models import Kind
    from motcua.feedback.services import (
        feedback_answer,
        feedback_assign,
        feedback_classify,
        feedback_publish,
    )

    feedback_classify(actor=city.u("other_reception"), code=fb.code, kind=Kind.RULES)
    head = city.u("other_reception")
    from motcua.accounts.models import Role
    from motcua.accounts.services import role_grant

    role_grant(user=head, agency=city.other_ward, role=Role.UNIT_HEAD)
    feedback_assign(actor=head, code=fb.code, handler=head)
    feedback_answer(actor=head, code=fb.code, answer="Đã giải tỏa vỉa hè.")
    feedback_publish(actor=head, code=fb.code)
    answered = json.dumps(o.service_requests(), ensure_ascii=False)
    assert "Đã giải tỏa vỉa hè." in answered
    assert fb.code in json.dumps(o.get_service_request(fb.code), ensure_ascii=False)


def test_georeport_client_library(
    city: World, live_server: Any, api_key: str, client: Client
) -> None:
    """`georeport` from PyPI (0.3.1, Python 3): GeoReport(root_address, jurisdiction, api_key,
    output_format) reads services and requests. Its README says it does not create requests, so
    the request is posted over plain HTTP unless the installed version offers a post method."""
    georeport = pytest.importorskip("georeport")
    gr = georeport.GeoReport(
        root_address=f"{live_server.url}/open311/v2", jurisdiction="tphcm.gov.vn", api_key=api_key
    )
    services = gr.get_service_list()
    assert "thu-tuc" in json.dumps(services, ensure_ascii=False)
    params = post_params(api_key, service_code="thu-tuc")
    post = getattr(gr, "post_service_request", None) or getattr(gr, "create_service_request", None)
    if post is not None:
        params.pop("api_key")
        post(**params)
    else:
        _http(f"{live_server.url}/open311/v2/requests.json", params)
    fb = Feedback.objects.get()
    _in_workspace(client, city.u("reception"), fb.code)
    handle(city, fb.code)
    answered = json.dumps(gr.get_service_requests(), ensure_ascii=False)
    assert fb.code in answered
    assert "Đã bỏ yêu cầu sổ hộ khẩu." in answered
