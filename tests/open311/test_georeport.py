"""GeoReport v2 at /open311/v2/ (docs/rules.md §25): every response validated against the JSON
Schemas in schemas/ (derived from https://wiki.open311.org/GeoReport_v2), the XML twin checked
for identical content, errors in the spec's format."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.feedback.models import Feedback, Source, Status
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit
from tests.feedback.test_services import handle
from tests.open311.conftest import check

pytestmark = pytest.mark.django_db


def post_params(api_key: str, **overrides: str) -> dict[str, str]:
    data = {
        "api_key": api_key,
        "service_code": "do-thi",
        "lat": "10.7722",
        "long": "106.6980",
        "address_string": "Chợ Bến Thành",
        "first_name": "Phạm",
        "last_name": "Dũng",
        "email": "dung@example.vn",
        "phone": "0987654321",
        "description": "Lấn chiếm vỉa hè trước cổng chợ.",
        "attribute[subject]": "agency",
    }
    return {**data, **overrides}


def test_discovery(city: World, clock: Any, client: Client) -> None:
    data = check(client, "discovery", "discovery")
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"


def test_services_are_the_feedback_categories(city: World, clock: Any, client: Client) -> None:
    data = check(client, "services", "services")
    assert [s["service_code"] for s in data] == ["do-thi", "thu-tuc"]


def test_service_definition(city: World, clock: Any, client: Client) -> None:
    data = check(client, "services/do-thi", "service_definition")
    codes = [a["code"] for a in data["attributes"]]
    assert codes == ["subject", "subject_ref", "title"]
    check(client, "services/khong-co", "errors", expect=404)


def test_post_needs_a_valid_key(city: World, clock: Any, client: Client, api_key: str) -> None:
    check(client, "requests", "errors", 403, "post", **post_params("sai"))
    check(client, "requests", "errors", 403, "post", **post_params(""))
    assert not Feedback.objects.exists()


def test_post_creates_feedback(city: World, clock: Any, client: Client, api_key: str) -> None:
    data = check(client, "requests", "post_requests", 201, "post", **post_params(api_key))
    fb = Feedback.objects.get(code=data[0]["service_request_id"])
    assert fb.source == Source.OPEN311
    assert fb.agency == city.other_ward
    assert fb.submitter_name == "Phạm Dũng"
    assert fb.submitter_contact == "dung@example.vn"
    assert str(fb.lat) == "10.772200"


def test_post_errors(city: World, clock: Any, client: Client, api_key: str) -> None:
    check(client, "requests", "errors", 404, "post", **post_params(api_key, service_code="x"))
    check(client, "requests", "errors", 400, "post", **post_params(api_key, service_code=""))
    anonymous = post_params(api_key, email="", phone="")
    check(client, "requests", "errors", 400, "post", **anonymous)
    check(client, "requests", "errors", 400, "post", **post_params(api_key, lat="north"))
    other = post_params(api_key, jurisdiction_id="hanoi.gov.vn")
    check(client, "requests", "errors", 404, "post", **other)


def test_requests_never_carry_personal_data(
    city: World, clock: Any, client: Client, api_key: str
) -> None:
    check(client, "requests", "post_requests", 201, "post", **post_params(api_key))
    for fmt in ("json", "xml"):
        text = client.get(f"/open311/v2/requests.{fmt}").content.decode()
        for value in ("Phạm", "Dũng", "dung@example.vn", "0987654321"):
            assert value not in text


def test_search_window_lists_and_override(city: World, clock: Any, client: Client) -> None:
    old = submit()
    clock.move_to(CLOCK + timedelta(days=100))
    new = submit(category_code="do-thi")
    closed = submit()
    handle(city, closed.code)
    codes = [r["service_request_id"] for r in check(client, "requests", "requests")]
    assert old.code not in codes  # older than the default 90 days
    assert set(codes) == {new.code, closed.code}
    data = check(client, "requests", "requests", status="open")
    assert [r["service_request_id"] for r in data] == [new.code]
    data = check(client, "requests", "requests", status="open,closed", service_code="thu-tuc")
    assert [r["service_request_id"] for r in data] == [closed.code]
    assert data[0]["status"] == "closed"
    assert data[0]["status_notes"] == "Đã bỏ yêu cầu sổ hộ khẩu."
    # the public content the head wrote at publication, never the submitter's own text
    assert data[0]["description"] == "Về giấy tờ thừa."
    assert closed.content not in json.dumps(data, ensure_ascii=False)
    data = check(client, "requests", "requests", service_code="do-thi,thu-tuc")
    assert len(data) == 2
    # service_request_id overrides every other filter, the window included
    ids = f"{old.code},{new.code}"
    data = check(client, "requests", "requests", service_request_id=ids, status="closed")
    assert {r["service_request_id"] for r in data} == {old.code, new.code}
    start = (CLOCK - timedelta(days=1)).isoformat()
    end = (CLOCK + timedelta(days=1)).isoformat()
    data = check(client, "requests", "requests", start_date=start, end_date=end)
    assert [r["service_request_id"] for r in data] == [old.code]


def test_search_errors(city: World, clock: Any, client: Client) -> None:
    check(client, "requests", "errors", 400, status="pending")
    check(client, "requests", "errors", 400, start_date="yesterday")
    check(client, "requests", "errors", 404, jurisdiction_id="hanoi.gov.vn")
    check(client, "requests", "requests", jurisdiction_id="tphcm.gov.vn")


def test_one_request_and_its_token(city: World, clock: Any, client: Client, api_key: str) -> None:
    posted = check(client, "requests", "post_requests", 201, "post", **post_params(api_key))[0]
    code = posted["service_request_id"]
    data = check(client, f"requests/{code}", "requests")
    assert data[0]["service_request_id"] == code
    assert data[0]["status"] == "open"
    # not published yet: the submitter's text and place are not shown to anyone
    assert (data[0]["description"], data[0]["address"], data[0]["lat"]) == ("", "", None)
    xml = client.get(f"/open311/v2/requests/{code}.xml").content.decode()
    assert "Lấn chiếm vỉa hè" not in xml
    token = check(client, f"tokens/{posted['token']}", "tokens")
    assert token == [{"service_request_id": code, "token": posted["token"]}]
    check(client, "requests/PAKN-1999-000001", "errors", 404)
    check(client, "tokens/khong-co", "errors", 404)


def test_unknown_format_is_an_error(city: World, clock: Any, client: Client) -> None:
    resp = client.get("/open311/v2/services.csv")
    assert resp.status_code == 404
    assert b"<errors>" in resp.content


def test_refused_is_closed_with_its_reason(city: World, clock: Any, client: Client) -> None:
    from motcua.feedback.services import feedback_refuse

    fb = submit()
    feedback_refuse(actor=city.u("reception"), code=fb.code, reason="Thiếu nội dung cụ thể.")
    data = check(client, f"requests/{fb.code}", "requests")
    assert data[0]["status"] == "closed"
    assert data[0]["status_notes"] == "Thiếu nội dung cụ thể."
    assert Feedback.objects.get().status == Status.REFUSED
