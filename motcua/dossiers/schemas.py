"""API schemas of the dossier endpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from motcua.api.schemas import Line


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


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# An instant, always written in UTC: a dossier just changed by a service holds local times
# (deadlines are computed in Vietnam time), one read from the database holds UTC.
Instant = Annotated[datetime, AfterValidator(_utc)]


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
    activated_at: Instant
    due_at: Instant
    completed_at: Instant | None
    outcome: str
    timing: str


class ApologyOut(Schema):
    issued_at: Instant
    reason: str
    old_due_at: Instant
    new_due_at: Instant
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
    submitted_at: Instant | None
    received_at: Instant | None
    due_at: Instant | None
    extended_due_at: Instant | None
    finished_at: Instant | None
    returned_at: Instant | None
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
