"""Request bodies of the dossier actions (`POST /dossiers/{code}/actions/<action>`): one schema per
action with only the fields its service reads, so OpenAPI tells each action's needs."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from motcua.api.schemas import Line, Text

# Bigint primary keys; a larger number could not be sent to the database at all.
StepId = Annotated[int, Field(ge=1, le=2**63 - 1, description="Mã bước xử lý (`steps[].id`)")]
Reason = Annotated[Text, StringConstraints(max_length=1000)]


class SupplementItem(Schema):
    name: Line = Field(..., max_length=500, description="Tên giấy tờ cần bổ sung")
    reason: Text = Field(..., max_length=1000, description="Lý do cần bổ sung")


class VersionedIn(Schema):
    version: int | None = Field(
        None,
        description="Phiên bản hồ sơ đã đọc (`version`); nếu hồ sơ đã đổi thì 409 "
        "`version_conflict`. Bỏ trống: không kiểm tra.",
    )


class ReceiveIn(VersionedIn):
    pass


class RequestSupplementIn(VersionedIn):
    items: list[SupplementItem] = Field(
        ..., min_length=1, max_length=100, description="Mọi giấy tờ cần bổ sung, một lần"
    )
    legal_basis: Text = Field(
        "", max_length=500, description="Căn cứ pháp lý (bắt buộc khi ngoại lệ)"
    )
    override: bool = Field(False, description="Yêu cầu bổ sung lần nữa tại cùng cơ quan (ngoại lệ)")


class SupplementIn(VersionedIn):
    note: Text = Field("", max_length=2000, description="Ghi chú về giấy tờ đã bổ sung")


class RefuseIn(VersionedIn):
    reasons: list[Reason] = Field(
        ..., min_length=1, max_length=50, description="Lý do từ chối (mẫu 03)"
    )


class ClaimIn(Schema):
    step_id: StepId


class AssignIn(Schema):
    step_id: StepId
    assignee: Line = Field(
        ..., min_length=1, max_length=150, description="Tên đăng nhập của cán bộ được giao"
    )


class CompleteStepIn(VersionedIn):
    step_id: StepId
    outcome: Literal["approve", "return", "supplement", "refuse", "forward"] = Field(
        ..., description="Kết quả của bước; phải nằm trong các kết quả bước cho phép"
    )
    note: Text = Field("", max_length=2000, description="Ý kiến xử lý")
    items: list[SupplementItem] = Field(
        default_factory=list, max_length=100, description="Khi `supplement`: giấy tờ cần bổ sung"
    )
    legal_basis: Text = Field("", max_length=500, description="Khi `supplement` ngoại lệ")
    override: bool = Field(False, description="Khi `supplement`: yêu cầu lần nữa (ngoại lệ)")
    reasons: list[Reason] = Field(
        default_factory=list, max_length=50, description="Khi `refuse`: lý do từ chối"
    )
    target_agency: Line | None = Field(
        None, max_length=13, description="Khi `forward`: mã cơ quan nhận"
    )


class ForwardIn(VersionedIn):
    step_id: StepId
    target_agency: Line = Field(..., min_length=1, max_length=13, description="Mã cơ quan nhận")
    note: Text = Field("", max_length=2000, description="Ý kiến khi chuyển")


class RecordResultIn(VersionedIn):
    summary: Text = Field(..., min_length=1, max_length=2000, description="Tóm tắt kết quả")


class ReturnResultIn(VersionedIn):
    channel: Literal["counter", "postal", "electronic"] = Field(
        ..., description="Hình thức trả: tại quầy, bưu chính, điện tử"
    )


class WithdrawIn(VersionedIn):
    reason: Text = Field(..., min_length=1, max_length=2000, description="Lý do dừng giải quyết")


class CancelIn(VersionedIn):
    reason: Text = Field(..., min_length=1, max_length=2000, description="Lý do huỷ hồ sơ")


class ApologizeIn(VersionedIn):
    reason: Text = Field(..., min_length=1, max_length=2000, description="Lý do chậm")
    new_due: date = Field(..., description="Ngày hẹn trả mới (ngày làm việc)")
