"""Publication with a public text (docs/rules.md §24.5–24.6): the official writes the title and
content the public sees; the submitter's own words never leave through a public page, the API,
the search or Open311. The API documents its error codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from motcua.core.errors import DomainError
from motcua.core.text import CONTROL_CHAR_CODE
from motcua.feedback import selectors
from motcua.feedback.models import Feedback, Kind, Status
from motcua.feedback.services import (
    feedback_answer,
    feedback_assign,
    feedback_classify,
    feedback_publish,
)
from tests.dossiers.conftest import World
from tests.feedback.conftest import submit

pytestmark = pytest.mark.django_db
PRIVATE = "Tôi là Trần Thị Bích, 0912345678, nhà ở hẻm 12 Nguyễn Huệ"


def answered(w: World, **overrides: Any) -> Feedback:
    fb = submit(content=PRIVATE, **overrides)
    feedback_classify(actor=w.u("reception"), code=fb.code, kind=Kind.RULES)
    feedback_assign(actor=w.u("head"), code=fb.code, handler=w.u("specialist"))
    feedback_answer(actor=w.u("specialist"), code=fb.code, answer="Phường đã chấn chỉnh.")
    return fb


def test_the_public_text_is_required_and_checked(city: World, clock: Any) -> None:
    fb = answered(city)
    head = city.u("head")
    cases = [
        ({"public_title": " ", "public_content": "Nội dung."}, "public_text_required"),
        ({"public_title": "Tiêu đề", "public_content": ""}, "public_text_required"),
        ({"public_title": "Tiêu\x01đề", "public_content": "Nội dung."}, CONTROL_CHAR_CODE),
        ({"public_title": "Tiêu đề", "public_content": "Nội\x07dung."}, CONTROL_CHAR_CODE),
        ({"public_title": "T" * 201, "public_content": "Nội dung."}, "text_too_long"),
        ({"public_title": "Tiêu đề", "public_content": "x" * 10_001}, "text_too_long"),
    ]
    for text, code in cases:
        with pytest.raises(DomainError) as exc:
            feedback_publish(actor=head, code=fb.code, **text)
        assert exc.value.code == code, text
    fb.refresh_from_db()
    assert fb.status == Status.ANSWERED
    assert fb.public_title == ""


def test_public_pages_api_search_and_open311_use_only_the_public_text(
    city: World, clock: Any, client: Client
) -> None:
    fb = answered(city, title="Bà Bích ở hẻm 12 bị đòi sổ hộ khẩu")
    feedback_publish(
        actor=city.u("head"),
        code=fb.code,
        public_title="Yêu cầu nộp sổ hộ khẩu",
        public_content="Người dân phản ánh bị yêu cầu nộp sổ hộ khẩu đã bỏ.",
    )
    pages = [
        client.get("/phan-anh/").content.decode(),
        client.get(f"/phan-anh/{fb.code}/").content.decode(),
        client.get("/api/v1/feedback").content.decode(),
        client.get(f"/api/v1/feedback/{fb.code}").content.decode(),
        client.get("/open311/v2/requests.json", {"service_request_id": fb.code}).content.decode(),
        client.get(f"/open311/v2/requests/{fb.code}.xml").content.decode(),
    ]
    for page in pages:
        text = json.loads(page) if page.startswith(("{", "[")) else page
        text = json.dumps(text, ensure_ascii=False) if not isinstance(text, str) else text
        assert "Yêu cầu nộp sổ hộ khẩu" in text or "sổ hộ khẩu đã bỏ" in text
        for private in ("Bà Bích", "0912345678", "hẻm 12"):
            assert private not in text
    assert client.get(f"/api/v1/feedback/{fb.code}").json()["title"] == "Yêu cầu nộp sổ hộ khẩu"
    assert [f.code for f in selectors.published(q="so ho khau da bo")] == [fb.code]
    assert list(selectors.published(q="0912345678")) == []
    assert list(selectors.published(q="Bích")) == []


def test_the_publish_form_starts_empty_beside_the_submitters_text_read_only(
    city: World, clock: Any, client: Client
) -> None:
    from motcua.testing.auth import sign_in

    fb = answered(city, title="Ghế <b>hỏng</b> & chờ lâu")
    sign_in(client, city.u("head"))
    url = f"/can-bo/phan-anh/{fb.code}/cong-khai/"
    page = client.get(url).content.decode()
    # nothing is prefilled: one click cannot publish the submitter's words (§24.6)
    assert 'name="public_title" value=' not in page
    assert f"{PRIVATE}</textarea>" not in page
    assert '<textarea name="public_content"' in page
    # the original is shown read-only, escaped
    assert "Ghế &lt;b&gt;hỏng&lt;/b&gt; &amp; chờ lâu</dd>" in page
    assert f"<dd>{PRIVATE}</dd>" in page
    assert 'type="checkbox" name="place_public"' in page
    resp = client.post(url, {"public_title": "Giấy tờ thừa", "public_content": "Đã sửa."})
    assert resp.status_code == 302
    fb.refresh_from_db()
    assert (fb.public_title, fb.public_content) == ("Giấy tờ thừa", "Đã sửa.")
    assert fb.place_public is False


def test_the_api_answers_control_character_and_documents_its_codes(
    city: World, clock: Any, client: Client
) -> None:
    body = {
        "category": "thu-tuc",
        "subject": "agency",
        "title": "Thiếu\x01 ghế",
        "content": "Phòng chờ không đủ ghế.",
        "name": "Lê Văn Cường",
        "contact": "cuong@example.vn",
    }
    resp = client.post("/api/v1/feedback", json.dumps(body), content_type="application/json")
    assert resp.status_code == 400
    assert resp.json()["error"]["code"] == CONTROL_CHAR_CODE
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/feedback"]["post"]
    described = json.dumps(post["responses"], ensure_ascii=False)
    for code in (
        "contact_required",
        "content_required",
        CONTROL_CHAR_CODE,
        "text_too_long",
        "unknown_category",
        "unknown_agency",
        "validation_error",
    ):
        assert f"`{code}`" in described
    assert set(post["responses"]) == {"201", "400", "422", "429"}
    one = spec["paths"]["/api/v1/feedback/{code}"]["get"]["responses"]
    assert "`not_found`" in one["404"]["description"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_the_public_text_empty_and_measures_answers(
    city: World, clock: Any
) -> None:
    # given one published item and one answered, as before the public fields existed
    published, waiting = answered(city), answered(city, title="Chưa công khai")
    feedback_publish(
        actor=city.u("head"), code=published.code, public_title="x", public_content="y"
    )
    Feedback.objects.update(public_title="", public_content="", answered_late=False)
    Feedback.objects.filter(pk=waiting.pk).update(due_date="2026-12-01")  # answered after it
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("feedback")
    # when the data migration runs
    executor.migrate([("feedback", "0002_public_text_lateness")])
    MigrationExecutor(connection).migrate(latest)
    # then nothing of the submitter's text is copied into the public fields (§24.6)
    published.refresh_from_db()
    waiting.refresh_from_db()
    assert (published.public_title, published.public_content) == ("", "")
    assert (waiting.public_title, waiting.public_content) == ("", "")
    assert published.status == Status.PUBLISHED
    assert list(selectors.published()) == []  # hidden until the head writes a public text
    assert waiting.answered_late
    assert not published.answered_late
