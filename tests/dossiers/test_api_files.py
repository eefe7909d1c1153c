"""The API's file downloads (attachments, stored slips) and public tracking's privacy."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.models import RoleAssignment
from motcua.core.models import Throttle
from motcua.dossiers.models import Dossier, Slip
from motcua.dossiers.services.slips import slip_generate
from tests.dossiers.conftest import CITIZEN_CCCD, World
from tests.dossiers.test_api import BODY, Api

pytestmark = pytest.mark.backends  # CI runs these again on RQ and S3 too

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(world: World) -> Api:
    return Api(world)


@pytest.fixture
def code(api: Api) -> str:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
        assert api.act("reception", code, "receive").status_code == 200
    return code


def upload(api: Api, code: str, who: str = "citizen") -> int:
    resp = api.client.post(
        f"/api/v1/dossiers/{code}/attachments",
        {"file": SimpleUploadedFile("Tờ khai.pdf", PDF, "application/pdf")},
        HTTP_AUTHORIZATION=f"Bearer {api.tokens[who]}",
    )
    assert resp.status_code == 201, resp.content
    return resp.json()["id"]


def body(resp: Any) -> bytes:
    return b"".join(resp.streaming_content)


def error_code(resp: Any) -> str:
    return resp.json()["error"]["code"]


# --- attachments --------------------------------------------------------------------------------


def test_an_attachment_downloads_for_the_applicant_and_the_officials(
    api: Api, world: World
) -> None:
    code = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    pk = upload(api, code)
    for who in ("citizen", "reception"):
        resp = api.call("get", f"/dossiers/{code}/attachments/{pk}", who)
        assert resp.status_code == 200
        assert body(resp) == PDF
        assert resp["Content-Type"] == "application/pdf"
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["Content-Disposition"] == (
            "attachment; filename=\"To khai.pdf\"; filename*=UTF-8''T%E1%BB%9D%20khai.pdf"
        )


def test_an_attachment_is_a_404_outside_the_callers_scope(api: Api, code: str) -> None:
    pk = upload(api, code, "reception")
    for who in ("stranger", "other_reception"):
        resp = api.call("get", f"/dossiers/{code}/attachments/{pk}", who)
        assert resp.status_code == 404
        assert error_code(resp) == "not_found"
    other = api.call("post", "/dossiers", "citizen", BODY).json()["code"]
    assert api.call("get", f"/dossiers/{other}/attachments/{pk}", "citizen").status_code == 404
    assert api.call("get", f"/dossiers/{code}/attachments/{pk}", None).status_code == 401
    assert api.call("get", f"/dossiers/{code}%00/attachments/{pk}", "citizen").status_code == 404


# --- slips --------------------------------------------------------------------------------------


def test_the_api_serves_the_stored_slip(api: Api, code: str) -> None:
    slip = slip_generate(dossier=Dossier.objects.get(code=code), kind="receipt")
    with slip.file.open("rb") as fh:
        stored = fh.read()
    Dossier.objects.filter(code=code).update(applicant_name="Trần Thị Bình")
    resp = api.call("get", f"/dossiers/{code}/slips/receipt", "citizen")
    assert resp.status_code == 200
    downloaded = body(resp)
    assert downloaded == stored
    assert hashlib.sha256(downloaded).hexdigest() == slip.sha256
    assert resp["Content-Disposition"] == f'inline; filename="{code}-receipt.pdf"'
    assert Slip.objects.filter(dossier__code=code).count() == 1


def test_a_slip_that_does_not_apply_or_an_unknown_kind_is_refused(api: Api, code: str) -> None:
    assert error_code(api.call("get", f"/dossiers/{code}/slips/refusal", "citizen")) == "not_found"
    assert api.call("get", f"/dossiers/{code}/slips/receipt", "stranger").status_code == 404
    resp = api.call("get", f"/dossiers/{code}/slips/certificate", "citizen")
    assert resp.status_code == 422


def test_the_downloads_are_documented_as_binary(api: Api) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    att = spec["paths"]["/api/v1/dossiers/{code}/attachments/{attachment_id}"]["get"]
    content = att["responses"]["200"]["content"]
    assert content["application/pdf"]["schema"] == {"type": "string", "format": "binary"}
    assert {"image/jpeg", "image/png"} <= set(content)
    assert {"401", "404"} <= set(att["responses"])
    slip = spec["paths"]["/api/v1/dossiers/{code}/slips/{kind}"]["get"]
    assert set(slip["responses"]["200"]["content"]) == {"application/pdf"}
    assert att["security"] == [{"TokenAuth": []}]
    for operation in (att, slip):
        for status in ("401", "404", "422"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}
    track = spec["paths"]["/api/v1/track/{code}"]["get"]
    assert {p["name"] for p in track["parameters"]} == {"code", "pin", "id_last4"}
    out = spec["components"]["schemas"]["TrackOut"]
    assert set(out["required"]) == {
        "code",
        "status",
        "status_label",
        "received_at",
        "due_at",
        "due_state",
        "details",
        "apologies",
    }


# --- tracking -----------------------------------------------------------------------------------


HIDDEN = ("procedure", "agency", "submitted_at", "finished_at", "returned_at", "steps", "applicant")


def test_public_tracking_shows_only_status_receipt_and_appointment(api: Api, code: str) -> None:
    public = api.call("get", f"/track/{code}", None).json()
    assert public["details"] is False
    assert public["status"] == "received"
    assert public["received_at"].startswith("2026-03-02")
    assert public["due_at"]
    for field in HIDDEN:
        assert public[field] is None, field
    pin = Dossier.objects.get(code=code).tracking_pin
    full = api.call("get", f"/track/{code}?pin={pin}", None).json()
    assert full["details"] is True
    assert full["procedure"] == "Đăng ký khai sinh thử nghiệm"
    assert full["applicant"]["name"] == "Nguyễn Văn An"
    assert full["steps"] == []


def test_tracking_codes_are_normalised_and_a_nul_is_a_404(api: Api, code: str) -> None:
    assert api.call("get", f"/track/{code.lower()}", None).json()["code"] == code
    assert api.call("get", f"/track/%20{code}%20", None).status_code == 200
    resp = api.call("get", "/track/abc%00", None)
    assert resp.status_code == 404
    assert error_code(resp) == "not_found"


def test_tracking_guesses_never_lock_out_the_right_secret_elsewhere(api: Api, code: str) -> None:
    for _ in range(5):
        assert api.call("get", f"/track/{code}?id_last4=0000", None).status_code == 403
    assert api.call("get", f"/track/{code}?id_last4=0000", None).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    resp = other.get(f"/api/v1/track/{code}?id_last4={CITIZEN_CCCD[-4:]}")
    assert resp.status_code == 200
    assert resp.json()["applicant"]["name"] == "Nguyễn Văn An"


@pytest.mark.parametrize(
    ("junk", "status"),
    [("u%C2%B8%C2%BF%F1%AB%95%89-X", 422), ("%F0%9F%98%80" * 3, 422), ("12%0034", 422)],
)
def test_any_text_as_a_secret_is_a_clean_refusal(
    api: Api, code: str, junk: str, status: int
) -> None:
    for name in ("pin", "id_last4"):
        resp = api.call("get", f"/track/{code}?{name}={junk}", None)
        assert resp.status_code == status
        assert error_code(resp) in ("id_mismatch", "validation_error")


# --- internal records and officials who lost their role -----------------------------------------


def test_the_control_sheet_is_for_officials_only(api: Api, code: str) -> None:
    assert api.call("get", f"/dossiers/{code}/slips/receipt", "citizen").status_code == 200
    resp = api.call("get", f"/dossiers/{code}/slips/control_sheet", "citizen")
    assert resp.status_code == 404
    assert error_code(resp) == "not_found"
    assert api.call("get", f"/dossiers/{code}/slips/control_sheet", "reception").status_code == 200


def test_a_counter_official_who_lost_their_role_loses_the_dossier(api: Api, world: World) -> None:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=HCM), tick=False):
        resp = api.call("post", "/dossiers", "reception", {**BODY, "channel": "counter"})
    assert resp.status_code == 201, resp.content
    code = resp.json()["code"]
    pk = upload(api, code, "reception")
    assert api.call("get", f"/dossiers/{code}", "reception").status_code == 200
    RoleAssignment.objects.filter(user=world.u("reception")).delete()
    for path in (f"/dossiers/{code}", f"/dossiers/{code}/attachments/{pk}"):
        resp = api.call("get", path, "reception")
        assert resp.status_code == 404, path
        assert error_code(resp) == "not_found"
    assert api.call("get", f"/dossiers/{code}/slips/receipt", "reception").status_code == 404
    assert code not in str(api.call("get", "/dossiers?queue=mine", "reception").content)


def test_the_online_applicant_keeps_their_dossier(api: Api, code: str) -> None:
    assert api.call("get", f"/dossiers/{code}", "citizen").status_code == 200
    assert code in str(api.call("get", "/dossiers?queue=mine", "citizen").content)


# --- tracking: one secret per request, ASCII digits only ------------------------------------------


def test_tracking_with_both_secrets_is_a_422_and_not_a_guess(api: Api, code: str) -> None:
    pin = Dossier.objects.get(code=code).tracking_pin
    wrong = f"{(int(pin) + 1) % 10**6:06d}"
    for _ in range(5):
        resp = api.call("get", f"/track/{code}?pin={wrong}&id_last4=0000", None)
        assert resp.status_code == 422
        assert error_code(resp) == "validation_error"
    assert not Throttle.objects.exists()
    both_right = api.call("get", f"/track/{code}?pin={pin}&id_last4={CITIZEN_CCCD[-4:]}", None)
    assert both_right.status_code == 422
    assert api.call("get", f"/track/{code}?pin={pin}", None).json()["details"] is True


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("pin", "12345"),
        ("pin", "1234567"),
        ("pin", "abcdef"),
        ("pin", "%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5%D9%A6"),  # ١٢٣٤٥٦
        ("id_last4", "123"),
        ("id_last4", "12345"),
        ("id_last4", "%D9%A1%D9%A2%D9%A3%D9%A4"),  # ١٢٣٤
        ("id_last4", "%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94"),  # full-width １２３４
    ],
)
def test_tracking_secrets_must_be_ascii_digits_of_the_right_length(
    api: Api, code: str, name: str, value: str
) -> None:
    resp = api.call("get", f"/track/{code}?{name}={value}", None)
    assert resp.status_code == 422
    assert error_code(resp) == "validation_error"
    assert not Throttle.objects.exists()


def test_tracking_non_ascii_digits_of_the_right_secret_never_match(api: Api, code: str) -> None:
    pin = Dossier.objects.get(code=code).tracking_pin
    arabic = pin.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    resp = api.call("get", f"/track/{code}?pin={quote(arabic)}", None)
    assert resp.status_code == 422
    assert "applicant" not in resp.json()
