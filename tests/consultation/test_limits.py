"""Limits of consultation (docs/rules.md §27–§28, docs/consultation.md): comments per person
per hour, the export built once per version and the same bytes every time, every error of the
API documented, and no text or key a client sends ends as a 500."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from motcua.api.auth import token_create
from motcua.consultation import services
from motcua.consultation.models import Comment, Consultation
from motcua.core.errors import DomainError
from motcua.dossiers.slips import local
from motcua.testing.auth import sign_in
from tests.consultation.conftest import CLOCK, City, after, during, published

pytestmark = pytest.mark.django_db


def _comment(city: City, c: Consultation, text: str = "Góp ý") -> Comment:
    return services.comment_submit(actor=city.citizen, consultation_id=c.pk, text=text)


def test_twenty_comments_an_hour_then_too_many(city: City) -> None:
    c = published(city)
    start = c.opens_at + timedelta(days=1)
    with time_machine.travel(start, tick=False) as clock:
        for n in range(20):  # the default limit, reached
            clock.move_to(start + timedelta(minutes=n))
            _comment(city, c, f"Góp ý {n}")
        clock.move_to(start + timedelta(minutes=59, seconds=59))
        with pytest.raises(DomainError) as exc:  # one over, within the hour of the first
            _comment(city, c)
        assert exc.value.code == "too_many_comments"
        assert exc.value.status == 429
        assert "20 góp ý trong một giờ" in exc.value.message
        clock.move_to(start + timedelta(hours=1))  # the first is an hour old: one place free
        _comment(city, c)
        with pytest.raises(DomainError):
            _comment(city, c)
    assert Comment.objects.count() == 21


def test_the_limit_is_a_setting_and_counts_each_person_on_every_draft(
    city: City, settings: Any
) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "CONSULTATION_COMMENTS_PER_HOUR": 2}
    first, second = published(city), published(city)
    with during(first):
        _comment(city, first)
        _comment(city, second)
        with pytest.raises(DomainError) as exc:
            _comment(city, first)
        assert exc.value.code == "too_many_comments"
        other = services.comment_submit(actor=city.admin, consultation_id=first.pk, text="Ý kiến")
    assert other.author == city.admin  # another person is not held back


def test_too_many_comments_on_the_page_and_in_the_api(city: City, settings: Any) -> None:
    settings.MOTCUA = {**settings.MOTCUA, "CONSULTATION_COMMENTS_PER_HOUR": 1}
    c = published(city)
    key = token_create(user=city.citizen)
    with during(c):
        page = sign_in(Client(), city.citizen)
        assert page.post(f"/lay-y-kien/{c.slug}/gop-y/", {"text": "Một"}).status_code == 302
        again = page.post(f"/lay-y-kien/{c.slug}/gop-y/", {"text": "Hai"})
        api = Client().post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "Ba"}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    assert again.status_code == 429
    assert "tối đa 1 góp ý trong một giờ" in again.content.decode()
    assert api.status_code == 429
    assert api.json()["error"]["code"] == "too_many_comments"
    assert Comment.objects.count() == 1


def _closed_with_comments(city: City) -> tuple[Consultation, Comment]:
    c = published(city)
    with during(c):
        ok = _comment(city, c, "Đăng")
        wait = _comment(city, c, "Chờ duyệt")
        services.comment_publish(actor=city.admin, comment_id=ok.pk)
    return c, wait


def test_the_export_after_the_close_is_the_same_bytes_every_time(
    city: City, client: Client, django_assert_max_num_queries: Any
) -> None:
    c, wait = _closed_with_comments(city)
    url = f"/lay-y-kien/{c.slug}/gop-y.xlsx"
    with after(c):
        first = client.get(url).content
    later = time_machine.travel(c.closes_at + timedelta(days=3, hours=5), tick=False)
    with later, django_assert_max_num_queries(2):  # the draft and its version: not rebuilt
        second = client.get(url).content
    assert first == second
    # every entry is dated by the last moderation, never by the clock or a temporary file
    moderated = local(c.opens_at + timedelta(days=1)).timetuple()[:6]
    dates = {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert dates == {moderated}
    with time_machine.travel(c.closes_at + timedelta(days=9), tick=False):
        cache.clear()  # another worker, or after a restart: built again, the same bytes
        assert client.get(url).content == first
        services.comment_publish(actor=city.admin, comment_id=wait.pk)  # after the close
        third = client.get(url).content
    assert third != first  # a new version
    assert "Chờ duyệt".encode() not in first


def test_the_export_follows_the_summary(city: City, client: Client) -> None:
    c, _ = _closed_with_comments(city)
    url = f"/lay-y-kien/{c.slug}/gop-y.xlsx"
    with after(c):
        before = client.get(url).content
        services.response_publish(actor=city.admin, consultation_id=c.pk, summary="Đã tiếp thu.")
        assert client.get(url).content != before


def test_openapi_documents_every_error_of_every_operation(client: Client, db: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    post = paths["/api/v1/consultations/{key}/comments"]["post"]["responses"]
    assert set(post) == {"201", "400", "401", "403", "404", "409", "422", "429"}
    codes = {
        "400": ["text_required", "unknown_article"],
        "401": ["unauthenticated"],
        "403": ["csrf_failed"],
        "404": ["not_found"],
        "409": ["not_open"],
        "422": ["validation_error", "control_character", "string_too_long"],
        "429": ["too_many_comments"],
    }
    for status, names in codes.items():
        text = post[status]["description"]
        assert all(f"`{name}`" in text for name in names), (status, text)
        schema = post[status]["content"]["application/json"]["schema"]["$ref"]
        assert schema == "#/components/schemas/ErrorOut"
    detail = paths["/api/v1/consultations/{key}"]["get"]["responses"]
    assert set(detail) == {"200", "404"}
    assert "`not_found`" in detail["404"]["description"]
    assert set(paths["/api/v1/consultations"]["get"]["responses"]) == {"200"}


BAD_TEXTS = ["Góp ý\x00", "Góp ý\x1b", "\ud800", "x" * 10_001]


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_bad_comment_texts_are_client_errors(city: City, text: str) -> None:
    c = published(city)
    key = token_create(user=city.citizen)
    page = sign_in(Client(), city.citizen)
    with during(c):
        if text != "\ud800":  # a lone surrogate cannot be sent as a form's UTF-8
            assert page.post(f"/lay-y-kien/{c.slug}/gop-y/", {"text": text}).status_code == 400
        api = Client().post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": text}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    assert api.status_code == 422, api.content
    assert api.json()["error"]["code"] == "validation_error"
    assert not Comment.objects.exists()


BAD_KEYS = ["²", "٣", "9" * 30, "a\x00b", "x" * 200, "%00"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_a_key_no_draft_can_have_is_not_found(city: City, client: Client, key: str) -> None:
    published(city)
    assert client.get(f"/api/v1/consultations/{key}").status_code == 404
    assert client.get(f"/lay-y-kien/{key}/").status_code == 404
    assert client.get(f"/lay-y-kien/{key}/gop-y.xlsx").status_code == 404
    admin = sign_in(Client(), city.admin)
    assert admin.get(f"/can-bo/lay-y-kien/{'9' * 30}/").status_code == 404


@pytest.mark.parametrize("number", [2**70, -(2**70), 0])
def test_an_article_number_out_of_range_is_unknown(city: City, number: int) -> None:
    c = published(city)
    key = token_create(user=city.citizen)
    with during(c):
        resp = Client().post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "Góp ý", "article": number}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    assert resp.status_code in (400, 422), resp.content
    assert not Comment.objects.exists()


CREATE = {
    "title": "Dự thảo qua trang",
    "kind": "regulation",
    "summary": "Tóm tắt",
    "opens_on": "2026-12-03",
    "closes_on": "2027-01-10",
    "article_title_1": "Phạm vi",
    "article_text_1": "Nội dung 1",
}
BAD_CREATE = [
    {"title": "Dự thảo\x00"},
    {"title": "Dự thảo\x1b"},
    {"title": "x" * 301},
    {"summary": "Tóm tắt\x07"},
    {"summary": "x" * 50_001},
    {"article_title_1": "Phạm vi\x1b"},
    {"article_text_1": "Nội dung\x00"},
    {"closes_on": "9999-12-31"},  # the day after does not exist
    {"opens_on": "0001-01-01"},  # before year 1 in UTC
]


@pytest.mark.parametrize("overrides", BAD_CREATE)
def test_the_create_form_refuses_bad_text_and_dates(city: City, overrides: dict[str, str]) -> None:
    client = sign_in(Client(), city.admin)
    with time_machine.travel(CLOCK, tick=False):
        resp = client.post(
            "/can-bo/lay-y-kien/moi/", {**CREATE, "agency": str(city.dept.pk), **overrides}
        )
    assert resp.status_code == 400
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("bad", ["Lý do\x00", "Lý do\x1b", "x" * 50_001])
def test_workspace_forms_refuse_bad_text(city: City, bad: str) -> None:
    c = published(city)
    with during(c):
        comment = _comment(city, c)
    client = sign_in(Client(), city.admin)
    with during(c):
        moderate = client.post(
            f"/can-bo/lay-y-kien/gop-y/{comment.pk}/kiem-duyet/",
            {"decision": "reject", "reason": bad},
        )
    with after(c):
        client = sign_in(Client(), city.admin)
        summary = client.post(f"/can-bo/lay-y-kien/{c.pk}/tong-hop/", {"summary": bad})
        explain = client.post(
            f"/can-bo/lay-y-kien/{c.pk}/tong-hop/",
            {"summary": "Tổng hợp", "response_1": "not_accepted", "explain_1": bad},
        )
    assert (moderate.status_code, summary.status_code, explain.status_code) == (400, 400, 400)
    comment.refresh_from_db()
    c.refresh_from_db()
    assert comment.status == "pending"
    assert c.response_published_at is None


@pytest.mark.parametrize("title", ["Toàn văn\x00", "Toàn văn\x1b", "x" * 301])
def test_the_document_form_refuses_bad_titles(city: City, title: str) -> None:
    from tests.consultation.conftest import draft, pdf

    with time_machine.travel(CLOCK, tick=False):
        c = draft(city)
        client = sign_in(Client(), city.admin)
        resp = client.post(f"/can-bo/lay-y-kien/{c.pk}/tai-lieu/", {"title": title, "file": pdf()})
    assert resp.status_code == 400
    assert not c.documents.exists()
