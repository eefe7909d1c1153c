"""The public pages, the workspace pages, the API and the XLSX export (docs/rules.md §27–§28):
what the public sees of each comment, who may open what, and the export's content."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from motcua.consultation import services
from motcua.consultation.models import Comment, Consultation, ConsultationStatus
from motcua.testing.auth import sign_in
from tests.consultation.conftest import CLOCK, City, after, draft, during, pdf, published

pytestmark = pytest.mark.django_db


def _three_comments(city: City, c: Consultation) -> tuple[Comment, Comment, Comment]:
    """A published comment on Điều 1, a rejected general one, a pending one on Điều 2."""
    with during(c):
        a1 = c.articles.get(number=1)
        a2 = c.articles.get(number=2)
        ok = services.comment_submit(
            actor=city.citizen,
            consultation_id=c.pk,
            text='=HYPERLINK("x") rõ hơn',
            article_id=a1.pk,
        )
        bad = services.comment_submit(
            actor=city.citizen, consultation_id=c.pk, text="LỜI LẼ XÚC PHẠM"
        )
        wait = services.comment_submit(
            actor=city.citizen, consultation_id=c.pk, text="Chưa duyệt", article_id=a2.pk
        )
        services.comment_publish(actor=city.admin, comment_id=ok.pk)
        services.comment_reject(
            actor=city.admin, comment_id=bad.pk, reason="Ngôn từ không phù hợp."
        )
    return ok, bad, wait


def test_public_page_shows_published_and_reasons_never_rejected_or_pending_text(
    city: City, client: Client
) -> None:
    c = published(city)
    _three_comments(city, c)
    with during(c):
        page = client.get(f"/lay-y-kien/{c.slug}/").content.decode()
        by_id = client.get(f"/lay-y-kien/{c.pk}/")
    assert by_id.status_code == 200
    assert "rõ hơn" in page
    assert "Ngôn từ không phù hợp." in page
    assert "XÚC PHẠM" not in page
    assert "Chưa duyệt" not in page
    assert "Nguyễn Văn An" in page
    for private in ("079090001234", "an@example.vn"):
        assert private not in page
    assert "Đăng nhập để góp ý" in page  # anonymous: no form, a sign-in link


def test_list_shows_open_and_closed_and_hides_drafts(city: City, client: Client) -> None:
    open_one = published(city)
    with time_machine.travel(CLOCK, tick=False):
        hidden = draft(city)
        hidden.title = "Bản nháp nội bộ"
        hidden.save(update_fields=["title"])
    with after(open_one):
        page = client.get("/lay-y-kien/").content.decode()
        assert client.get(f"/lay-y-kien/{hidden.pk}/").status_code == 404
        api = client.get("/api/v1/consultations").json()
    assert open_one.title in page
    assert "Đã kết thúc" in page
    assert "Bản nháp nội bộ" not in page
    assert [i["id"] for i in api["items"]] == [open_one.pk]
    assert api["items"][0]["is_open"] is False


def test_a_signed_in_citizen_comments_through_the_page(city: City) -> None:
    c = published(city)
    client = sign_in(Client(), city.citizen)
    article = c.articles.get(number=2)
    with during(c):
        response = client.post(
            f"/lay-y-kien/{c.slug}/gop-y/", {"article": str(article.pk), "text": "Góp ý điều 2"}
        )
        assert response.status_code == 302
        empty = client.post(f"/lay-y-kien/{c.slug}/gop-y/", {"text": ""})
        assert empty.status_code == 400
    comment = Comment.objects.get()
    assert (comment.article, comment.text, comment.status) == (article, "Góp ý điều 2", "pending")
    with after(c):  # signed in again: the session of a month ago has expired
        closed = sign_in(Client(), city.citizen).post(
            f"/lay-y-kien/{c.slug}/gop-y/", {"text": "Muộn"}
        )
    assert closed.status_code == 409
    assert Comment.objects.count() == 1


def test_anonymous_comment_post_goes_to_sign_in(city: City, client: Client) -> None:
    c = published(city)
    with during(c):
        response = client.post(f"/lay-y-kien/{c.slug}/gop-y/", {"text": "Ẩn danh"})
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert not Comment.objects.exists()


def test_api_detail_and_comment(city: City, client: Client) -> None:
    c = published(city)
    _three_comments(city, c)
    with during(c):
        body = client.get(f"/api/v1/consultations/{c.pk}").json()
        anon = client.post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "x"}),
            content_type="application/json",
        )
        signed = sign_in(Client(enforce_csrf_checks=True), city.citizen)
        token_free = signed.post(  # a session without the CSRF token is refused
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "x"}),
            content_type="application/json",
        )
        from motcua.api.auth import token_create

        key = token_create(user=city.citizen)
        made = Client().post(
            f"/api/v1/consultations/{c.slug}/comments",
            json.dumps({"text": "Qua API", "article": 1}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
        wrong = Client().post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "Qua API", "article": 9}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    comments = body["comments"]
    assert {x["status"] for x in comments} == {"published", "rejected"}
    rejected = next(x for x in comments if x["status"] == "rejected")
    assert rejected["text"] is None
    assert rejected["reason"] == "Ngôn từ không phù hợp."
    assert "Chưa duyệt" not in json.dumps(body, ensure_ascii=False)
    assert "079090001234" not in json.dumps(body)
    assert body["response_summary"] is None
    assert anon.status_code == 401
    assert token_free.status_code == 403
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending"
    assert made.json()["article"] == 1
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "unknown_article"
    with after(c):
        late = Client().post(
            f"/api/v1/consultations/{c.pk}/comments",
            json.dumps({"text": "Muộn"}),
            content_type="application/json",
            headers={"authorization": f"Bearer {key}"},
        )
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "not_open"
    assert Client().get("/api/v1/consultations/9999").status_code == 404


def test_openapi_documents_the_operations(client: Client, db: Any) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    post = spec["paths"]["/api/v1/consultations/{key}/comments"]["post"]
    assert {"201", "401", "404", "409"} <= set(post["responses"])
    assert "/api/v1/consultations" in spec["paths"]


def test_export_content(city: City, client: Client) -> None:
    c = published(city)
    _three_comments(city, c)
    with after(c):
        services.response_publish(
            actor=city.admin,
            consultation_id=c.pk,
            summary="Tiếp thu Điều 1.",
            articles=[services.ArticleResponseData(1, "accepted", "Đã sửa Điều 1.")],
        )
        response = client.get(f"/lay-y-kien/{c.slug}/gop-y.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Góp ý"]
    rows = [[cell.value for cell in row] for row in ws.iter_rows()]
    header = rows.index(
        [
            "STT",
            "Góp ý về",
            "Người góp ý",
            "Thời điểm góp ý",
            "Trạng thái",
            "Nội dung góp ý",
            "Lý do không đăng",
            "Ý kiến của cơ quan soạn thảo",
            "Giải trình",
        ]
    )
    data = rows[header + 1 :]
    assert len(data) == 2  # the pending comment is not exported
    ok = next(r for r in data if r[1] == "Điều 1")
    bad = next(r for r in data if r[1] == "Toàn văn dự thảo")
    assert ok[2] == "Nguyễn Văn An"
    assert ok[5].startswith("=HYPERLINK")
    assert ok[7] == "Tiếp thu"
    assert ok[8] == "Đã sửa Điều 1."
    assert bad[5] in (None, "")
    assert bad[6] == "Ngôn từ không phù hợp."
    formula_cell = ws.cell(header + 2 + data.index(ok), 6)
    assert formula_cell.data_type == "s"  # a text, never a formula
    flat = json.dumps(rows, ensure_ascii=False, default=str)
    assert "XÚC PHẠM" not in flat
    assert "Chưa duyệt" not in flat
    assert "079090001234" not in flat
    assert wb["Tổng hợp, tiếp thu"]["A2"].value == "Tiếp thu Điều 1."


def test_summary_shown_on_the_page_after_close(city: City, client: Client) -> None:
    c = published(city)
    with after(c):
        services.response_publish(
            actor=city.admin,
            consultation_id=c.pk,
            summary="Báo cáo tổng hợp mẫu.",
            articles=[services.ArticleResponseData(2, "not_accepted", "Giữ nguyên vì luật.")],
        )
        page = client.get(f"/lay-y-kien/{c.slug}/").content.decode()
    assert "Báo cáo tổng hợp mẫu." in page
    assert "Không tiếp thu" in page
    assert "Giữ nguyên vì luật." in page


def test_documents_download_through_the_view(city: City, client: Client) -> None:
    c = published(city)
    doc = c.documents.get()
    with during(c):
        response = client.get(f"/lay-y-kien/{c.slug}/tai-lieu/{doc.pk}/")
        other = client.get(f"/lay-y-kien/{c.slug}/tai-lieu/{doc.pk + 100}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert other.status_code == 404
    with time_machine.travel(CLOCK, tick=False):
        hidden = draft(city)
        services.consultation_document_add(
            actor=city.admin, consultation_id=hidden.pk, title="Nháp", upload=pdf()
        )
    hidden_doc = hidden.documents.get()
    assert client.get(f"/lay-y-kien/{hidden.pk}/tai-lieu/{hidden_doc.pk}/").status_code == 404
    manager = sign_in(Client(), city.admin)
    assert manager.get(f"/lay-y-kien/{hidden.pk}/tai-lieu/{hidden_doc.pk}/").status_code == 200


# --- workspace ------------------------------------------------------------------------------------


def test_workspace_create_upload_publish_moderate_respond(city: City) -> None:
    client = sign_in(Client(), city.admin)
    with time_machine.travel(CLOCK, tick=False):
        assert client.get("/can-bo/lay-y-kien/moi/").status_code == 200
        form = {
            "title": "Dự thảo qua trang",
            "kind": "regulation",
            "agency": str(city.dept.pk),
            "summary": "Tóm tắt",
            "opens_on": "2026-12-03",
            "closes_on": "2026-12-20",
            "article_title_1": "Phạm vi",
            "article_text_1": "Nội dung 1",
        }
        short = client.post("/can-bo/lay-y-kien/moi/", form)
        assert short.status_code == 400
        assert "ít nhất 30 ngày" in short.content.decode()
        form["closes_on"] = "2027-01-10"
        made = client.post("/can-bo/lay-y-kien/moi/", form)
        assert made.status_code == 302
        c = Consultation.objects.get(title="Dự thảo qua trang")
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/").status_code == 200
        upload = pdf()
        added = client.post(
            f"/can-bo/lay-y-kien/{c.pk}/tai-lieu/", {"title": "Toàn văn", "file": upload}
        )
        assert added.status_code == 302
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/cong-bo/").status_code == 200
        assert client.post(f"/can-bo/lay-y-kien/{c.pk}/cong-bo/").status_code == 302
    c.refresh_from_db()
    assert c.status == ConsultationStatus.PUBLISHED
    assert c.articles.get().title == "Phạm vi"
    with during(c):
        comment = services.comment_submit(actor=city.citizen, consultation_id=c.pk, text="Ý kiến")
        url = f"/can-bo/lay-y-kien/gop-y/{comment.pk}/kiem-duyet/"
        assert client.get(url).status_code == 200
        no_reason = client.post(url, {"decision": "reject", "reason": ""})
        assert no_reason.status_code == 400
        assert client.post(url, {"decision": "reject", "reason": "Trùng lặp."}).status_code == 302
        early = client.post(f"/can-bo/lay-y-kien/{c.pk}/tong-hop/", {"summary": "Sớm"})
        assert early.status_code == 409
    with after(c):
        client = sign_in(Client(), city.admin)
        done = client.post(
            f"/can-bo/lay-y-kien/{c.pk}/tong-hop/",
            {"summary": "Tổng hợp", "response_1": "accepted", "explain_1": "Đã sửa"},
        )
        assert done.status_code == 302
    comment.refresh_from_db()
    c.refresh_from_db()
    assert comment.reason == "Trùng lặp."
    assert c.response_summary == "Tổng hợp"


def test_workspace_of_another_agency_is_not_found(city: City) -> None:
    c = published(city)
    comment = _three_comments(city, c)[2]
    client = sign_in(Client(), city.other_admin)
    with during(c):
        assert client.get(f"/can-bo/lay-y-kien/{c.pk}/").status_code == 404
        url = f"/can-bo/lay-y-kien/gop-y/{comment.pk}/kiem-duyet/"
        assert client.post(url, {"decision": "publish"}).status_code == 404
        assert "Dự thảo Quyết định" not in client.get("/can-bo/lay-y-kien/").content.decode()
    comment.refresh_from_db()
    assert comment.status == "pending"
    citizen = sign_in(Client(), city.citizen)
    assert citizen.get("/can-bo/lay-y-kien/").status_code == 403


def test_demo_seed_makes_an_open_and_a_closed_draft(city: City) -> None:
    from motcua.consultation.demo import CLOSED_TITLE, OPEN_TITLE, seed_demo_consultations

    city.dept.code = "000.00.01.H29"
    city.dept.save(update_fields=["code"])
    city.admin.username = "quantri.sotuphap"
    city.admin.save(update_fields=["username"])
    with time_machine.travel(CLOCK, tick=False):
        assert seed_demo_consultations(echo=lambda _: None) == 2
        assert seed_demo_consultations(echo=lambda _: None) == 0
        opened = Consultation.objects.get(title=OPEN_TITLE)
        closed = Consultation.objects.get(title=CLOSED_TITLE)
        assert opened.is_open()
        assert opened.articles.count() == 2
        assert closed.is_closed()
        assert closed.response_published_at is not None
    assert closed.comments.filter(status="rejected").count() == 1
    assert opened.published_at < CLOCK - timedelta(days=2)


def test_list_queries_do_not_grow_with_drafts(
    city: City, client: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(4):
        published(city)
    with during(Consultation.objects.first()), django_assert_max_num_queries(3):
        body = client.get("/api/v1/consultations").json()
    assert body["count"] == 4
    with during(Consultation.objects.first()), django_assert_max_num_queries(6):
        assert client.get("/lay-y-kien/").status_code == 200
