"""API schemas of the dossier endpoints."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator


class ApplicantIn(Schema):
    kind: Literal["person", "organisation"] = "person"
    name: str = Field(..., min_length=1, max_length=255)
    id_number: str = Field(..., min_length=1, max_length=20, description="CCCD hoặc mã số thuế")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)
    representative_name: str = Field("", max_length=255)
    representative_id_number: str = Field("", max_length=20)


class DossierIn(Schema):
    procedure_code: str = Field(..., min_length=1, max_length=32)
    agency_code: str = Field(..., min_length=1, max_length=13)
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
    issued_at: datetime
    reason: str
    new_due_at: datetime


class TrackOut(Schema):
    code: str
    status: str
    status_label: str
    procedure: str
    agency: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    due_state: str
    steps: list[TrackStepOut]
    apologies: list[TrackApologyOut]
    applicant: dict[str, str] | None = None
