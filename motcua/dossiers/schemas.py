"""API schemas of the dossier endpoints."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from motcua.api.schemas import Line, Text


class ApplicantIn(Schema):
    kind: Literal["person", "organisation"] = "person"
    name: Line = Field(..., min_length=1, max_length=255)
    id_number: Line = Field(..., min_length=1, max_length=20, description="CCCD hoặc mã số thuế")
    phone: Line = Field("", max_length=20)
    email: Line = Field("", max_length=254)
    address: Line = Field("", max_length=500)
    representative_name: Line = Field("", max_length=255)
    representative_id_number: Line = Field("", max_length=20)


class DossierIn(Schema):
    procedure_code: Line = Field(..., min_length=1, max_length=32)
    agency_code: Line = Field(..., min_length=1, max_length=13)
    applicant: ApplicantIn
    form_data: dict = Field(default_factory=dict)
    channel: Literal["online", "counter", "postal"] = "online"


class SupplementItem(Schema):
    name: Line = Field(..., max_length=500)
    reason: Text = Field(..., max_length=1000)


class ActionIn(Schema):
    """Fields used by each action; unused fields are ignored."""

    version: int | None = Field(None, description="Phiên bản hồ sơ đã đọc (409 nếu đã đổi)")
    step_id: int | None = None
    outcome: Literal["approve", "return", "supplement", "refuse", "forward"] | None = None
    note: Text = Field("", max_length=2000)
    items: list[SupplementItem] = Field(default_factory=list)
    legal_basis: Text = Field("", max_length=500)
    override: bool = False
    reasons: list[Text] = Field(default_factory=list)
    target_agency: Line | None = Field(None, max_length=13)
    summary: Text = Field("", max_length=2000)
    channel: Literal["counter", "postal", "electronic"] | None = None
    reason: Text = Field("", max_length=2000)
    new_due: date | None = None
    assignee: Line | None = Field(None, max_length=150, description="Tên đăng nhập")


class NamedCode(Schema):
    code: str
    name: str


class StepOut(Schema):
    id: int
    key: str
    name: str
    agency: NamedCode
    role: str
    status: str
    assignee: str | None
    activated_at: datetime
    due_at: datetime
    completed_at: datetime | None
    outcome: str
    timing: str


class ApologyOut(Schema):
    issued_at: datetime
    reason: str
    old_due_at: datetime
    new_due_at: datetime
    issued_in_time: bool


class DossierOut(Schema):
    code: str
    status: str
    status_label: str
    procedure: NamedCode
    procedure_version: int
    agency: NamedCode
    channel: str
    profile: str
    paused: bool
    due_state: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    fee_total: int
    version: int
    refusal_reasons: list[str]
    steps: list[StepOut]
    apologies: list[ApologyOut]


class DossierListOut(Schema):
    count: int
    items: list[DossierOut]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class TrackStepOut(Schema):
    name: str
    agency: str
    completed_at: datetime | None
    timing: str


class TrackApologyOut(Schema):
    new_due_at: datetime
    issued_at: datetime | None = Field(None, description="Chỉ khi có mã tra cứu.")
    reason: str | None = Field(None, description="Chỉ khi có mã tra cứu.")


class TrackApplicantOut(Schema):
    name: str
    address: str
    phone: str


_NEEDS_PIN = "Chỉ khi nhập đúng mã tra cứu (PIN) hoặc 4 số cuối CCCD/MST; không có thì null."


class TrackOut(Schema):
    """Công khai: trạng thái, thời gian tiếp nhận, hẹn trả (và hẹn lại). Các trường khác chỉ có
    khi `details` là true (đã nhập đúng mã tra cứu hoặc 4 số cuối CCCD/MST)."""

    code: str
    status: str
    status_label: str
    received_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None = Field(None, description="Hẹn trả mới (văn bản xin lỗi).")
    due_state: str
    details: bool = Field(description="Đã xác minh mã tra cứu: có các trường chi tiết.")
    apologies: list[TrackApologyOut]
    procedure: str | None = Field(None, description=_NEEDS_PIN)
    agency: str | None = Field(None, description=_NEEDS_PIN)
    submitted_at: datetime | None = Field(None, description=_NEEDS_PIN)
    finished_at: datetime | None = Field(None, description=_NEEDS_PIN)
    returned_at: datetime | None = Field(None, description=_NEEDS_PIN)
    steps: list[TrackStepOut] | None = Field(None, description=_NEEDS_PIN)
    applicant: TrackApplicantOut | None = Field(None, description=_NEEDS_PIN)
