"""Documents exchanged as edXML packages between platforms (QCVN 102:2016/BTTTT; Decree
30/2020/NĐ-CP Arts. 16, 21; docs/edxml.md, docs/documents.md).

Contract:
- `export_envelope`: only the clerk of the issuing agency exports an issued electronic
  document, never a secret one (Law on Protection of State Secrets 2018: a secret document
  does not travel electronically); the package is sealed with the issuing agency's active
  credential (`signing.selectors.active_credential`) and the export is one `document.exported`
  audit event on the document's stream.
- `import_envelope` (= `check_envelope` then `register_checked`): every check runs before
  anything is written — the seal and its certificate (`exchange_trust`: chained to a trusted
  CA, not revoked, issued for the agency that is the `From` organ; or the pinned certificate of
  the registered partner that is the `From` organ, `partners`), the SHA-256 of the files, the
  PAdES signature of the PDF (`signing.verify.verify_pdf`; a partner's against its own CAs,
  revocation fetched), the receiver among the `To` organs and its credential (it seals the
  status messages), the package not received before (a DocumentId is unique per sender). A
  package sealed by an agency on this platform must carry one of its issued documents, not
  recalled and not received directly already; the incoming document is linked to it. Then, in
  one transaction, the next incoming number of the receiver (the register of
  `services_incoming`, Annex IV), the PDF stored with its SHA-256, receipt acknowledged at once
  (Art. 21: the same day) and one `document.imported` event. Any failure is a `DomainError`
  with a Vietnamese message and nothing is kept (the stored file is removed).
- Status messages back to the sender, and the endpoint's call: `exchange_status`.

Error codes: forbidden, not_issued, secret_not_electronic, no_recipient_agency, no_credential,
edxml.* (docs/edxml.md), sender_mismatch, integrity_failed, not_a_recipient, unknown_agency,
already_received, invalid_type, unknown_document, recalled.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.errors import DomainError
from motcua.documents import edxml, numbering
from motcua.documents._checks import CLERK_ROLES, STREAM_IN, STREAM_OUT, stored_bytes
from motcua.documents.exchange_map import (
    PDF,
    URGENCY_OF,
    doc_type_of,
    document_id_of,
    envelope_fields,
)
from motcua.documents.exchange_trust import certificate_trusted, owner_of
from motcua.documents.models import (
    EdxmlReceipt,
    ExchangePartner,
    IncomingDocument,
    Medium,
    NumberCounter,
    OutgoingDocument,
    OutgoingStatus,
)
from motcua.documents.partners import foreign_trust, partner_of
from motcua.documents.types import is_secret
from motcua.dossiers.permissions import require_role
from motcua.signing import keystore
from motcua.signing.models import CredentialKind
from motcua.signing.selectors import active_credential, load_cert
from motcua.signing.verify import verify_pdf

MAX_BYTES = edxml.MAX_PACKAGE_BYTES


def _read_pdf(document: OutgoingDocument) -> bytes:
    return stored_bytes(document.pdf)


def envelope_of(document: OutgoingDocument) -> edxml.Envelope:
    """The edXML envelope of an issued document, its stored signed PDF as the attachment."""
    if is_secret(document.secrecy):
        raise DomainError(
            "Văn bản mật không được gửi qua hệ thống điện tử.", code="secret_not_electronic"
        )
    issued = document.status == OutgoingStatus.ISSUED and document.medium == Medium.ELECTRONIC
    if not issued or not document.pdf or document.document_date is None:
        raise DomainError("Văn bản chưa được ban hành điện tử.", code="not_issued")
    fields = envelope_fields(document, _read_pdf(document))
    hop = edxml.Trace(organ_id=document.agency.code, time=timezone.now().replace(microsecond=0))
    return edxml.Envelope(**fields, trace=[hop])  # type: ignore[arg-type]


def credential_of(agency: Agency) -> tuple[RSAPrivateKey, x509.Certificate]:
    credential = active_credential(kind=CredentialKind.AGENCY, agency_id=agency.pk)
    if credential is None:
        raise DomainError(
            f"{agency.name} chưa có chứng thư ký số nên không gửi, báo nhận liên thông được.",
            code="no_credential",
        )
    key = keystore.unseal(credential.key_encrypted)
    assert isinstance(key, RSAPrivateKey)  # the platform issues and accepts RSA keys only
    return key, load_cert(credential.cert_der)


def sealed_package(doc: OutgoingDocument) -> tuple[edxml.Envelope, bytes]:
    """The envelope of an issued document and its package sealed by the issuing agency."""
    envelope = envelope_of(doc)
    key, certificate = credential_of(doc.agency)
    return envelope, edxml.build(envelope, key=key, certificate=certificate)


@transaction.atomic
def export_envelope(*, actor: Any, document: OutgoingDocument) -> bytes:
    """The sealed edXML package of `document` (see the module contract)."""
    doc = OutgoingDocument.objects.select_related("agency", "agency__parent").get(pk=document.pk)
    require_role(actor, CLERK_ROLES, doc.agency)
    envelope, package = sealed_package(doc)
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(doc.pk),
        kind="document.exported",
        actor=actor,
        payload={
            "agency": doc.agency.code,
            "document_id": envelope.document_id,
            "to": [o.organ_id for o in envelope.to_organs],
            "sha256": hashlib.sha256(package).hexdigest(),
        },
    )
    return package


@dataclass(frozen=True)
class Checked:
    """A received package that passed every check, and what it is registered with."""

    envelope: edxml.Envelope
    agency: Agency  # the receiver here
    sender: Agency | None  # the sender when it is on this platform
    partner: ExchangePartner | None  # the sender when it is on another platform
    doc_type: str
    pdf: bytes
    source: OutgoingDocument | None = None  # the issued document, for a sender here


def _parse(data: bytes) -> tuple[edxml.Envelope, x509.Certificate]:
    sealed: list[x509.Certificate] = []
    now = timezone.now()

    def trusted(certificate: x509.Certificate) -> bool:
        sealed.append(certificate)
        if certificate_trusted(certificate, now=now):
            return True
        return partner_of(certificate, now=now) is not None

    envelope = edxml.parse(data, trusted=trusted, max_bytes=MAX_BYTES)
    return envelope, sealed[-1]


def _check_sender(
    envelope: edxml.Envelope, certificate: x509.Certificate
) -> tuple[Agency | None, ExchangePartner | None]:
    """The sealing agency here, or the partner whose pinned certificate sealed it; either way
    it must be the envelope's `From` organ."""
    owner = owner_of(certificate)
    partner = None if owner is not None else partner_of(certificate, now=timezone.now())
    code = owner.code if owner is not None else (partner.organ_id if partner else None)
    if code != envelope.from_organ.organ_id:
        raise DomainError(
            "Chứng thư số niêm phong gói tin không phải của cơ quan gửi "
            f"({envelope.from_organ.organ_name[:200]}).",
            code="sender_mismatch",
        )
    return owner, partner


