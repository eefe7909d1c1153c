"""API operations of feedback under /api/v1/ (added by motcua/api/main.py): submit a feedback
(anyone), list and read published answers. The submitter's personal data never appears in a
response (docs/rules.md §24.6)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from motcua.api.auth import optional_user
from motcua.api.schemas import ErrorOut
from motcua.feedback import selectors
from motcua.feedback.models import Feedback, Source, Subject
from motcua.feedback.services import SubmitData, feedback_submit

router = Router(tags=["feedback"])


class FeedbackIn(Schema):
    category: str
    subject: Subject
    title: str = Field(max_length=200)
    content: str = Field(max_length=10000)
    subject_ref: str = Field("", max_length=100)
    name: str = Field("", max_length=200)  # required when the caller is not signed in
    contact: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    agency: str = ""
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lon: Decimal | None = Field(None, ge=-180, le=180)
    place: str = Field("", max_length=300)


class ReceiptOut(Schema):
    code: str
    status: str
    agency: str
    due_date: str


class FeedbackOut(Schema):
    code: str
    category: str
    subject: str
    title: str
    content: str
    agency: str
    received_at: datetime
    published_at: datetime | None
    answer: str
    place: str


class FeedbackListOut(Schema):
    count: int
    items: list[FeedbackOut]


def _out(fb: Feedback) -> dict:
    return {
        "code": fb.code,
        "category": fb.category.code,
        "subject": fb.subject,
        "title": fb.title,
        "content": fb.content,
        "agency": fb.agency.code,
        "received_at": fb.received_at,
        "published_at": fb.published_at,
        "answer": fb.answer,
        "place": fb.place,
    }


@router.post("/feedback", response={201: ReceiptOut, 400: ErrorOut, 422: ErrorOut}, auth=None)
def submit(request: HttpRequest, payload: FeedbackIn) -> Status:
    """Gửi phản ánh, kiến nghị. Không đăng nhập thì bắt buộc `name` và `contact`
    (`contact_required`). 400: lĩnh vực, cơ quan không tồn tại (`unknown_category`,
    `unknown_agency`), thiếu nội dung (`content_required`)."""
    data = SubmitData(
        category_code=payload.category,
        subject=payload.subject,
        title=payload.title,
        content=payload.content,
        subject_ref=payload.subject_ref,
        name=payload.name,
        contact=payload.contact,
        address=payload.address,
        agency_code=payload.agency,
        lat=payload.lat,
        lon=payload.lon,
        place=payload.place,
    )
    fb = feedback_submit(actor=optional_user(request), data=data, source=Source.API)
    out = {
        "code": fb.code,
        "status": fb.status,
        "agency": fb.agency.code,
        "due_date": fb.due_date.isoformat(),
    }
    return Status(201, out)


@router.get("/feedback", response={200: FeedbackListOut}, auth=None)
def published_list(request: HttpRequest, q: str = "", category: str = "") -> dict:
    """Câu trả lời đã công khai, mới nhất trước (tối đa 100), tìm theo `q`."""
    items = [_out(fb) for fb in selectors.published(q=q[:100], category=category)[:100]]
    return {"count": len(items), "items": items}


@router.get("/feedback/{code}", response={200: FeedbackOut, 404: ErrorOut}, auth=None)
def published_get(request: HttpRequest, code: str) -> dict:
    """Một câu trả lời đã công khai; 404 (`not_found`) khi chưa công khai hoặc không có."""
    return _out(selectors.published_get(code=code))
