"""edXML packages of QCVN 102:2016/BTTTT: an official document and its status messages.

A package is `edXML` → `edXMLEnvelope` → {`edXMLHeader` → `MessageHeader`, `TraceHeaderList`;
`edXMLBody` → `edXMLManifest` → `Reference`*}, then `AttachmentEncoded` → `Attachment`* with the
file in base64 (`ContentTransferEncoded`). Element names follow QCVN 102:2016/BTTTT as seen in
public builders and parsers; the ones that are not confirmed carry a comment saying so
(docs/edxml.md lists them). Field lengths are those of Decree 30/2020/NĐ-CP Annex VI Part II
(e-document metadata); a longer value is refused, never cut.

Contracts:
- `build` writes UTF-8 XML without indentation, each `Reference` with the SHA-256 of its file
  (`mc:DigestSHA256`, the platform's namespace), sealed by the sending organisation
  (`edxml_sign`: the platform's own seal, not XML-DSig).
- `parse` refuses, with a stable code, a package over `max_bytes`, anything with a DTD or an
  entity (defusedxml), a broken or missing seal, a certificate `trusted` does not accept, a file
  whose base64 or SHA-256 is wrong, and a field that is missing or out of bounds. It checks who
  sealed, not that the sealer is the `From` organ: the caller compares the certificate's owner
  with `envelope.from_organ` (Decree 30/2020/NĐ-CP Art. 21: authenticity and integrity are
  checked before an incoming document is registered).
- Dates are written `yyyy/MM/dd` and times `yyyy/MM/dd HH:mm:ss` in Vietnam time, as the public
  builders write them; times keep whole seconds. XML turns CR LF into LF (XML 1.0 §2.11), so
  text comes back with LF line ends.

No Django model is used; this module is unit-tested without a database.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET  # builds only; parsing is defusedxml
from zoneinfo import ZoneInfo

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.text import find_control_char
from motcua.documents.edxml_sign import (
    MC_NS,
    NS,
    EdxmlError,
    b64decode_strict,
    mc,
    q,
    seal,
    verify,
)

__all__ = [
    "MAX_PACKAGE_BYTES",
    "STATUS_CODES",
    "Attachment",
    "EdxmlError",
    "Envelope",
    "Organ",
    "StatusMessage",
    "Trace",
    "build",
    "build_status",
    "parse",
    "parse_status",
]

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y/%m/%d"
TIME_FORMAT = "%Y/%m/%d %H:%M:%S"
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
_PATHS = {"e": NS, "mc": MC_NS}

# The platform's own status codes, pending confirmation: the QCVN 102:2016 list was not found
# (docs/edxml.md). Callers pass `codes=` to use a configured list instead.
STATUS_CODES: Mapping[str, str] = {
    "01": gettext_noop("Đã nhận"),
    "02": gettext_noop("Đã tiếp nhận"),
    "03": gettext_noop("Đã phân công xử lý"),
    "04": gettext_noop("Đang xử lý"),
    "05": gettext_noop("Đã hoàn thành"),
    "06": gettext_noop("Trả lại"),
}

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


def _validate_status(status: StatusMessage, codes: Mapping[str, str]) -> None:
    _check_uuid(status.document_id, "document_id")
    _check_organ(status.from_organ)
    _check_organ(status.to_organ)
    if status.status_code not in codes:
        raise _invalid("status_code")
    _check_text(status.description, "description")
    _check_time(status.time, "time")


# --- writing ---------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, q(tag))
    if text is not None:
        child.text = text
    return child


def _organ(parent: ET.Element, tag: str, organ: Organ) -> None:
    element = _sub(parent, tag)
    _sub(element, "OrganId", organ.organ_id)
    _sub(element, "OrganizationInCharge", organ.organization_in_charge)
    _sub(element, "OrganName", organ.organ_name)


def _time(value: datetime) -> str:
    return value.astimezone(VIETNAM).strftime(TIME_FORMAT)


def _message_header(parent: ET.Element, env: Envelope) -> None:
    header = _sub(parent, "MessageHeader")
    _organ(header, "From", env.from_organ)
    for organ in env.to_organs:
        _organ(header, "To", organ)
    _sub(header, "DocumentId", env.document_id)
    code = _sub(header, "Code")
    _sub(code, "CodeNumber", env.code_number)
    _sub(code, "CodeNotation", env.code_notation)
    promulgation = _sub(header, "PromulgationInfo")
    _sub(promulgation, "Place", env.place)
    _sub(promulgation, "PromulgationDate", env.promulgation_date.strftime(DATE_FORMAT))
    doc_type = _sub(header, "DocumentType")
    _sub(doc_type, "Type", str(env.doc_type))
    _sub(doc_type, "TypeDetail", str(env.type_detail))
    _sub(doc_type, "TypeName", env.type_name)
    _sub(header, "Subject", env.subject)
    _sub(header, "Content", env.content)
    signer = _sub(header, "SignerInfo")
    _sub(signer, "Competence", env.signer_competence)
    _sub(signer, "Position", env.signer_position)
    _sub(signer, "FullName", env.signer_full_name)
    if env.due_date is not None:
        # Unconfirmed [U]: name from Decree 30/2020 Annex VI (DueDate) and public parsers.
        _sub(header, "DueDate", env.due_date.strftime(DATE_FORMAT))
    # Unconfirmed [U]: ToPlaces (Annex VI, incoming metadata) as a list of Place, the shape
    # public parsers read it in.
    places = _sub(header, "ToPlaces")
    for place in env.to_places:
        _sub(places, "Place", place)
    other = _sub(header, "OtherInfo")
    # Unconfirmed [U]: OtherInfo/Priority, named in public builders; Annex VI "Priority".
    _sub(other, "Priority", str(env.priority))
    _sub(other, "PageAmount", str(env.page_amount))
    for document_id in env.response_for:
        # Unconfirmed [U]: ResponseFor, named in public parsers (which also carry OrganId,
        # Code and PromulgationDate of the document answered; only its DocumentId here).
        _sub(_sub(header, "ResponseFor"), "DocumentId", document_id)
    # Unconfirmed [U]: SteeringType, named in public builders (a number, 0 by default).
    _sub(header, "SteeringType", str(env.steering_type))


def _trace_list(parent: ET.Element, trace: list[Trace]) -> None:
    element = _sub(parent, "TraceHeaderList")
    for hop in trace:
        item = _sub(element, "TraceHeader")
        _sub(item, "OrganId", hop.organ_id)
        _sub(item, "Timestamp", _time(hop.time))
        # The path's element names are the platform's reading of "path from/to" (domain notes).
        _sub(item, "PathFrom", hop.path_from)
        _sub(item, "PathTo", hop.path_to)


def _content_id(document_id: str, index: int) -> str:
    return f"cid:{document_id}-{index}"


def _files(root: ET.Element, body: ET.Element, env: Envelope) -> None:
    manifest = _sub(body, "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _sub(root, "AttachmentEncoded")
    for index, attachment in enumerate(env.attachments, start=1):
        content_id = _content_id(env.document_id, index)
        reference = _sub(manifest, "Reference")
        _sub(reference, "ContentId", content_id)
        _sub(reference, "ContentType", attachment.content_type)
        _sub(reference, "AttachmentName", attachment.name)
        ET.SubElement(reference, mc("DigestSHA256")).text = hashlib.sha256(
            attachment.data
        ).hexdigest()
        item = _sub(encoded, "Attachment")
        _sub(item, "ContentId", content_id)
        _sub(item, "AttachmentName", attachment.name)
        _sub(item, "ContentType", attachment.content_type)
        _sub(item, "ContentTransferEncoded", _b64(attachment.data))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _sealed(root: ET.Element, *, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> bytes:
    """Seal what a receiver will parse: the package is read back before it is signed."""
    reread = _read_xml(ET.tostring(root, encoding="utf-8"), sys.maxsize)
    header, manifest = _locate(reread)
    header.append(seal(header, manifest, key=key, certificate=certificate))
    return ET.tostring(reread, encoding="utf-8", xml_declaration=True)


def build(envelope: Envelope, *, key: rsa.RSAPrivateKey, certificate: x509.Certificate) -> bytes:
    """The sealed edXML package of `envelope` (UTF-8 bytes); `EdxmlError` if a field is out of
    bounds or `key` is not the key of `certificate`."""
    validate(envelope)
    root = ET.Element(q("edXML"))
    wrapper = _sub(root, "edXMLEnvelope")
    header = _sub(wrapper, "edXMLHeader")
    _message_header(header, envelope)
    _trace_list(header, envelope.trace)
    _files(root, _sub(wrapper, "edXMLBody"), envelope)
    return _sealed(root, key=key, certificate=certificate)


def build_status(
    status: StatusMessage,
    *,
    key: rsa.RSAPrivateKey,
    certificate: x509.Certificate,
    codes: Mapping[str, str] = STATUS_CODES,
) -> bytes:
    """The sealed status package (`MessageStatus` in the header, no manifest)."""
    _validate_status(status, codes)
    root = ET.Element(q("edXML"))
    header = _sub(_sub(root, "edXMLEnvelope"), "edXMLHeader")
    message = _sub(header, "MessageStatus")
    _organ(message, "From", status.from_organ)
    # `To` is the platform's addition (public parsers read only ResponseFor/OrganId).
    _organ(message, "To", status.to_organ)
    response_for = _sub(message, "ResponseFor")
    _sub(response_for, "OrganId", status.to_organ.organ_id)
    _sub(response_for, "DocumentId", status.document_id)
    _sub(message, "StatusCode", status.status_code)
    _sub(message, "Description", status.description)
    _sub(message, "Timestamp", _time(status.time))
    return _sealed(root, key=key, certificate=certificate)


# --- reading ---------------------------------------------------------------------------------


def _malformed(message: str | None = None) -> EdxmlError:
    return EdxmlError(message or _("Gói tin edXML không đúng cấu trúc."), code="edxml.malformed")


def _read_xml(data: bytes, max_bytes: int) -> ET.Element:
    if len(data) > max_bytes:
        raise EdxmlError(
            _("Gói tin edXML vượt quá %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)},
            code="edxml.too_large",
        )
    try:
        root: ET.Element = fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except (ET.ParseError, DefusedXmlException, ValueError) as e:
        raise _malformed() from e
    return root


def _locate(root: ET.Element) -> tuple[ET.Element, ET.Element | None]:
    header = root.find("e:edXMLEnvelope/e:edXMLHeader", _PATHS)
    if root.tag != q("edXML") or header is None:
        raise _malformed()
    return header, root.find("e:edXMLEnvelope/e:edXMLBody/e:edXMLManifest", _PATHS)


def _open(
    data: bytes, trusted: Callable[[x509.Certificate], bool], max_bytes: int, *, manifest: bool
) -> tuple[ET.Element, ET.Element, ET.Element | None]:
    root = _read_xml(data, max_bytes)
    header, found = _locate(root)
    if manifest and found is None:
        raise _malformed()
    certificate = verify(header, found if manifest else None)
    if not trusted(certificate):
        raise EdxmlError(
            _("Chứng thư số của cơ quan gửi không được tin cậy."), code="edxml.untrusted"
        )
    return root, header, found


def _text(parent: ET.Element, path: str, *, required: bool = True) -> str:
    element = parent.find(path, _PATHS)
    if element is None:
        if required:
            raise _malformed(_("Gói tin edXML thiếu %(path)s.") % {"path": path.replace("e:", "")})
        return ""
    return element.text or ""


def _int(parent: ET.Element, path: str) -> int:
    text = _text(parent, path).strip()
    if not (text.isascii() and text.isdigit()):
        raise _malformed(_("Gói tin edXML: %(path)s không phải số.") % {"path": path[2:]})
    return int(text)


def _date(text: str) -> date:
    for pattern in (DATE_FORMAT, "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise _malformed(_("Gói tin edXML có ngày không hợp lệ: %(value)s.") % {"value": text[:20]})


def _datetime(text: str) -> datetime:
    try:
        naive = datetime.strptime(text.strip(), TIME_FORMAT)  # noqa: DTZ007 (Vietnam time)
    except ValueError as e:
        raise _malformed(
            _("Gói tin edXML có thời điểm không hợp lệ: %(value)s.") % {"value": text[:25]}
        ) from e
    return naive.replace(tzinfo=VIETNAM)


def _read_organ(element: ET.Element) -> Organ:
    return Organ(
        organ_id=_text(element, "e:OrganId"),
        organization_in_charge=_text(element, "e:OrganizationInCharge", required=False),
        organ_name=_text(element, "e:OrganName"),
    )


def _read_header(header: ET.Element) -> dict[str, Any]:
    m = header.find("e:MessageHeader", _PATHS)
    if m is None:
        raise _malformed()
    found = m.find("e:From", _PATHS)
    if found is None:
        raise _malformed()
    due = _text(m, "e:DueDate", required=False)
    return {
        "document_id": _text(m, "e:DocumentId"),
        "from_organ": _read_organ(found),
        "to_organs": [_read_organ(e) for e in m.findall("e:To", _PATHS)],
        "code_number": _text(m, "e:Code/e:CodeNumber"),
        "code_notation": _text(m, "e:Code/e:CodeNotation"),
        "place": _text(m, "e:PromulgationInfo/e:Place"),
        "promulgation_date": _date(_text(m, "e:PromulgationInfo/e:PromulgationDate")),
        "doc_type": _int(m, "e:DocumentType/e:Type"),
        "type_detail": _int(m, "e:DocumentType/e:TypeDetail"),
        "type_name": _text(m, "e:DocumentType/e:TypeName"),
        "subject": _text(m, "e:Subject"),
        "content": _text(m, "e:Content", required=False),
        "signer_competence": _text(m, "e:SignerInfo/e:Competence", required=False),
        "signer_position": _text(m, "e:SignerInfo/e:Position", required=False),
        "signer_full_name": _text(m, "e:SignerInfo/e:FullName", required=False),
        "priority": _int(m, "e:OtherInfo/e:Priority"),
        "due_date": _date(due) if due.strip() else None,
        "page_amount": _int(m, "e:OtherInfo/e:PageAmount"),
        "to_places": [e.text or "" for e in m.findall("e:ToPlaces/e:Place", _PATHS)],
        "steering_type": _int(m, "e:SteeringType"),
        "response_for": [_text(e, "e:DocumentId") for e in m.findall("e:ResponseFor", _PATHS)],
    }


def _read_trace(header: ET.Element) -> list[Trace]:
    return [
        Trace(
            organ_id=_text(e, "e:OrganId"),
            time=_datetime(_text(e, "e:Timestamp")),
            path_from=_text(e, "e:PathFrom", required=False),
            path_to=_text(e, "e:PathTo", required=False),
        )
        for e in header.findall("e:TraceHeaderList/e:TraceHeader", _PATHS)
    ]


def _read_files(root: ET.Element, manifest: ET.Element) -> list[Attachment]:
    """Each `Reference` with exactly one `Attachment`, its base64 and SHA-256 checked."""
    payloads: dict[str, str] = {}
    for item in root.findall("e:AttachmentEncoded/e:Attachment", _PATHS):
        content_id = _text(item, "e:ContentId")
        if content_id in payloads:
            raise _malformed()
        payloads[content_id] = _text(item, "e:ContentTransferEncoded")
    files: list[Attachment] = []
    references = manifest.findall("e:Reference", _PATHS)
    if {_text(r, "e:ContentId") for r in references} != set(payloads) or len(references) != len(
        payloads
    ):
        raise _malformed(_("Danh mục tệp đính kèm không khớp với các tệp trong gói tin."))
    for reference in references:
        name = _text(reference, "e:AttachmentName")
        try:
            data = b64decode_strict(payloads[_text(reference, "e:ContentId")])
        except ValueError as e:  # binascii.Error is a ValueError
            raise _malformed(
                _("Tệp đính kèm %(name)s không đúng mã hóa base64.") % {"name": name[:100]}
            ) from e
        if hashlib.sha256(data).hexdigest() != _text(reference, "mc:DigestSHA256").lower():
            raise EdxmlError(
                _("Tệp đính kèm %(name)s đã bị thay đổi (sai mã băm SHA-256).")
                % {"name": name[:100]},
                code="edxml.digest",
            )
        files.append(Attachment(name, _text(reference, "e:ContentType"), data))
    return files


def _revalidated(check: Callable[[], None]) -> None:
    """A received value out of bounds is a malformed package, not a caller's mistake."""
    try:
        check()
    except EdxmlError as e:
        raise _malformed(e.message) from e