def _signed_pdf(envelope: edxml.Envelope, partner: ExchangePartner | None) -> bytes:
    pdfs = [a for a in envelope.attachments if a.content_type == PDF]
    if len(pdfs) != 1:
        raise DomainError("Gói tin phải có đúng một tệp PDF của văn bản.", code="edxml.malformed")
    foreign = foreign_trust(partner) if partner is not None else None
    report = verify_pdf(pdfs[0].data, foreign=foreign)
    if not report.valid:
        raise DomainError(
            f"Văn bản {envelope.code_number}/{envelope.code_notation} không bảo đảm tính xác "
            f"thực, toàn vẹn nên không được tiếp nhận: {report.reason}",
            code="integrity_failed",
        )
    return pdfs[0].data


def _receiver(envelope: edxml.Envelope, agency: Agency | None) -> Agency:
    codes = [o.organ_id for o in envelope.to_organs]
    if agency is None:
        agency = Agency.objects.filter(code__in=codes, is_active=True).order_by("pk").first()
        if agency is None:
            raise DomainError("Không có cơ quan nhận nào trên hệ thống.", code="unknown_agency")
    if agency.code not in codes:
        raise DomainError(
            f"{agency.name} không có trong nơi nhận của văn bản.", code="not_a_recipient"
        )
    return agency


def check_envelope(*, data: bytes, receiving_agency: Agency | None) -> Checked:
    """Every check of the module contract, nothing written."""
    envelope, certificate = _parse(data)
    sender, partner = _check_sender(envelope, certificate)
    pdf = _signed_pdf(envelope, partner)
    agency = _receiver(envelope, receiving_agency)
    credential_of(agency)  # the receiver seals its status messages: refuse before writing
    source = _local_source(envelope, sender, agency)
    return Checked(envelope, agency, sender, partner, doc_type_of(envelope), pdf, source)


