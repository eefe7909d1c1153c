"""API of the national portal sync: Decision 766 index 1.4 for inspectors and leaders."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from motcua.api.auth import token_or_session
from motcua.api.schemas import ErrorOut
from motcua.core.errors import DomainError
from motcua.national_portal.presenters import report_data
from motcua.national_portal.rules import parse_period
from motcua.national_portal.selectors import sync_report_for_user

router = Router(tags=["national-portal"])


class SyncIndexOut(Schema):
    agency: str
    period: str
    received: int
    synced: int
    rejected: int
    never_queued: int
    denominator: str | None
    basis: str
    ratio_percent: str | None
    score: str | None
    max_score: int


@router.get(
    "/national-portal/index-1-4",
    response={200: SyncIndexOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=token_or_session,
)
def sync_index(
    request: HttpRequest,
    agency: str = Query(..., max_length=13, description="Mã cơ quan (gồm cả cơ quan trực thuộc)."),
    period: str = Query(..., max_length=7, description="Kỳ: YYYY-MM, YYYY-Qn hoặc YYYY."),
    dvcqg_count: int | None = Query(
        None, ge=0, description="Số hồ sơ của kỳ theo Cổng DVCQG, nếu có (mẫu số lấy số lớn hơn)."
    ),
) -> dict:
    """Chỉ số 1.4 (Quyết định 766/QĐ-TTg): hồ sơ tiếp nhận trong kỳ đã đồng bộ lên Cổng Dịch vụ
    công quốc gia ÷ số lớn hơn giữa số hồ sơ của hệ thống báo cáo và của Cổng; không có hồ sơ thì
    lấy tổng năm trước ÷ 12 (tháng) hoặc ÷ 4 (quý); điểm = 6 × tỷ lệ. Thanh tra, lãnh đạo, trưởng
    đơn vị và quản trị của cơ quan. Lỗi: `period_invalid` (400), cơ quan ngoài phạm vi: 404."""
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise DomainError(str(exc), code="period_invalid") from exc
    report = sync_report_for_user(
        user=request.auth, agency_code=agency, period=parsed, portal_count=dvcqg_count
    )
    return report_data(report)
