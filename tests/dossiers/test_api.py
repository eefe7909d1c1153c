"""The dossier REST API end to end through Django's test client, with bearer tokens."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from motcua.api.auth import token_create
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import CITIZEN_CCCD, World

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BODY = {
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


class Api:
    def __init__(self, world: World) -> None:
        self.tokens = {name: token_create(user=u) for name, u in world.users.items()}
        self.client = Client()

    def call(
        self, method: str, path: str, who: str | None, body: Any = None, **headers: str
    ) -> Any:
        if who:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[who]}"
        fn = getattr(self.client, method)
        if method == "get":
            return fn(f"/api/v1{path}", **headers)
        return fn(f"/api/v1{path}", data=body or {}, content_type="application/json", **headers)

    def act(self, who: str, code: str, action: str, **body: Any) -> Any:
        return self.call("post", f"/dossiers/{code}/actions/{action}", who, body)


@pytest.fixture
def api(world: World) -> Api:
    return Api(world)


def test_submit_is_idempotent_and_unauthenticated_is_refused(api: Api) -> None:
    assert api.call("post", "/dossiers", None, BODY).status_code == 401
    first = api.call("post", "/dossiers", "citizen", BODY, HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "submitted"
    again = api.call("post", "/dossiers", "citizen", BODY, HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert Dossier.objects.count() == 1


def test_validation_errors_use_the_error_shape_and_write_nothing(api: Api) -> None:
    bad = {**BODY, "applicant": {**BODY["applicant"], "id_number": "12345"}, "form_data": {}}
    resp = api.call("post", "/dossiers", "citizen", bad)
    assert resp.status_code == 422
    err = resp.json()["error"]
    assert err["code"] == "validation_error"
    assert "id_number" in err["details"]
    assert "12 chữ số" in err["message"]
    assert Dossier.objects.count() == 0
    resp = api.call("post", "/dossiers", "citizen", {**BODY, "procedure_code": "0.000000"})
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "not_found"


def test_full_flow_over_http_with_conflict_forbidden_and_not_found(api: Api, world: World) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
        assert api.act("other_reception", code, "receive").status_code == 404  # out of scope
        assert api.act("specialist", code, "receive").status_code == 403  # wrong role
        resp = api.act("reception", code, "receive", version=99)
        assert resp.status_code == 409
        assert resp.json()["error"]["code"] == "version_conflict"
        resp = api.act("reception", code, "receive")
        assert resp.status_code == 200
        data = resp.json()
        assert data["status"] == "received"
        assert data["due_at"].startswith("2026-03-05T10:00:00")  # 17:00 in Vietnam, stored UTC
        step_id = data["steps"][0]["id"]
        assert (
            api.act(
                "specialist", code, "complete_step", step_id=step_id, outcome="approve"
            ).status_code
            == 200
        )
        again = api.act("specialist2", code, "complete_step", step_id=step_id, outcome="approve")
        assert again.status_code == 409
        sign = api.call("get", f"/dossiers/{code}", "signer").json()["steps"][-1]
        assert (
            api.act(
                "signer", code, "complete_step", step_id=sign["id"], outcome="approve"
            ).status_code
            == 200
        )
        assert api.act("signer", code, "record_result", summary="Đã cấp").status_code == 200
        resp = api.act("reception", code, "return_result", channel="electronic")
        assert resp.json()["status"] == "returned"
    assert api.call("get", f"/dossiers/{code}", "stranger").status_code == 404
    assert api.call("get", f"/dossiers/{code}", "citizen").status_code == 200
    assert api.act("reception", code, "claim").json()["error"]["code"] == "validation_error"
    unknown = api.act("reception", code, "explode")  # every action is its own path
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")


def test_queues_and_due_filters(api: Api) -> None:
    code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    api.act("reception", code, "receive")
    step_id = api.call("get", f"/dossiers/{code}", "reception").json()["steps"][0]["id"]
    assert api.call("get", "/dossiers?queue=mine", "specialist").json()["count"] == 0
    api.act("specialist", code, "claim", step_id=step_id)
    mine = api.call("get", "/dossiers?queue=mine", "specialist").json()
    assert [d["code"] for d in mine["items"]] == [code]
    assert api.call("get", "/dossiers?queue=agency", "other_reception").json()["count"] == 0
    assert api.call("get", "/dossiers?due=overdue", "reception").json()["count"] == 0
    Dossier.objects.filter(code=code).update(due_state="overdue")
    assert api.call("get", "/dossiers?due=overdue", "reception").json()["count"] == 1


def test_apology_through_the_api_shows_on_public_tracking(api: Api) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
        api.act("reception", code, "receive")
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=HCM), tick=False):
        resp = api.act(
            "signer", code, "apologize", reason="Chờ xác minh", new_due=date(2026, 3, 7).isoformat()
        )  # a Saturday
        assert resp.json()["error"]["code"] == "not_working_day"
        resp = api.act(
            "signer", code, "apologize", reason="Chờ xác minh của công an", new_due="2026-03-10"
        )
        assert resp.status_code == 200, resp.json()
        assert resp.json()["apologies"][0]["issued_in_time"] is True
        again = api.act("signer", code, "apologize", reason="Lần hai", new_due="2026-03-12")
        assert again.json()["error"]["code"] == "reappointment_limit"
    public = api.call("get", f"/track/{code}", None).json()
    assert public["apologies"][0]["new_due_at"].startswith("2026-03-10")
    assert public["apologies"][0]["reason"] is None  # the reason needs the secret
    assert public["extended_due_at"].startswith("2026-03-10")
    assert public["applicant"] is None
    full = api.call("get", f"/track/{code}?id_last4={CITIZEN_CCCD[-4:]}", None).json()
    assert full["apologies"][0]["reason"] == "Chờ xác minh của công an"


def test_tracking_shows_personal_data_only_with_the_id_digits_and_limits_guesses(api: Api) -> None:
    code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    ok = api.call("get", f"/track/{code}?id_last4={CITIZEN_CCCD[-4:]}", None)
    assert ok.json()["applicant"]["name"] == "Nguyễn Văn An"
    statuses = [api.call("get", f"/track/{code}?id_last4=0000", None).status_code for _ in range(6)]
    assert statuses == [403] * 5 + [429]
    blocked = api.call("get", f"/track/{code}?id_last4={CITIZEN_CCCD[-4:]}", None)
    assert blocked.status_code == 429  # the right digits don't help once blocked
    assert api.call("get", "/track/000.01.30.H29-260101-9999", None).status_code == 404


def test_attachment_upload_checks_content(api: Api) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.tokens['citizen']}"}
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile("../to khai.pdf", pdf)},
        **headers,
    )
    assert resp.status_code == 201, resp.json()
    assert resp.json()["name"] == "to khai.pdf"
    assert len(resp.json()["sha256"]) == 64
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00fake")},
        **headers,
    )
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "file_type_not_allowed"
    other = {"HTTP_AUTHORIZATION": f"Bearer {api.tokens['stranger']}"}
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments", {"file": SimpleUploadedFile("a.pdf", pdf)}, **other
    )
    assert resp.status_code == 404


def test_tracking_book_download_for_officials_of_the_agency(api: Api, world: World) -> None:
    code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    api.act("reception", code, "receive")
    path = f"/agencies/{world.ward.code}/tracking-book?date_from=2020-01-01&date_to=2020-12-31"
    resp = api.call("get", path.replace("2020-01-01", "2020-01-02"), "reception")
    assert resp.status_code == 200
    # The book counts by the Vietnam date, which differs from the UTC date from 17:00 UTC.
    today = timezone.localdate(Dossier.objects.get(code=code).received_at).isoformat()
    resp = api.call(
        "get",
        f"/agencies/{world.ward.code}/tracking-book?date_from={today}&date_to={today}&format=xlsx",
        "reception",
    )
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert any(code in r for r in rows)
    pdf = api.call(
        "get",
        f"/agencies/{world.ward.code}/tracking-book?date_from={today}&date_to={today}&format=pdf",
        "reception",
    )
    assert pdf.content.startswith(b"%PDF")
    assert api.call("get", path, "other_reception").status_code == 404
    assert api.call("get", path, "citizen").status_code == 404
    bad = f"/agencies/{world.ward.code}/tracking-book?date_from=2020-02-01&date_to=2020-01-01"
    assert api.call("get", bad, "reception").json()["error"]["code"] == "invalid_period"
