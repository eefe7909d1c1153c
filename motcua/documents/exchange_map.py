"""The mapping between the platform's documents and edXML envelopes (QCVN 102:2016/BTTTT;
Decree 30/2020/NĐ-CP Annex VI Part II metadata). Pure of writes: reads the document only.

Choices that are the platform's own (docs/edxml.md lists what QCVN 102 leaves open):
- `DocumentType/Type` is the position of the type in Art. 7 (1–29, `types.DOCUMENT_TYPES`);
  on receipt the `TypeName` decides, the number only when the name is unknown.
- `OtherInfo/Priority`: 0 ordinary, 1 Khẩn, 2 Thượng khẩn, 3 Hỏa tốc (4 is read as Hỏa tốc).
- `DocumentId` is a UUID 5 of the issuing body, year, series and number, so exporting the
  same document twice gives the same identifier and a receiver refuses the second copy.
"""

from __future__ import annotations

import uuid

from motcua.accounts.models import Agency
from motcua.core.errors import DomainError
from motcua.documents import edxml
from motcua.documents.models import ExchangePartner, OutgoingDocument
from motcua.documents.types import AUTHORITY_PREFIXES, BY_CODE, DOCUMENT_TYPES

PRIORITY_OF = {"": 0, "khan": 1, "thuong_khan": 2, "hoa_toc": 3}
URGENCY_OF = {0: "", 1: "khan", 2: "thuong_khan", 3: "hoa_toc", 4: "hoa_toc"}
TYPE_NUMBER = {t.code: i for i, t in enumerate(DOCUMENT_TYPES, start=1)}
DOCUMENT_NAMESPACE = uuid.UUID("6f1d3c1e-1f0a-5b7e-9a55-0c2d6a8e4b10")
PDF = "application/pdf"


def organ_of(agency: Agency) -> edxml.Organ:
    """An agency as a QCVN 102 organ: its code is the `OrganId`."""
    parent = agency.parent
    return edxml.Organ(
        organ_id=agency.code,
        organization_in_charge=parent.name[:200] if parent is not None else "",
        organ_name=agency.name[:200],
    )


def partner_organ(partner: ExchangePartner) -> edxml.Organ:
    """A partner of another platform as a QCVN 102 organ."""
    return edxml.Organ(
        organ_id=partner.organ_id,
        organization_in_charge=partner.organization_in_charge,
        organ_name=partner.name,
    )


def document_id_of(document: OutgoingDocument) -> str:
    key = f"{document.agency.code}:{document.year}:{document.series}:{document.number}"
    return str(uuid.uuid5(DOCUMENT_NAMESPACE, key))


def _competence(document: OutgoingDocument) -> str:
    prefix = AUTHORITY_PREFIXES.get(document.signer_authority, ("", ""))[0]
    return f"{prefix} {document.signer_authority_of}".strip() if prefix else ""


def envelope_fields(document: OutgoingDocument, pdf: bytes) -> dict[str, object]:
    """The envelope's fields of an issued document whose stored file is `pdf`."""
    recipients = list(document.recipients.select_related("agency", "agency__parent", "partner"))
    to_organs = [organ_of(r.agency) for r in recipients if r.agency is not None] + [
        partner_organ(r.partner) for r in recipients if r.partner is not None
    ]
    if not to_organs:
        raise DomainError(
            "Văn bản không có cơ quan nhận trên hệ thống nên không gửi liên thông được.",
            code="no_recipient_agency",
        )
    number, _sep, notation = document.symbol.partition("/")
    assert document.document_date is not None  # an issued document is dated
    return {
        "document_id": document_id_of(document),
        "from_organ": organ_of(document.agency),
        "to_organs": to_organs,
        "code_number": number,
        "code_notation": notation,
        "place": document.place,
        "promulgation_date": document.document_date,
        "doc_type": TYPE_NUMBER[document.doc_type],
        "type_name": BY_CODE[document.doc_type].name,
        "subject": document.subject,
        "content": document.content,
        "signer_competence": _competence(document),
        "signer_position": document.signer_position,
        "signer_full_name": document.signer_name,
        "priority": PRIORITY_OF[document.urgency],
        "to_places": [r.display_name for r in recipients],
        "attachments": [edxml.Attachment(f"{document_id_of(document)}.pdf", PDF, pdf)],
    }


def doc_type_of(envelope: edxml.Envelope) -> str:
    """The type code of a received envelope: by its name, else by its number."""
    for t in DOCUMENT_TYPES:
        if t.name.casefold() == envelope.type_name.strip().casefold():
            return t.code
    if 1 <= envelope.doc_type <= len(DOCUMENT_TYPES):
        return DOCUMENT_TYPES[envelope.doc_type - 1].code
    raise DomainError(
        f"Loại văn bản “{envelope.type_name[:100]}” không có trong Nghị định 30/2020.",
        code="invalid_type",
    )
