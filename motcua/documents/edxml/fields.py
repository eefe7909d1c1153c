"""The envelope's fields (QCVN 102:2016/BTTTT) and their bounds (Decree 30/2020/NĐ-CP Annex VI
Part II): the dataclasses, the formats, and `validate`, which refuses what a package cannot
carry. A longer value is refused, never cut (docs/edxml.md). No Django model."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.text import find_control_char
from motcua.documents.edxml.seal import MC_NS, NS, EdxmlError

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y/%m/%d"
TIME_FORMAT = "%Y/%m/%d %H:%M:%S"
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
_PATHS = {"e": NS, "mc": MC_NS}

# Field → (label, max length from Decree 30/2020/NĐ-CP Annex VI Part II, or None).
_FIELDS: dict[str, tuple[str, int | None]] = {
    "organ_id": (gettext_noop("Mã định danh cơ quan (OrganId)"), 13),
    "organization_in_charge": (gettext_noop("Cơ quan chủ quản (OrganizationInCharge)"), None),
    "organ_name": (gettext_noop("Tên cơ quan (OrganName)"), 200),
    "to_organs": (gettext_noop("Cơ quan nhận (To)"), None),
    "document_id": (gettext_noop("Mã văn bản (DocumentId)"), None),
    "code_number": (gettext_noop("Số văn bản (CodeNumber)"), 11),
    "code_notation": (gettext_noop("Ký hiệu văn bản (CodeNotation)"), 30),
    "place": (gettext_noop("Địa danh (Place)"), None),
    "type_name": (gettext_noop("Tên loại văn bản (TypeName)"), 100),
    "subject": (gettext_noop("Trích yếu (Subject)"), 500),
    "content": (gettext_noop("Nội dung (Content)"), None),
    "signer_competence": (gettext_noop("Thẩm quyền ký (Competence)"), None),
    "signer_position": (gettext_noop("Chức vụ người ký (Position)"), 100),
    "signer_full_name": (gettext_noop("Họ tên người ký (FullName)"), 50),
    "to_places": (gettext_noop("Nơi nhận (ToPlaces)"), 1000),
    "response_for": (gettext_noop("Văn bản được trả lời (ResponseFor)"), None),
    "path": (gettext_noop("Đường đi (TraceHeader)"), None),
    "attachment_name": (gettext_noop("Tên tệp đính kèm (AttachmentName)"), None),
    "content_type": (gettext_noop("Kiểu tệp đính kèm (ContentType)"), None),
    "description": (gettext_noop("Mô tả trạng thái (Description)"), None),
    "status_code": (gettext_noop("Mã trạng thái (StatusCode)"), None),
    "promulgation_date": (gettext_noop("Ngày ban hành (PromulgationDate)"), None),
    "due_date": (gettext_noop("Hạn xử lý (DueDate)"), None),
    "doc_type": (gettext_noop("Loại văn bản (Type)"), None),
    "type_detail": (gettext_noop("Loại chi tiết (TypeDetail)"), None),
    "priority": (gettext_noop("Độ khẩn (Priority)"), None),
    "page_amount": (gettext_noop("Số trang (PageAmount)"), None),
    "steering_type": (gettext_noop("Loại chỉ đạo (SteeringType)"), None),
    "time": (gettext_noop("Thời điểm (Timestamp)"), None),
    "attachment_data": (gettext_noop("Nội dung tệp đính kèm"), None),
}
_MULTILINE = frozenset({"content", "description"})


@dataclass(frozen=True)
class Organ:
    """A sending or receiving agency; `organ_id` is the 13-character QCVN 102 identifier."""

    organ_id: str
    organization_in_charge: str
    organ_name: str


@dataclass(frozen=True)
class Trace:
    """One hop of the package (`TraceHeaderList/TraceHeader`)."""

    organ_id: str
    time: datetime
    path_from: str = ""
    path_to: str = ""


@dataclass(frozen=True)
class Attachment:
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class Envelope:
    """An official document as one edXML `MessageHeader` plus its files.

    `priority` is Annex VI "Priority Number 1" (0–4; the meaning of each value is the
    platform's, not confirmed). `doc_type`, `type_detail` and `steering_type` are the numeric
    codes of `DocumentType/Type`, `DocumentType/TypeDetail` and `SteeringType`."""

    document_id: str
    from_organ: Organ
    to_organs: list[Organ]
    code_number: str
    code_notation: str
    place: str
    promulgation_date: date
    doc_type: int
    type_detail: int = 0
    type_name: str
    subject: str
    content: str = ""
    signer_competence: str = ""
    signer_position: str = ""
    signer_full_name: str = ""
    priority: int = 0
    due_date: date | None = None
    page_amount: int = 0
    to_places: list[str] = field(default_factory=list)
    steering_type: int = 0
    response_for: list[str] = field(default_factory=list)
    trace: list[Trace] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class StatusMessage:
    """A processing status sent back to the sender (`MessageStatus`)."""

    document_id: str
    from_organ: Organ
    to_organ: Organ
    status_code: str
    description: str
    time: datetime


# --- validation ------------------------------------------------------------------------------


def field_limit(name: str) -> int | None:
    """The Annex VI length of a field (None: the annex gives none)."""
    return _FIELDS[name][1]


def _invalid(name: str) -> EdxmlError:
    return EdxmlError(
        _("Trường %(field)s không hợp lệ.") % {"field": _(_FIELDS[name][0])},
        code="edxml.invalid_field",
    )


def _check_text(value: object, name: str, *, required: bool = False) -> None:
    label, limit = _FIELDS[name]
    if not isinstance(value, str) or (required and not value.strip()):
        raise _invalid(name)
    if find_control_char(value, multiline=name in _MULTILINE) is not None:
        raise _invalid(name)
    if limit is not None and len(value) > limit:
        raise EdxmlError(
            _("Trường %(field)s dài quá %(limit)d ký tự.") % {"field": _(label), "limit": limit},
            code="edxml.field_too_long",
        )


def _check_int(value: object, name: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid(name)


def _check_organ(organ: object) -> None:
    if not isinstance(organ, Organ):
        raise _invalid("organ_id")
    _check_text(organ.organ_id, "organ_id", required=True)
    _check_text(organ.organization_in_charge, "organization_in_charge")
    _check_text(organ.organ_name, "organ_name", required=True)


def _check_time(value: object, name: str) -> None:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise _invalid(name)


def _check_uuid(value: object, name: str) -> None:
    try:
        if not isinstance(value, str) or str(uuid.UUID(value)) != value.lower():
            raise _invalid(name)
    except ValueError as e:
        raise _invalid(name) from e


def _is_date(value: object) -> bool:
    """A calendar date; a datetime (a date subclass) would lose its time on the way."""
    return isinstance(value, date) and not isinstance(value, datetime)


def validate(envelope: Envelope) -> None:
    """Refuse an envelope that QCVN 102 / Annex VI cannot carry (`EdxmlError`)."""
    _check_uuid(envelope.document_id, "document_id")
    _check_organ(envelope.from_organ)
    if not envelope.to_organs:
        raise _invalid("to_organs")
    for organ in envelope.to_organs:
        _check_organ(organ)
    for name in ("code_number", "code_notation", "place", "type_name", "subject", "content"):
        _check_text(getattr(envelope, name), name)
    for name in ("signer_competence", "signer_position", "signer_full_name"):
        _check_text(getattr(envelope, name), name)
    for name, low, high in (("doc_type", 0, 10**6), ("type_detail", 0, 10**6),
                            ("priority", 0, 4), ("page_amount", 0, 10**6),
                            ("steering_type", 0, 10**6)):  # fmt: skip
        _check_int(getattr(envelope, name), name, low, high)
    if not _is_date(envelope.promulgation_date):
        raise _invalid("promulgation_date")
    if envelope.due_date is not None and not _is_date(envelope.due_date):
        raise _invalid("due_date")
    for place in envelope.to_places:
        _check_text(place, "to_places", required=True)
    # Annex VI gives ToPlaces one String(1000): the places joined as a receiver would show them.
    _check_text("; ".join(envelope.to_places), "to_places")
    for document_id in envelope.response_for:
        _check_text(document_id, "response_for", required=True)
    for hop in envelope.trace:
        _check_text(hop.organ_id, "organ_id", required=True)
        _check_time(hop.time, "time")
        _check_text(hop.path_from, "path")
        _check_text(hop.path_to, "path")
    for attachment in envelope.attachments:
        _check_text(attachment.name, "attachment_name", required=True)
        _check_text(attachment.content_type, "content_type", required=True)
        if not isinstance(attachment.data, bytes):
            raise _invalid("attachment_data")