def parse(
    data: bytes,
    *,
    trusted: Callable[[x509.Certificate], bool],
    max_bytes: int = MAX_PACKAGE_BYTES,
) -> Envelope:
    """The envelope of a sealed package, after every check in the module docstring."""
    root, header, manifest = _open(data, trusted, max_bytes, manifest=True)
    assert manifest is not None  # _open(manifest=True) refuses a package without one
    fields = _read_header(header)
    envelope = Envelope(
        **fields, trace=_read_trace(header), attachments=_read_files(root, manifest)
    )
    _revalidated(lambda: validate(envelope))
    return envelope


def parse_status(
    data: bytes,
    *,
    trusted: Callable[[x509.Certificate], bool],
    max_bytes: int = MAX_PACKAGE_BYTES,
    codes: Mapping[str, str] = STATUS_CODES,
) -> StatusMessage:
    """The status message of a sealed status package; an unknown code is malformed."""
    _root, header, _manifest = _open(data, trusted, max_bytes, manifest=False)
    m = header.find("e:MessageStatus", _PATHS)
    if m is None:
        raise _malformed()
    organs = [m.find(f"e:{tag}", _PATHS) for tag in ("From", "To")]
    if organs[0] is None or organs[1] is None:
        raise _malformed()
    status = StatusMessage(
        document_id=_text(m, "e:ResponseFor/e:DocumentId"),
        from_organ=_read_organ(organs[0]),
        to_organ=_read_organ(organs[1]),
        status_code=_text(m, "e:StatusCode").strip(),
        description=_text(m, "e:Description", required=False),
        time=_datetime(_text(m, "e:Timestamp")),
    )
    _revalidated(lambda: _validate_status(status, codes))
    return status
