"""API operations of consultation under /api/v1/ (added by motcua/api/main.py): the public list
and detail of published drafts, and a signed-in person's comment. What the API shows is what the
public page shows (docs/rules.md §27): published comments with their text, rejected ones with
their reason only, pending ones not at all; no personal data beyond the display name."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from motcua.api.auth import token_or_session
from motcua.api.docs import operation_docs
from motcua.api.schemas import ErrorOut, Text
from motcua.consultation import selectors
from motcua.consultation.models import Comment, CommentStatus, Consultation
from motcua.consultation.services import COMMENT_MAX, comment_submit

router = Router(tags=["consultation"])


class ConsultationItemOut(Schema):
    id: int
    slug: str
    title: str
    kind: str  # regulation | decision
    agency: str  # agency code (QCVN 102:2016)
    agency_name: str
    opens_at: datetime
    closes_at: datetime
    is_open: bool
    published_comments: int
    response_published: bool
    url: str  # the public page


class ConsultationListOut(Schema):
    count: int
    items: list[ConsultationItemOut]


class CommentOut(Schema):
    id: int
    article: int | None  # article number, None for the whole draft
    display_name: str
    created_at: datetime
    status: str  # pending (only to its author, on creation) | published | rejected
    text: str | None  # None when rejected
    reason: str | None  # the published reason of a rejected comment


class ConsultationDocumentOut(Schema):
    id: int
    title: str
    size: int
    sha256: str
    download: str


class ArticleOut(Schema):
    number: int
    title: str
    text: str
    response: str  # "" | accepted | not_accepted (after the summary is published)
    response_text: str


class ConsultationOut(ConsultationItemOut):
    summary: str
    documents: list[ConsultationDocumentOut]
    articles: list[ArticleOut]
    comments: list[CommentOut]
    response_summary: str | None
    response_published_at: datetime | None


class CommentIn(Schema):
    text: Text = Field(..., max_length=COMMENT_MAX)
    article: int | None = None  # article number


_NOT_FOUND = "Không có dự thảo này hoặc dự thảo chưa công bố (`not_found`)."
DETAIL_ERRORS = {404: _NOT_FOUND}
COMMENT_ERRORS = {
    400: "Thiếu nội dung (`text_required`); dự thảo không có điều này (`unknown_article`).",
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ (`unauthenticated`).",
    403: "Đăng nhập bằng phiên mà thiếu hoặc sai mã chống giả mạo CSRF (`csrf_failed`).",
    404: _NOT_FOUND,
    409: "Ngoài thời gian lấy ý kiến (`not_open`).",
    422: "Nội dung gửi lên sai dạng (`validation_error`): không phải JSON, thiếu `text`, "
    f"`text` có ký tự điều khiển (chi tiết `control_character`) hoặc dài quá {COMMENT_MAX} ký "
    "tự (chi tiết `string_too_long`).",
    429: "Đã gửi quá số góp ý cho phép trong một giờ (`too_many_comments`).",
}


def _item(c: Consultation, published: int | None = None) -> dict:
    return {
        "id": c.pk,
        "slug": c.slug,
        "title": c.title,
        "kind": c.kind,
        "agency": c.agency.code,
        "agency_name": c.agency.name,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "is_open": c.is_open(),
        "published_comments": getattr(c, "published_comments", published or 0),
        "response_published": c.response_published_at is not None,
        "url": reverse("consultation:detail", kwargs={"key": c.slug}),
    }


def _comment(c: Comment, number: int | None) -> dict:
    published = c.status != CommentStatus.REJECTED
    return {
        "id": c.pk,
        "article": number,
        "display_name": c.display_name,
        "created_at": c.created_at,
        "status": c.status,
        "text": c.text if published else None,
        "reason": None if published else c.reason,
    }


@router.get(
    "/consultations",
    response={200: ConsultationListOut},
    openapi_extra=operation_docs((200, "Các dự thảo đã công bố (không có lỗi nào khác)"), {}),
)
def consultation_list(request: HttpRequest) -> dict:
    """Các dự thảo đã công bố để lấy ý kiến (đang, sắp và đã kết thúc), mới nhất trước."""
    items = [_item(c) for c in selectors.consultations_public()]
    return {"count": len(items), "items": items}


@router.get(
    "/consultations/{key}",
    response={200: ConsultationOut, **dict.fromkeys(DETAIL_ERRORS, ErrorOut)},
    openapi_extra=operation_docs(
        (200, "Dự thảo, tài liệu, các điều và góp ý công khai"), DETAIL_ERRORS
    ),
)
def consultation_detail(request: HttpRequest, key: str) -> dict:
    """Một dự thảo theo id hoặc đường dẫn: tài liệu, các điều, góp ý công khai, báo cáo tiếp
    thu. 404 `not_found`: không có hoặc chưa công bố."""
    c = selectors.consultation_get_public(key=key)
    view = selectors.public_view(c)
    comments = [_comment(x, None) for x in view.general]
    for pa in view.articles:
        comments += [_comment(x, pa.article.number) for x in pa.comments]
    responded = c.response_published_at is not None
    return {
        **_item(c, sum(1 for x in comments if x["status"] == CommentStatus.PUBLISHED)),
        "summary": c.summary,
        "documents": [
            {
                "id": d.pk,
                "title": d.title,
                "size": d.size,
                "sha256": d.sha256,
                "download": reverse(
                    "consultation:document", kwargs={"key": c.slug, "document_id": d.pk}
                ),
            }
            for d in view.documents
        ],
        "articles": [
            {
                "number": pa.article.number,
                "title": pa.article.title,
                "text": pa.article.text,
                "response": pa.article.response if responded else "",
                "response_text": pa.article.response_text if responded else "",
            }
            for pa in view.articles
        ],
        "comments": comments,
        "response_summary": c.response_summary if responded else None,
        "response_published_at": c.response_published_at,
    }


@router.post(
    "/consultations/{key}/comments",
    response={201: CommentOut, **dict.fromkeys(COMMENT_ERRORS, ErrorOut)},
    openapi_extra=operation_docs((201, "Góp ý đã nhận, chờ kiểm duyệt"), COMMENT_ERRORS),
    auth=token_or_session,
)
def comment_create(request: HttpRequest, key: str, payload: CommentIn) -> Status:
    """Gửi góp ý (toàn văn hoặc theo số điều) khi dự thảo đang lấy ý kiến; góp ý chờ kiểm
    duyệt. Mã lỗi theo từng trạng thái: xem phần Responses."""
    c = selectors.consultation_get_public(key=key)
    article_id = None
    if payload.article is not None:
        article = c.articles.filter(number=payload.article).first()
        article_id = article.pk if article else -1
    comment = comment_submit(
        actor=request.auth, consultation_id=c.pk, text=payload.text, article_id=article_id
    )
    return Status(201, _comment(comment, payload.article))
