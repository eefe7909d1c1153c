"""The metadata of an electronic document (Decree 30/2020/NĐ-CP Annex VI Part II; docs/documents.md
"Metadata"): the field table, the values of an outgoing or incoming document in annex order,
`check`, and an XML export.

Contracts:
- The table (`OUTGOING`, `INCOMING`) holds each field's code, Vietnamese label, type and length
  as the annex gives them. `kind` or `length` is None where the annex text the platform follows
  gives none (no length is invented). Composite fields (FileCode, SignerInfo, To) have parts.
- `outgoing_metadata` / `incoming_metadata` only read. A value the platform does not hold is
  None (the file fields: documents are not filed into a hồ sơ here; DocOrdinal; an outgoing
  DueDate). The platform's readings: Language is "Tiếng Việt" (the documents it renders are
  Vietnamese); PageAmount is counted in the stored PDF (None without one); Priority is the
  urgency as `exchange_map.PRIORITY_OF` (0–3) — secrecy has no digit of its own and secret
  documents never travel electronically; IssuedAmount is one copy per recipient listed;
  incoming ToPlaces are the source's recipients (else the receiving agency), TraceHeaderList
  the distribution, deadline and processing status, one line each.
- `check` refuses a value longer than its field (digits for a Number) with a Vietnamese message
  naming the field (`metadata.field_too_long`); nothing is cut. `metadata_xml` checks first.
- XML: plain UTF-8, no namespace, element names = the annex codes, every field present in annex
  order (empty when not held), To once per recipient; dates ISO 8601 (`YYYY-MM-DD`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET  # builds only; nothing is parsed here

from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import DomainError
from motcua.documents._checks import stored_bytes
from motcua.documents.exchange_map import PRIORITY_OF
from motcua.documents.models import DocumentRecipient, IncomingDocument, OutgoingDocument
from motcua.documents.symbols import number_text
from motcua.documents.types import BY_CODE
from motcua.signing.services.results import pdf_pages

Scalar = str | int | date | None
LANGUAGE = "Tiếng Việt"
OUTGOING_ROOT = "OutgoingMetadata"  # the root's name is the platform's; the annex names fields
INCOMING_ROOT = "IncomingMetadata"


@dataclass(frozen=True)
class Field:
    code: str
    label: str  # Vietnamese (gettext_noop)
    kind: str | None = None  # String, Number, Date, LongText; None: not given
    length: int | None = None  # None: the annex gives no length here
    parts: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Value:
    field: Field
    value: Scalar = None
    parts: tuple[Value, ...] = ()


def _organ_id(label: str) -> Field:
    return Field("OrganId", label, "String", 13)


FILE_CODE = Field("FileCode", gettext_noop("Mã hồ sơ"), parts=(
    _organ_id(gettext_noop("Mã định danh của cơ quan, tổ chức lập hồ sơ")),
    Field("FileCatalog", gettext_noop("Năm hình thành hồ sơ"), "Number", 4),
    Field("FileNotation", gettext_noop("Số và ký hiệu hồ sơ"), "String", 20),
))  # fmt: skip
DOC_ORDINAL = Field("DocOrdinal", gettext_noop("Số thứ tự văn bản trong hồ sơ"), "Number", 3)
TYPE_NAME = Field("TypeName", gettext_noop("Tên loại văn bản"), "String", 100)
CODE_NUMBER = Field("CodeNumber", gettext_noop("Số của văn bản"), "String", 11)
CODE_NOTATION = Field("CodeNotation", gettext_noop("Ký hiệu của văn bản"), "String", 30)
ISSUED_DATE = Field("IssuedDate", gettext_noop("Ngày, tháng, năm văn bản"), "Date")
ORGAN_NAME = Field(
    "OrganName", gettext_noop("Tên cơ quan, tổ chức ban hành văn bản"), "String", 200
)
SUBJECT = Field("Subject", gettext_noop("Trích yếu nội dung"), "String", 500)
LANGUAGE_FIELD = Field("Language", gettext_noop("Ngôn ngữ"))
PAGE_AMOUNT = Field("PageAmount", gettext_noop("Số lượng trang của văn bản"))
DESCRIPTION = Field("Description", gettext_noop("Ghi chú"))
SIGNER_INFO = Field("SignerInfo", gettext_noop("Chức vụ, họ tên người ký"), parts=(
    Field("Position", gettext_noop("Chức vụ người ký"), "String", 100),
    Field("FullName", gettext_noop("Họ tên người ký"), "String", 50),
))  # fmt: skip
TO = Field("To", gettext_noop("Nơi nhận"), parts=(
    _organ_id(gettext_noop("Mã định danh của cơ quan, tổ chức nhận")),
    Field("OrganName", gettext_noop("Tên cơ quan, tổ chức nhận"), "String", 200),
))  # fmt: skip
PRIORITY = Field("Priority", gettext_noop("Độ ưu tiên (độ khẩn, độ mật)"), "Number", 1)
ISSUED_AMOUNT = Field("IssuedAmount", gettext_noop("Số lượng bản phát hành"))
DUE_DATE = Field("DueDate", gettext_noop("Hạn giải quyết"))
ARRIVAL_DATE = Field("ArrivalDate", gettext_noop("Ngày đến"))
ARRIVAL_NUMBER = Field("ArrivalNumber", gettext_noop("Số đến"), "Number", 10)
TO_PLACES = Field("ToPlaces", gettext_noop("Nơi nhận"), "String", 1000)
TRACE = Field(
    "TraceHeaderList",
    gettext_noop("Đơn vị, người nhận; ý kiến phân phối, chỉ đạo; tình trạng xử lý"),
    "LongText",
)

# Annex VI Part II, outgoing documents: 16 fields, in the annex's order.
OUTGOING: tuple[Field, ...] = (
    FILE_CODE, DOC_ORDINAL, TYPE_NAME, CODE_NUMBER, CODE_NOTATION, ISSUED_DATE, ORGAN_NAME,
    SUBJECT, LANGUAGE_FIELD, PAGE_AMOUNT, DESCRIPTION, SIGNER_INFO, TO, PRIORITY, ISSUED_AMOUNT,
    DUE_DATE,
)  # fmt: skip
# Incoming documents: the outgoing fields that describe the document itself (not To nor
# IssuedAmount, which are the sender's), then what the receiver adds.
INCOMING: tuple[Field, ...] = (
    FILE_CODE, DOC_ORDINAL, TYPE_NAME, CODE_NUMBER, CODE_NOTATION, ISSUED_DATE, ORGAN_NAME,
    SUBJECT, LANGUAGE_FIELD, PAGE_AMOUNT, DESCRIPTION, SIGNER_INFO, PRIORITY, ARRIVAL_DATE,
    ARRIVAL_NUMBER, TO_PLACES, TRACE, DUE_DATE,
)  # fmt: skip

# Which stored field each value is copied from (model, field, path in the table): the stored
# value must fit the field (tests/documents/test_metadata.py checks each max_length).
OUTGOING_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("accounts.Agency", "code", "FileCode/OrganId"),
    ("documents.OutgoingDocument", "doc_type", "TypeName"),  # the type's name
    ("documents.OutgoingDocument", "number", "CodeNumber"),
    ("documents.OutgoingDocument", "symbol", "CodeNotation"),  # after the "/"
    ("accounts.Agency", "name", "OrganName"),
    ("documents.OutgoingDocument", "subject", "Subject"),
    ("documents.OutgoingDocument", "signer_position", "SignerInfo/Position"),
    ("documents.OutgoingDocument", "signer_name", "SignerInfo/FullName"),
    ("accounts.Agency", "code", "To/OrganId"),
    ("accounts.Agency", "name", "To/OrganName"),
    ("documents.DocumentRecipient", "name", "To/OrganName"),
)
INCOMING_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("accounts.Agency", "code", "FileCode/OrganId"),
    ("documents.IncomingDocument", "doc_type", "TypeName"),
    # number_symbol (42 = 11 + "/" + 30) is split: tests/documents/test_metadata.py checks it
    ("documents.IncomingDocument", "sender_name", "OrganName"),
    ("documents.IncomingDocument", "subject", "Subject"),
    ("documents.OutgoingDocument", "signer_position", "SignerInfo/Position"),
    ("documents.OutgoingDocument", "signer_name", "SignerInfo/FullName"),
    ("documents.IncomingDocument", "incoming_number", "ArrivalNumber"),
)


def field_at(table: Sequence[Field], path: str) -> Field:
    """The field at `path` ("SignerInfo/FullName") of `table`; KeyError if there is none."""
    fields, found = tuple(table), None
    for code in path.split("/"):
        found = next((f for f in fields if f.code == code), None)
        if found is None:
            raise KeyError(path)
        fields = found.parts
    assert found is not None
    return found


def _values(table: Sequence[Field], raw: Sequence[Any]) -> list[Value]:
    """`raw` in table order: a scalar, a tuple for a composite, a list for a repeated field."""
    out: list[Value] = []
    for field, item in zip(table, raw, strict=True):
        for one in item if isinstance(item, list) else [item]:
            if field.parts:
                assert isinstance(one, tuple)
                parts = tuple(Value(p, v) for p, v in zip(field.parts, one, strict=True))
                out.append(Value(field, parts=parts))
            else:
                out.append(Value(field, one))
    return out


def _pages(stored: FieldFile | None) -> int | None:
    if not stored:
        return None
    return pdf_pages(stored_bytes(stored))


def _recipient_organ_id(recipient: DocumentRecipient) -> str:
    if recipient.agency is not None:
        return recipient.agency.code
    return recipient.partner.organ_id if recipient.partner is not None else ""


def outgoing_metadata(document: OutgoingDocument) -> list[Value]:
    """The Annex VI values of an outgoing document, in annex order (module contract)."""
    recipients = list(document.recipients.select_related("agency", "partner"))
    _number, _sep, notation = document.symbol.partition("/")
    return _values(OUTGOING, [
        (document.agency.code, None, None),
        None,
        BY_CODE[document.doc_type].name,
        number_text(document.number) if document.number else "",
        notation,
        document.document_date,
        document.agency.name,
        document.subject,
        LANGUAGE,
        _pages(document.pdf),
        "",
        (document.signer_position, document.signer_name),
        [(_recipient_organ_id(r), r.agency.name if r.agency else r.name) for r in recipients],
        PRIORITY_OF[document.urgency],
        len(recipients),
        None,
    ])  # fmt: skip


def _split_symbol(symbol: str) -> tuple[str, str]:
    """'01/QĐ-UBND' → ('01', 'QĐ-UBND'); without a '/', digits are a number, else a notation."""
    number, sep, notation = symbol.partition("/")
    if sep:
        return number, notation
    return (symbol, "") if symbol.isdigit() else ("", symbol)


def _trace(document: IncomingDocument) -> str:
    units = "; ".join(a.unit.name for a in document.assignments.select_related("unit"))
    lines = [
        (_("Đơn vị chủ trì"), document.lead_unit.name if document.lead_unit else ""),
        (_("Đơn vị phối hợp"), units),
        (_("Hạn giải quyết"), document.deadline.strftime("%d/%m/%Y") if document.deadline else ""),
        (_("Tình trạng xử lý"), document.get_status_display()),
        (_("Lý do trả lại"), document.return_reason),
    ]
    return "\n".join(f"{label}: {text}" for label, text in lines if text)


def incoming_metadata(document: IncomingDocument) -> list[Value]:
    """The Annex VI values of an incoming document, in annex order (module contract)."""
    source = document.source
    if source is not None:
        names = [r.agency.name if r.agency else r.name for r in source.recipients.all()]
        places = "; ".join(names)
    else:
        places = document.agency.name
    number, notation = _split_symbol(document.number_symbol)
    return _values(INCOMING, [
        (document.agency.code, None, None),
        None,
        BY_CODE[document.doc_type].name,
        number,
        notation,
        document.document_date,
        document.sender_name,
        document.subject,
        LANGUAGE,
        _pages(document.pdf or (source.pdf if source else None)),
        "",
        (source.signer_position, source.signer_name) if source else ("", ""),
        PRIORITY_OF[document.urgency],
        document.received_at.astimezone(LOCAL_TZ).date(),
        document.incoming_number,
        places,
        _trace(document),
        document.deadline,
    ])  # fmt: skip


def _text(value: Scalar) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def check(values: Iterable[Value]) -> None:
    """Refuse a value longer than its field (module contract)."""
    for item in values:
        check(item.parts)
        limit = item.field.length
        if limit is not None and len(_text(item.value)) > limit:
            raise DomainError(
                _("Trường “%(field)s” (%(code)s) dài quá %(limit)d ký tự.")
                % {"field": _(item.field.label), "code": item.field.code, "limit": limit},
                code="metadata.field_too_long",
            )


def _element(parent: ET.Element, item: Value) -> None:
    element = ET.SubElement(parent, item.field.code)
    if item.parts:
        for part in item.parts:
            _element(element, part)
    else:
        element.text = _text(item.value)


def metadata_xml(values: Sequence[Value], *, root: str) -> bytes:
    """The values as XML under `root` (`OUTGOING_ROOT` or `INCOMING_ROOT`), after `check`."""
    check(values)
    element = ET.Element(root)
    for item in values:
        _element(element, item)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)