def _local_source(
    envelope: edxml.Envelope, sender: Agency | None, agency: Agency
) -> OutgoingDocument | None:
    """A package sealed by an agency on this platform carries one of its issued documents
    (found by its DocumentId): refused when secret, recalled since, or received directly
    already."""
    if sender is None:
        return None
    number = int(envelope.code_number) if envelope.code_number.isdigit() else 0
    issued = OutgoingDocument.objects.filter(
        agency=sender, number=number, medium=Medium.ELECTRONIC, year__isnull=False
    )
    source = next((d for d in issued if document_id_of(d) == envelope.document_id), None)
    if source is None:
        raise DomainError(
            f"{sender.name} không ban hành văn bản nào ứng với gói tin này.",
            code="unknown_document",
        )
    if is_secret(source.secrecy):  # never exported; a package of one is forged
        raise DomainError(
            "Văn bản mật không được gửi, nhận qua hệ thống điện tử.",
            code="secret_not_electronic",
        )
    if source.status != OutgoingStatus.ISSUED:
        raise DomainError(
            f"Văn bản {source.symbol} đã bị nơi gửi thu hồi: {source.recall_reason}"[:500],
            code="recalled",
        )
    direct = IncomingDocument.objects.filter(agency=agency, source=source, edxml__isnull=True)
    if direct.exists():
        raise DomainError(f"Văn bản {source.symbol} đã được tiếp nhận.", code="already_received")
    return source


def import_envelope(*, data: bytes, receiving_agency: Agency | None) -> IncomingDocument:
    """Register a received package in `receiving_agency`'s incoming register (None: the first
    `To` organ that is an agency here); see the module contract."""
    return register_checked(check_envelope(data=data, receiving_agency=receiving_agency))


def _sender_name(checked: Checked) -> str:
    """The name this platform knows the sealer by (an agency here or a registered partner);
    the package's own OrganName only for neither."""
    known = checked.sender or checked.partner
    return str(known.name) if known else checked.envelope.from_organ.organ_name


def register_checked(checked: Checked) -> IncomingDocument:
    stored: list[IncomingDocument] = []
    try:
        with transaction.atomic():
            return _register(checked, stored)
    except BaseException:
        for doc in stored:
            if doc.pdf.name:
                doc.pdf.storage.delete(doc.pdf.name)
        raise


def _register(checked: Checked, stored: list[IncomingDocument]) -> IncomingDocument:
    envelope, agency = checked.envelope, checked.agency
    now = timezone.now()
    year = numbering.local_year(now)
    number = numbering.allocate(agency_id=agency.pk, year=year, series=NumberCounter.INCOMING)
    same = {"document_id": envelope.document_id, "from_organ_id": envelope.from_organ.organ_id}
    if EdxmlReceipt.objects.filter(agency=agency, **same).exists():
        raise DomainError(
            f"Văn bản {envelope.code_number}/{envelope.code_notation} đã được tiếp nhận.",
            code="already_received",
        )
    doc = IncomingDocument(
        agency=agency,
        incoming_number=number,
        year=year,
        medium=Medium.ELECTRONIC,
        sender_agency=checked.sender,
        sender_name=_sender_name(checked),
        source=checked.source,
        number_symbol=f"{envelope.code_number}/{envelope.code_notation}",
        document_date=envelope.promulgation_date,
        doc_type=checked.doc_type,
        subject=envelope.subject,
        urgency=URGENCY_OF[envelope.priority],
        pdf_sha256=hashlib.sha256(checked.pdf).hexdigest(),
        received_at=now,
        acknowledged_at=now,
    )
    doc.pdf.save("document.pdf", ContentFile(checked.pdf), save=False)
    stored.append(doc)
    doc.save()
    EdxmlReceipt.objects.create(
        incoming=doc,
        agency=agency,
        document_id=envelope.document_id,
        from_organ_id=envelope.from_organ.organ_id,
        from_organ_name=envelope.from_organ.organ_name,
        from_organization_in_charge=envelope.from_organ.organization_in_charge[:200],
        partner=checked.partner,
    )
    audit.append(
        stream_type=STREAM_IN,
        stream_id=str(doc.pk),
        kind="document.imported",
        payload={
            "agency": agency.code,
            "status": doc.status,
            "incoming_number": number,
            "year": year,
            "document_id": envelope.document_id,
            "from": envelope.from_organ.organ_id,
            "symbol": doc.number_symbol,
        },
        new_stream=True,
    )
    return doc
