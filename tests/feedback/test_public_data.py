"""No personal data published by one click (docs/rules.md §24.6): the public text may not hold
the submitter's name or contact, and the place they typed is public only when the official
makes it so at publication."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from motcua.core.errors import DomainError
from motcua.core.models import AuditEvent
from motcua.feedback.models import Feedback, Status
from motcua.feedback.services import feedback_publish
from tests.dossiers.conftest import World
from tests.feedback.test_publication import answered

pytestmark = pytest.mark.django_db
PLACE = "Trước chợ Bến Thành"


@pytest.mark.parametrize(
    "content",
    [
        "Bà TRAN THI BICH phản ánh giấy tờ thừa.",  # the name, no accents, upper case
        "Bà trần thị  bích phản ánh.",
        "Liên hệ 0912 345 678 để biết thêm.",  # the phone number, spaced
        "Liên hệ 0912.345.678.",
    ],
)
def test_a_public_text_with_the_name_or_contact_is_refused(
    city: World, clock: Any, content: str
) -> None:
    fb = answered(city)  # submitted by Trần Thị Bích, 0912345678
    with pytest.raises(DomainError) as exc:
        feedback_publish(
            actor=city.u("head"), code=fb.code, public_title="Giấy tờ", public_content=content
        )
    assert exc.value.code == "personal_data_in_public_text"
    assert "thông tin cá nhân" in exc.value.message
    fb.refresh_from_db()
    assert fb.status == Status.ANSWERED


def test_the_name_in_the_title_is_refused_too(city: World, clock: Any) -> None:
    fb = answered(city, contact="bich.tran@example.vn")
    for title in ("Trần Thị Bích hỏi", "Thư BICH.TRAN@EXAMPLE.VN"):
        with pytest.raises(DomainError) as exc:
            feedback_publish(
                actor=city.u("head"), code=fb.code, public_title=title, public_content="Nội dung."
            )
        assert exc.value.code == "personal_data_in_public_text", title


def test_a_name_shorter_than_four_characters_is_not_looked_for(city: World, clock: Any) -> None:
    fb = answered(city, name="Lý", contact="0987654321")
    feedback_publish(
        actor=city.u("head"),
        code=fb.code,
        public_title="Lý do chậm trả hồ sơ",
        public_content="Người dân hỏi lý do hồ sơ trả chậm.",
    )
    fb.refresh_from_db()
    assert fb.status == Status.PUBLISHED


def test_the_page_shows_the_refusal(city: World, clock: Any, client: Client) -> None:
    from motcua.testing.auth import sign_in

    fb = answered(city)
    sign_in(client, city.u("head"))
    url = f"/can-bo/phan-anh/{fb.code}/cong-khai/"
    resp = client.post(url, {"public_title": "Hỏi", "public_content": "Bà Trần Thị Bích hỏi."})
    assert resp.status_code == 200
    assert "thông tin liên hệ của người phản ánh" in resp.content.decode()
    assert Feedback.objects.get(pk=fb.pk).status == Status.ANSWERED


def _published(city: World, *, place_public: bool) -> Feedback:
    fb = answered(city, place=PLACE, lat=Decimal("10.772200"), lon=Decimal("106.698000"))
    feedback_publish(
        actor=city.u("head"),
        code=fb.code,
        public_title="Lấn chiếm vỉa hè",
        public_content="Vỉa hè bị lấn chiếm.",
        place_public=place_public,
    )
    return fb


def _everywhere(client: Client, code: str) -> tuple[str, dict, dict, dict]:
    page = client.get(f"/phan-anh/{code}/").content.decode()
    api = client.get(f"/api/v1/feedback/{code}").json()
    listed = client.get("/api/v1/feedback").json()["items"][0]
    o311 = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    return page, api, listed, o311


def test_the_place_is_not_public_unless_the_official_ticks_it(
    city: World, clock: Any, client: Client
) -> None:
    fb = _published(city, place_public=False)
    page, api, listed, o311 = _everywhere(client, fb.code)
    assert PLACE not in page
    assert api["place"] == listed["place"] == ""
    assert (o311["address"], o311["lat"], o311["long"]) == ("", None, None)
    xml = client.get(f"/open311/v2/requests/{fb.code}.xml").content.decode()
    assert PLACE not in xml
    assert "10.7722" not in xml
    assert PLACE not in json.dumps(client.get("/api/v1/feedback").json(), ensure_ascii=False)


def test_the_place_is_public_when_ticked(city: World, clock: Any, client: Client) -> None:
    fb = _published(city, place_public=True)
    page, api, listed, o311 = _everywhere(client, fb.code)
    assert PLACE in page
    assert api["place"] == listed["place"] == PLACE
    assert (o311["address"], o311["lat"], o311["long"]) == (PLACE, 10.7722, 106.698)
    assert Feedback.objects.get(pk=fb.pk).place_public is True


def test_the_publish_page_ticks_the_place(city: World, clock: Any, client: Client) -> None:
    from motcua.testing.auth import sign_in

    fb = answered(city, place=PLACE)
    sign_in(client, city.u("head"))
    url = f"/can-bo/phan-anh/{fb.code}/cong-khai/"
    assert f"<dd>{PLACE}</dd>" in client.get(url).content.decode()
    data = {"public_title": "Vỉa hè", "public_content": "Lấn chiếm.", "place_public": "on"}
    assert client.post(url, data).status_code == 302
    assert Feedback.objects.get(pk=fb.pk).place_public is True


def _published_without_public_text(city: World) -> Feedback:
    """As migration 0003 leaves an item published before the public text existed."""
    fb = _published(city, place_public=True)
    Feedback.objects.filter(pk=fb.pk).update(public_title="", public_content="", search_text="")
    return Feedback.objects.get(pk=fb.pk)


def test_a_published_item_without_public_text_is_hidden_everywhere(
    city: World, clock: Any, client: Client
) -> None:
    fb = _published_without_public_text(city)
    assert client.get("/phan-anh/").content.decode().count(fb.code) == 0
    assert client.get(f"/phan-anh/{fb.code}/").status_code == 404
    assert client.get("/api/v1/feedback").json() == {"count": 0, "items": []}
    assert client.get(f"/api/v1/feedback/{fb.code}").status_code == 404
    one = client.get(f"/open311/v2/requests/{fb.code}.json").json()[0]
    assert one["status"] == "open"  # as not yet published
    assert (one["status_notes"], one["description"], one["address"]) == ("", "", "")
    assert one["lat"] is None
    closed = client.get("/open311/v2/requests.json", {"status": "closed"}).json()
    assert closed == []
    opened = client.get("/open311/v2/requests.json", {"status": "open"}).json()
    assert [r["service_request_id"] for r in opened] == [fb.code]


def test_the_head_writes_the_public_text_of_a_hidden_item(
    city: World, clock: Any, client: Client
) -> None:
    from motcua.testing.auth import sign_in

    fb = _published_without_public_text(city)
    published_at, closed_late = fb.published_at, fb.closed_late
    sign_in(client, city.u("head"))
    assert "/cong-khai/" in client.get(f"/can-bo/phan-anh/{fb.code}/").content.decode()
    data = {"public_title": "Vỉa hè", "public_content": "Vỉa hè bị lấn chiếm."}
    assert client.post(f"/can-bo/phan-anh/{fb.code}/cong-khai/", data).status_code == 302
    fb.refresh_from_db()
    assert (fb.status, fb.public_title, fb.published_at) == (
        Status.PUBLISHED,
        "Vỉa hè",
        published_at,
    )
    assert fb.closed_late == closed_late
    assert fb.place_public is False  # not ticked this time
    assert AuditEvent.objects.filter(
        stream_id=fb.code, kind="feedback.public_text_written"
    ).exists()
    client.logout()
    assert client.get(f"/phan-anh/{fb.code}/").status_code == 200
    # once written, publishing again is refused
    with pytest.raises(DomainError) as exc:
        feedback_publish(actor=city.u("head"), code=fb.code, public_title="A", public_content="B")
    assert exc.value.code == "invalid_state"
