"""The PDF of an outgoing document in the layout of Decree 30/2020/NĐ-CP Annex I (A4, Times New
Roman through `core.pdf`'s Liberation Serif; docs/documents.md).

Layout (Annex I §II, Art. 8):
- top left: the parent body (regular capitals) over the issuing body (bold capitals), a short
  rule, "Số: 05/QĐ-UBND"; a công văn prints "V/v <subject>" under the number; the secrecy and
  urgency marks below;
- top right: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự do - Hạnh phúc" (bold,
  underlined), then the place-and-date line in italics;
- the type name in bold capitals and the subject under it (not for a công văn, which opens
  with "Kính gửi:"), then the content;
- bottom left "Nơi nhận:" with one line per recipient and "- Lưu: VT, <unit>."; bottom right
  the authority line (prefix and whom it signs for), the position, the signer's spot (40 × 24
  mm) and the signer's name. `render_document` returns where the spot landed, so the issuing
  body's seal is signed over its left third (`signing.services.signer.SealSpot`, §II.8).

Assumption: an agency name starting with the usual "UBND" is printed in full ("Ủy ban nhân
dân …"), as the heading needs the full name (Annex I §II.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from motcua.accounts.models import Agency
from motcua.core.pdf import render_pdf_anchored
from motcua.documents.models import OutgoingDocument, RecipientPurpose
from motcua.documents.symbols import place_date_line
from motcua.documents.types import (
    AUTHORITY_PREFIXES,
    SECRECY_MARKS,
    URGENCY_MARKS,
    document_type,
)
from motcua.signing.services.signer import SealSpot

TEMPLATE = "documents/pdf/outgoing.html"  # pdf/: for WeasyPrint only, never a page
SIGN_SPOT = "cho-ky"  # the id of the signer's spot in the template
_EXPANSIONS = (("UBND ", "Ủy ban nhân dân "),)


def heading_name(name: str) -> str:
    """The body's full name in capitals, as the heading prints it."""
    for short, full in _EXPANSIONS:
        if name.startswith(short):
            name = full + name[len(short) :]
    return name.upper()


@dataclass(frozen=True)
class Recipients:
    addressed: list[str]  # "Kính gửi"
    listed: list[str]  # "Nơi nhận", before "Lưu"
    archive: str  # "Lưu: VT, VX."


def _recipients(doc: OutgoingDocument, *, letter: bool) -> Recipients:
    """A công văn names its addressees after "Kính gửi:" and lists them as "Như trên"; any
    other type has no "Kính gửi", so "Nơi nhận" names them (Annex I §II.9)."""
    rows = list(doc.recipients.select_related("agency"))
    names = [(r.display_name, r.purpose) for r in rows]
    addressed = [n for n, p in names if p == RecipientPurpose.TO]
    copies = [n for n, p in names if p == RecipientPurpose.COPY]
    listed = ((["Như trên"] if addressed else []) if letter else addressed) + copies
    archive = "Lưu: VT" + (f", {doc.drafting_unit}" if doc.drafting_unit else "") + "."
    return Recipients(addressed if letter else [], listed, archive)


def _issuer(agency: Agency) -> dict[str, str]:
    parent = agency.parent
    return {
        "parent": heading_name(parent.name) if parent else "",
        "name": heading_name(agency.name),
    }


def _signer(doc: OutgoingDocument) -> dict[str, str]:
    prefix = AUTHORITY_PREFIXES[doc.signer_authority][0]
    line = f"{prefix} {doc.signer_authority_of}".strip() if prefix else ""
    return {
        "authority": line.upper(),
        "position": doc.signer_position.upper(),
        "name": doc.signer_name,
    }


def document_context(doc: OutgoingDocument, *, day: date) -> dict[str, Any]:
    kind = document_type(doc.doc_type)
    return {
        "doc": doc,
        "issuer": _issuer(doc.agency),
        "number_line": doc.symbol or "",
        "is_letter": kind.is_letter,
        "type_name": kind.name.upper(),
        "place_date": place_date_line(doc.place, day),
        "secrecy": SECRECY_MARKS[doc.secrecy].upper(),
        "urgency": URGENCY_MARKS[doc.urgency].upper(),
        "paragraphs": [p.strip() for p in doc.content.split("\n") if p.strip()],
        "recipients": _recipients(doc, letter=kind.is_letter),
        "signer": _signer(doc),
        "sign_spot": SIGN_SPOT,
    }


def render_document(doc: OutgoingDocument, *, day: date) -> tuple[bytes, SealSpot]:
    """Unsigned PDF bytes of `doc` dated `day` and where the issuing body's seal goes (the
    caller signs and stores them)."""
    pdf, anchors = render_pdf_anchored(TEMPLATE, document_context(doc, day=day), paper="A4")
    return pdf, SealSpot(anchors[SIGN_SPOT], heading_name(doc.agency.name))
