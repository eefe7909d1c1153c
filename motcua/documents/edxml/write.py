"""Writing a sealed edXML package (docs/edxml.md): UTF-8 without indentation, each `Reference`
with the SHA-256 of its file, sealed over what a receiver will parse."""

from __future__ import annotations

import base64
import hashlib
import sys
from datetime import datetime
from xml.etree import ElementTree as ET  # builds only; parsing is defusedxml

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from motcua.documents.edxml.fields import (
    DATE_FORMAT,
    TIME_FORMAT,
    VIETNAM,
    Envelope,
    Organ,
    Trace,
    validate,
)
from motcua.documents.edxml.read import _locate, _read_xml
from motcua.documents.edxml.seal import mc, q, seal


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
