"""Reading a sealed edXML package (docs/edxml.md): size, DTD and entity refusal (defusedxml),
the seal and the sealer's trust, then every field, each file's base64 and SHA-256. A received
value out of bounds is a malformed package."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree as ET  # types only; parsing is defusedxml

from cryptography import x509
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from motcua.documents.edxml.fields import (
    _PATHS,
    DATE_FORMAT,
    MAX_PACKAGE_BYTES,
    TIME_FORMAT,
    VIETNAM,
    Attachment,
    Envelope,
    Organ,
    Trace,
    validate,
)
from motcua.documents.edxml.seal import EdxmlError, b64decode_strict, q, verify


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
