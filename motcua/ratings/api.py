"""API operations of ratings under /api/v1/ (added by motcua/api/main.py): the applicant rates
a finished dossier (`POST /dossiers/{code}/rating`) and anyone who may see the dossier reads
its effective rating (`GET`). A dossier the caller may not see is 404."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from motcua.api.auth import token_or_session
from motcua.api.docs import operation_docs
from motcua.api.schemas import ErrorOut, Text
from motcua.core.errors import NotFound
from motcua.dossiers.selectors.dossiers import dossier_get_for_user
from motcua.ratings.selectors import rating_effective, rating_out
from motcua.ratings.services import OfficialScore, RatingData, rating_submit

router = Router(tags=["ratings"])

Point = Field(..., ge=0, le=2)


class OfficialIn(Schema):
    official_id: int
    courtesy: int = Point
    guidance: int = Point
    timeliness: int = Point
    comment: Text = Field("", max_length=1000)


class RatingIn(Schema):
    satisfied: bool
    i5: int = Point
    i6: int = Point
    i7: int = Point
    i8: int = Point
    i9: int = Point
    comment: Text = Field("", max_length=2000)
    officials: list[OfficialIn] = Field(default_factory=list, max_length=50)


class OfficialRatingOut(Schema):
    official: str
    role: str  # received | handled
    courtesy: int
    guidance: int
    timeliness: int
    comment: str


class RatingOut(Schema):
    id: int
    dossier: str
    source: str  # applicant | self | system | survey | inspection
    channel: str  # online | kiosk | desk
    satisfied: bool
    indicators: list[int]  # the nine indicators in order, 0/1/2 each
    total: int  # at most 18
    rules_version: str
    computed: dict  # the inputs of indicators 1–4
    comment: str
    corrects: int | None
    correction_reason: str
    created_at: datetime
    officials: list[OfficialRatingOut]


_CREATE_ERRORS = {
    400: "Điểm không hợp lệ (`points_invalid`, `official_points_invalid`); cán bộ không tiếp "
    "nhận hoặc giải quyết hồ sơ, hoặc chấm hai lần (`official_not_serving`); ký tự điều khiển "
    "trong ý kiến (`control_character`).",
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ (`unauthenticated`).",
    403: "Không phải người nộp (`forbidden`); cán bộ đã tiếp nhận hoặc giải quyết hồ sơ "
    "(`own_work`); tự đánh giá mình (`self_rating`); phiên trình duyệt thiếu mã CSRF "
    "(`csrf_failed`).",
    404: "Hồ sơ không có hoặc ngoài phạm vi người gọi (`not_found`).",
    409: "Hồ sơ chưa có kết quả (`invalid_state`); đã được đánh giá (`already_rated`).",
    422: "Dữ liệu sai kiểu, điểm ngoài 0–2, ý kiến quá dài hoặc có ký tự điều khiển "
    "(`validation_error`, chi tiết theo trường).",
}
_GET_ERRORS = {
    401: "Chưa đăng nhập hoặc mã truy cập không hợp lệ (`unauthenticated`).",
    404: "Hồ sơ ngoài phạm vi (`not_found`) hoặc chưa được đánh giá (`not_rated`).",
}


@router.post(
    "/dossiers/{code}/rating",
    response={201: RatingOut, **dict.fromkeys(_CREATE_ERRORS, ErrorOut)},
    openapi_extra=operation_docs((201, "Đánh giá đã ghi nhận"), _CREATE_ERRORS),
    auth=token_or_session,
)
def rating_create(request: HttpRequest, code: str, payload: RatingIn) -> Status:
    """Đánh giá việc giải quyết hồ sơ (một lần, không sửa được). Tiêu chí 1–4 do hệ thống tính;
    lỗi theo từng mã trạng thái ở phần responses."""
    dossier = dossier_get_for_user(user=request.auth, code=code)
    data = RatingData(
        satisfied=payload.satisfied,
        points={n: getattr(payload, f"i{n}") for n in (5, 6, 7, 8, 9)},
        comment=payload.comment,
        officials=[OfficialScore(**o.dict()) for o in payload.officials],
    )
    rating = rating_submit(actor=request.auth, code=dossier.code, data=data)
    return Status(201, rating_out(rating))


@router.get(
    "/dossiers/{code}/rating",
    response={200: RatingOut, **dict.fromkeys(_GET_ERRORS, ErrorOut)},
    openapi_extra=operation_docs((200, "Đánh giá hiện hành của hồ sơ"), _GET_ERRORS),
    auth=token_or_session,
)
def rating_get(request: HttpRequest, code: str) -> dict:
    """Đánh giá hiện hành của hồ sơ (bản cuối của chuỗi điều chỉnh). 404: hồ sơ ngoài phạm vi
    (`not_found`) hoặc chưa được đánh giá (`not_rated`)."""
    dossier = dossier_get_for_user(user=request.auth, code=code)
    rating = rating_effective(dossier)
    if rating is None:
        raise NotFound("Hồ sơ chưa được đánh giá.", code="not_rated")
    return rating_out(rating)
