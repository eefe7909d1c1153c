"""Feedback pages and API: the public form, the published answers (never the submitter's
personal data), the workspace confirmation forms, and the API (docs/rules.md §24)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services import feedback_classify
from motcua.testing.auth import sign_in
from tests.dossiers.conftest import World
from tests.feedback.conftest import CLOCK, submit
from tests.feedback.test_services import handle

pytestmark = pytest.mark.django_db
PERSONAL = ("Trần Thị Bích", "0912345678", "45 Nguyễn Huệ")


def form(**overrides: str) -> dict[str, str]:
    data = {
        "category": "thu-tuc",
        "subject": "procedure",
        "title": "Chờ lâu ở bộ phận một cửa",
        "content": "Chờ hơn hai giờ mới được tiếp nhận.",
        "name": "Trần Thị Bích",
        "contact": "0912345678",
        "address": "45 Nguyễn Huệ",
        "place": "Bộ phận một cửa phường",
        "lat": "10.7769",
        "lon": "106.7009",
    }
    return {**data, **overrides}


def test_anyone_submits_from_the_form(city: World, clock: Any, client: Client) -> None:
    assert client.get("/phan-anh/gui/").status_code == 200
    resp = client.post("/phan-anh/gui/", form())
    assert resp.status_code == 200
    fb = Feedback.objects.get()
    assert fb.code in resp.content.decode()
    assert str(fb.lat) == "10.776900"


def test_the_form_says_what_is_missing(city: World, clock: Any, client: Client) -> None:
    resp = client.post("/phan-anh/gui/", form(name="", contact=""))
    assert "Cần ghi họ tên" in resp.content.decode()
    assert not Feedback.objects.exists()


def test_public_pages_never_show_personal_data(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    hidden = submit(title="Chưa trả lời")
    handle(city, fb.code)
    listing = client.get("/phan-anh/").content.decode()
    detail = client.get(f"/phan-anh/{fb.code}/").content.decode()
    for page in (listing, detail):
        assert "Yêu cầu sổ hộ khẩu" in page  # the public title the head wrote
        assert fb.title not in page  # the submitter's own words stay inside
        for value in PERSONAL:
            assert value not in page
    assert "Về giấy tờ thừa." in detail
    assert fb.content not in detail
    assert "Đã bỏ yêu cầu sổ hộ khẩu." in detail
    assert hidden.title not in listing
    assert client.get(f"/phan-anh/{hidden.code}/").status_code == 404


def test_answers_are_searchable(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    other = submit(title="Đèn đường hỏng")
    handle(city, fb.code, public_title="Giấy tờ thừa")
    handle(city, other.code, public_title="Đèn đường hỏng ở phố")
    page = client.get("/phan-anh/", {"q": "đèn đường"}).content.decode()
    assert "Đèn đường hỏng ở phố" in page
    assert "Giấy tờ thừa" not in page


def test_the_workspace_flow_uses_confirmation_forms(
    city: World, clock: Any, client: Client
) -> None:
    fb = submit()
    sign_in(client, city.u("reception"))
    assert fb.code in client.get("/can-bo/phan-anh/").content.decode()
    detail = client.get(f"/can-bo/phan-anh/{fb.code}/").content.decode()
    assert "Trần Thị Bích" in detail  # the official sees who wrote
    url = f"/can-bo/phan-anh/{fb.code}/phan-loai/"
    assert "Xác nhận" in client.get(url).content.decode()
    resp = client.post(url, {"kind": Kind.RULES, "agency": city.ward.code, "reason": ""})
    assert resp.status_code == 302
    client.logout()
    sign_in(client, city.u("head"))
    resp = client.post(
        f"/can-bo/phan-anh/{fb.code}/giao/", {"handler": str(city.u("specialist").pk)}
    )
    assert resp.status_code == 302
    client.logout()
    sign_in(client, city.u("specialist"))
    resp = client.post(f"/can-bo/phan-anh/{fb.code}/tra-loi/", {"answer": "Đã chấn chỉnh."})
    assert resp.status_code == 302
    client.logout()
    sign_in(client, city.u("head"))
    url = f"/can-bo/phan-anh/{fb.code}/cong-khai/"
    page = client.get(url).content.decode()
    assert f"<dd>{fb.title}</dd>" in page  # shown read-only beside the empty public text
    assert 'name="public_title" value=' not in page
    assert client.post(url, {}).status_code == 200  # the public text is required
    public = {"public_title": "Chờ lâu khi nộp hồ sơ", "public_content": "Thời gian chờ dài."}
    resp = client.post(url, public)
    assert resp.status_code == 302
    fb.refresh_from_db()
    assert fb.status == Status.PUBLISHED


def test_a_refused_action_shows_the_reason(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    sign_in(client, city.u("specialist"))  # a specialist does not classify
    resp = client.post(
        f"/can-bo/phan-anh/{fb.code}/phan-loai/", {"kind": Kind.RULES, "agency": city.ward.code}
    )
    assert "Cần vai trò" in resp.content.decode()
    fb.refresh_from_db()
    assert fb.status == Status.RECEIVED


def test_another_agencys_official_gets_404(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    sign_in(client, city.u("other_reception"))
    assert fb.code not in client.get("/can-bo/phan-anh/").content.decode()
    assert client.get(f"/can-bo/phan-anh/{fb.code}/").status_code == 404
    resp = client.post(f"/can-bo/phan-anh/{fb.code}/tu-choi/", {"reason": "x"})
    assert resp.status_code == 404


def test_late_feedback_shows_as_late(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    sign_in(client, city.u("reception"))
    assert "Trễ hạn" not in client.get("/can-bo/phan-anh/").content.decode()
    clock.move_to(CLOCK + timedelta(days=26))  # Monday 28/12, past the due date, same year
    sign_in(client, city.u("reception"))
    page = client.get("/can-bo/phan-anh/").content.decode()
    assert "Trễ hạn" in page
    assert "đúng hạn 0,00%" in page  # the late petition counts (Vietnamese decimal comma)
    assert "Trễ hạn" in client.get(f"/can-bo/phan-anh/{fb.code}/").content.decode()


def test_the_submitter_rates_and_reopens(city: World, clock: Any, client: Client) -> None:
    fb = submit(actor=city.u("citizen"))
    handle(city, fb.code)
    sign_in(client, city.u("citizen"))
    page = client.get(f"/phan-anh/{fb.code}/").content.decode()
    assert "Đánh giá câu trả lời" in page
    client.post(f"/phan-anh/{fb.code}/danh-gia/", {"satisfied": "1"})
    fb.refresh_from_db()
    assert fb.satisfied is True
    resp = client.post(f"/phan-anh/{fb.code}/mo-lai/", {"reason": "Chưa được giải quyết."})
    assert resp.status_code == 302
    fb.refresh_from_db()
    assert fb.status == Status.ASSIGNED


def test_someone_else_cannot_rate(city: World, clock: Any, client: Client) -> None:
    fb = submit(actor=city.u("citizen"))
    handle(city, fb.code)
    sign_in(client, city.u("stranger"))
    assert "Đánh giá câu trả lời" not in client.get(f"/phan-anh/{fb.code}/").content.decode()
    assert client.post(f"/phan-anh/{fb.code}/danh-gia/", {"satisfied": "1"}).status_code == 404
    assert client.get(f"/phan-anh/{fb.code}/mo-lai/").status_code == 404


def test_api_submit_list_and_get(city: World, clock: Any, client: Client) -> None:
    body = {
        "category": "thu-tuc",
        "subject": "agency",
        "title": "Thiếu chỗ ngồi chờ",
        "content": "Phòng chờ không đủ ghế.",
        "name": "Lê Văn Cường",
        "contact": "cuong@example.vn",
        "address": "7 Pasteur",
    }
    resp = client.post("/api/v1/feedback", json.dumps(body), content_type="application/json")
    assert resp.status_code == 201, resp.content
    code = resp.json()["code"]
    assert client.get(f"/api/v1/feedback/{code}").status_code == 404  # not published yet
    handle(city, code)
    listing = client.get("/api/v1/feedback").content.decode()
    one = client.get(f"/api/v1/feedback/{code}")
    assert one.status_code == 200
    assert one.json()["answer"] == "Đã bỏ yêu cầu sổ hộ khẩu."
    for text in (listing, one.content.decode()):
        for value in ("Lê Văn Cường", "cuong@example.vn", "7 Pasteur"):
            assert value not in text


def test_api_refuses_anonymous_without_contact(city: World, clock: Any, client: Client) -> None:
    body = {"category": "thu-tuc", "subject": "agency", "title": "T", "content": "C"}
    resp = client.post("/api/v1/feedback", json.dumps(body), content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == "contact_required"


def test_refused_feedback_is_not_public(city: World, clock: Any, client: Client) -> None:
    fb = submit()
    feedback_classify(
        actor=city.u("reception"), code=fb.code, kind=Kind.OUT_OF_SCOPE, reason="Tố cáo."
    )
    assert client.get(f"/phan-anh/{fb.code}/").status_code == 404
