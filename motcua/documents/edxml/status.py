"""Status messages back to the sender (`MessageStatus`, docs/edxml.md): the platform's own
codes until the QCVN 102 list is found; callers pass `codes=` to use a configured list."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from xml.etree import ElementTree as ET  # builds only; parsing is defusedxml

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils.translation import gettext_noop

from motcua.documents.edxml.fields import (
    _PATHS,
    MAX_PACKAGE_BYTES,
    StatusMessage,
    _check_organ,
    _check_text,
    _check_time,
    _check_uuid,
    _invalid,
)
from motcua.documents.edxml.read import (
    _datetime,
    _malformed,
    _open,
    _read_organ,
    _revalidated,
    _text,
)
from motcua.documents.edxml.seal import q
from motcua.documents.edxml.write import _organ, _sealed, _sub, _time

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


def _validate_status(status: StatusMessage, codes: Mapping[str, str]) -> None:
    _check_uuid(status.document_id, "document_id")
    _check_organ(status.from_organ)
    _check_organ(status.to_organ)
    if status.status_code not in codes:
        raise _invalid("status_code")
    _check_text(status.description, "description")
    _check_time(status.time, "time")


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
