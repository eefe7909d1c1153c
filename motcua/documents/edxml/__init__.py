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
  (`seal`: the platform's own seal, not XML-DSig).
- `parse` refuses, with a stable code, a package over `max_bytes`, anything with a DTD or an
  entity (defusedxml), a broken or missing seal, a certificate `trusted` does not accept, a file
  whose base64 or SHA-256 is wrong, and a field that is missing or out of bounds. It checks who
  sealed, not that the sealer is the `From` organ: the caller compares the certificate's owner
  with `envelope.from_organ` (Decree 30/2020/NĐ-CP Art. 21: authenticity and integrity are
  checked before an incoming document is registered).
- Dates are written `yyyy/MM/dd` and times `yyyy/MM/dd HH:mm:ss` in Vietnam time, as the public
  builders write them; times keep whole seconds. XML turns CR LF into LF (XML 1.0 §2.11), so
  text comes back with LF line ends.

The modules: `fields` (dataclasses, formats, `validate`), `write` (`build`), `read` (`parse`),
`status` (`build_status`, `parse_status`, `STATUS_CODES`), `seal` (the seal, `EdxmlError`).
No Django model is used; the package is unit-tested without a database.
"""

from __future__ import annotations

from motcua.documents.edxml.fields import (
    MAX_PACKAGE_BYTES,
    Attachment,
    Envelope,
    Organ,
    StatusMessage,
    Trace,
    validate,
)
from motcua.documents.edxml.read import parse
from motcua.documents.edxml.seal import MC_NS, NS, EdxmlError
from motcua.documents.edxml.status import STATUS_CODES, build_status, parse_status
from motcua.documents.edxml.write import build

__all__ = [
    "MAX_PACKAGE_BYTES",
    "MC_NS",
    "NS",
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
    "validate",
]
