"""API operations of feedback under /api/v1/ (added by motcua/api/main.py): submit a feedback
(anyone), list and read published answers. The submitter's personal data never appears in a
response (docs/rules.md §24.6)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from motcua.api.auth import optional_user
from motcua.api.docs import operation_docs
from motcua.api.schemas import ErrorOut
from motcua.core.clientip import client_ip
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
    # only an official may name the handling agency; anyone else's is ignored (the category's)
    agency: str = Field("", description="Chỉ cán bộ: mã cơ quan xử lý. Người dân: bỏ qua.")
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lon: Decimal | None = Field(None, ge=-180, le=180)
    place: str = Field("", max_length=300)


class ReceiptOut(Schema):
    code: str
    status: str
    agency: str
    due_date: str


class FeedbackOut(Schema):
    """A published answer: `title` and `content` are the public text the agency wrote at
    publication (without the submitter's personal data), never the submitter's own words."""

    code: str
    category: str
    subject: str
    title: str
    content: str
    agency: str
    received_at: datetime
    published_at: datetime | None
    answer: str
    place: str = Field(description="Địa điểm; rỗng khi cơ quan không công khai địa điểm.")


class FeedbackListOut(Schema):
    count: int
    items: list[FeedbackOut]


def _out(fb: Feedback) -> dict:
    return {
        "code": fb.code,
        "category": fb.category.code,
        "subject": fb.subject,
        "title": fb.public_title,
        "content": fb.public_content,
        "agency": fb.agency.code,
        "received_at": fb.received_at,
        "published_at": fb.published_at,
        "answer": fb.answer,
        "place": fb.place if fb.place_public else "",
    }


_SUBMIT_ERRORS = {
    400: "Không đăng nhập mà thiếu họ tên hoặc liên hệ (`contact_required`); thiếu tiêu đề "
    "hoặc nội dung (`content_required`); ký tự điều khiển (`control_character`); nội dung quá "
    "dài (`text_too_long`); lĩnh vực hoặc cơ quan không tồn tại (`unknown_category`, "
    "`unknown_agency`).",
    422: "Nội dung gửi lên sai dạng hoặc quá độ dài của trường (`validation_error`).",
    429: "Quá nhiều phản ánh từ một địa chỉ trong một giờ (`too_many_feedback`; "
    'MOTCUA["FEEDBACK_SUBMISSIONS_PER_HOUR"], mặc định 10).',
}
_GET_ERRORS = {404: "Chưa công khai hoặc không có phản ánh này (`not_found`)."}


@router.post(
    "/feedback",
    operation_id="feedback_submit",
    summary="Gửi phản ánh, kiến nghị",
    response={201: ReceiptOut, **dict.fromkeys(_SUBMIT_ERRORS, ErrorOut)},
    openapi_extra=operation_docs(
        (201, "Đã tiếp nhận: mã, trạng thái, cơ quan, hạn xử lý"), _SUBMIT_ERRORS
    ),
    auth=None,
)
def submit(request: HttpRequest, payload: FeedbackIn) -> Status:
    """Gửi phản ánh, kiến nghị. Không đăng nhập thì bắt buộc `name` và `contact`. Phản ánh được
    chuyển đến cơ quan của lĩnh vực; `agency` chỉ có hiệu lực khi người gửi là cán bộ."""
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
    fb = feedback_submit(
        actor=optional_user(request), data=data, source=Source.API, client=client_ip(request)
    )
    out = {
        "code": fb.code,
        "status": fb.status,
        "agency": fb.agency.code,
        "due_date": fb.due_date.isoformat(),
    }
    return Status(201, out)


@router.get(
    "/feedback",
    operation_id="feedback_published_list",
    summary="Câu trả lời phản ánh, kiến nghị đã công khai",
    response={200: FeedbackListOut},
    auth=None,
)
def published_list(request: HttpRequest, q: str = "", category: str = "") -> dict:
    """Câu trả lời đã công khai, mới nhất trước (tối đa 100), tìm theo `q`."""
    items = [_out(fb) for fb in selectors.published(q=q[:100], category=category)[:100]]
    return {"count": len(items), "items": items}


@router.get(
    "/feedback/{code}",
    operation_id="feedback_published_get",
    summary="Một câu trả lời đã công khai",
    response={200: FeedbackOut, **dict.fromkeys(_GET_ERRORS, ErrorOut)},
    openapi_extra=operation_docs((200, "Câu trả lời đã công khai"), _GET_ERRORS),
    auth=None,
)
def published_get(request: HttpRequest, code: str) -> dict:
    """Một câu trả lời đã công khai (tiêu đề, nội dung công khai và câu trả lời)."""
    return _out(selectors.published_get(code=code))
