"""Writes of outgoing documents (Decree 30/2020/NĐ-CP Arts. 13–15, 18; docs/documents.md):
draft → in review → approved → issued (or recalled), and the registration of paper documents.

Contract of every service here: keyword-only arguments, one `transaction.atomic`, the actor's
role checked at the issuing agency (`_checks`: specialist or unit head drafts, the signer
approves, the clerk issues and registers), the document row locked first, then the counter,
then the audit head (one `document.*` event on stream ("document", pk), appended last).

Error codes: forbidden, invalid_state, invalid_type, invalid_abbreviation, unit_required,
subject_required, place_required, text_too_long, control_character, unknown_agency,
recipient_required, invalid_mark, duplicate_number, future_date, reason_required,
signing_failed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from motcua.accounts.models import Agency
from motcua.core import audit
from motcua.core.calendar import LOCAL_TZ
from motcua.core.errors import DomainError
from motcua.documents import numbering
from motcua.documents._checks import (
    APPROVE_ROLES,
    CLERK_ROLES,
    CONTENT_MAX,
    DRAFT_ROLES,
    STREAM_OUT,
    SUBJECT_MAX,
    SYMBOL_MAX,
    WIDEST_NUMBER,
    abbreviation,
    refuse_control_chars,
    require_status,
    required_text,
)
from motcua.documents.exchange_send import deliveries_queue
from motcua.documents.models import (
    DocumentRecipient,
    ExchangePartner,
    Medium,
    OutgoingDocument,
    OutgoingStatus,
    RecipientPurpose,
    Series,
)
from motcua.documents.rendering import render_document
from motcua.documents.symbols import number_text, symbol_for
from motcua.documents.types import (
    AUTHORITY_PREFIXES,
    BY_CODE,
    CONG_VAN,
    SECRECY_MARKS,
    URGENCY_MARKS,
    is_secret,
)
from motcua.dossiers.permissions import require_role
from motcua.signing.selectors import verify_page_url
from motcua.signing.services.signer import sign_for_agency


@dataclass(frozen=True)
class RecipientData:
    """An agency on the platform (`agency_code`) or an outside body (`name`)."""

    agency_code: str = ""
    name: str = ""
    purpose: str = RecipientPurpose.TO


@dataclass(frozen=True)
class DocumentData:
    """What the drafting unit writes; the issuing agency's abbreviation is explicit."""

    issuer_abbreviation: str
    doc_type: str
    subject: str
    place: str
    content: str = ""
    drafting_unit: str = ""
    signer_name: str = ""
    signer_position: str = ""
    signer_authority: str = ""
    signer_authority_of: str = ""
    urgency: str = ""
    secrecy: str = ""
    recipients: Sequence[RecipientData] = ()


def _check_symbol_fits(doc_type: str, issuer: str, unit: str) -> None:
    """Refuse at drafting a symbol that could not be stored once numbered (up to 4 digits)."""
    widest = symbol_for(doc_type, WIDEST_NUMBER, issuer=issuer, unit=unit)
    if len(widest) > SYMBOL_MAX:
        raise DomainError(
            f"Số, ký hiệu văn bản (như {widest}) dài quá {SYMBOL_MAX} ký tự: hãy rút gọn chữ "
            "viết tắt của cơ quan ban hành hoặc đơn vị soạn thảo.",
            code="symbol_too_long",
        )


def _clean(data: DocumentData) -> dict[str, Any]:
    """The model fields of `data`, checked (Annex I §II.3 for the abbreviations)."""
    if data.doc_type not in BY_CODE:
        raise DomainError("Loại văn bản không hợp lệ.", code="invalid_type")
    refuse_control_chars(
        lines={"content": data.content},
        single={
            k: getattr(data, k)
            for k in ("subject", "place", "signer_name", "signer_position", "signer_authority_of")
        },
    )
    if data.drafting_unit or data.doc_type == CONG_VAN:
        if not data.drafting_unit:
            raise DomainError(
                "Công văn cần chữ viết tắt của đơn vị soạn thảo.", code="unit_required"
            )
        abbreviation(data.drafting_unit, label="Đơn vị soạn thảo")
    marks_ok = data.urgency in URGENCY_MARKS and data.secrecy in SECRECY_MARKS
    if not marks_ok or data.signer_authority not in AUTHORITY_PREFIXES:
        raise DomainError("Độ khẩn, độ mật hoặc thẩm quyền ký không hợp lệ.", code="invalid_mark")
    if data.signer_authority and not data.signer_authority_of.strip():
        raise DomainError(
            "Ghi rõ ký thay, thay mặt hoặc thừa lệnh cho ai (ví dụ: Chủ tịch).",
            code="authority_of_required",
        )
    if len(data.content) > CONTENT_MAX:
        raise DomainError(f"Nội dung dài quá {CONTENT_MAX} ký tự.", code="text_too_long")
    issuer = abbreviation(data.issuer_abbreviation, label="Cơ quan ban hành")
    _check_symbol_fits(data.doc_type, issuer, data.drafting_unit)
    return {
        "issuer_abbreviation": issuer,
        "doc_type": data.doc_type,
        "subject": required_text(
            data.subject, label="trích yếu", limit=SUBJECT_MAX, code="subject_required"
        ),
        "place": required_text(data.place, label="địa danh", limit=100, code="place_required"),
        "content": data.content.strip(),
        "drafting_unit": data.drafting_unit,
        "signer_name": data.signer_name.strip()[:50],
        "signer_position": data.signer_position.strip()[:100],
        "signer_authority": data.signer_authority,
        "signer_authority_of": data.signer_authority_of.strip()[:100],
        "urgency": data.urgency,
        "secrecy": data.secrecy,
        "series": Series.SECRET if is_secret(data.secrecy) else Series.NORMAL,
    }


def _add_recipients(doc: OutgoingDocument, recipients: Sequence[RecipientData]) -> None:
    for i, r in enumerate(recipients):
        agency = partner = None
        if r.agency_code:
            agency = Agency.objects.filter(code=r.agency_code, is_active=True).first()
            # an agency of another platform, registered for edXML exchange (partners.py)
            partner = (
                None
                if agency
                else ExchangePartner.objects.filter(organ_id=r.agency_code, is_active=True).first()
            )
            if agency is None and partner is None:
                raise DomainError("Không tìm thấy cơ quan nhận.", code="unknown_agency")
        name = r.name.strip()[:200] or (partner.name if partner else "")
        if agency is None and not name:
            raise DomainError("Cần chọn cơ quan nhận hoặc ghi tên.", code="recipient_required")
        if r.purpose not in RecipientPurpose.values:
            raise DomainError("Nơi nhận không hợp lệ.", code="recipient_required")
        DocumentRecipient.objects.create(
            document=doc, agency=agency, partner=partner, name=name, purpose=r.purpose, position=i
        )


def _lock(document: OutgoingDocument) -> OutgoingDocument:
    return (
        OutgoingDocument.objects.select_for_update(of=("self",))
        .select_related("agency", "agency__parent")
        .get(pk=document.pk)
    )


def _record(doc: OutgoingDocument, actor: Any, kind: str, payload: dict[str, Any]) -> None:
    audit.append(
        stream_type=STREAM_OUT,
        stream_id=str(doc.pk),
        kind=kind,
        actor=actor,
        payload={"agency": doc.agency.code, "status": doc.status, **payload},
        new_stream=kind in ("document.drafted", "document.paper_registered"),
    )


@transaction.atomic
def document_draft_create(*, actor: Any, agency: Agency, data: DocumentData) -> OutgoingDocument:
    """A new draft of `agency`, written by one of its specialists or unit heads."""
    require_role(actor, DRAFT_ROLES, agency)
    doc = OutgoingDocument.objects.create(agency=agency, created_by=actor, **_clean(data))
    _add_recipients(doc, data.recipients)
    _record(doc, actor, "document.drafted", {"doc_type": doc.doc_type, "series": doc.series})
    return doc


@transaction.atomic
def document_submit_review(*, actor: Any, document: OutgoingDocument) -> OutgoingDocument:
    """The drafting unit submits the draft to the leader (trình ký)."""
    doc = _lock(document)
    require_role(actor, DRAFT_ROLES, doc.agency)
    require_status(doc, (OutgoingStatus.DRAFT,), "trình ký")
    doc.status = OutgoingStatus.IN_REVIEW
    doc.save(update_fields=["status"])
    _record(doc, actor, "document.submitted", {})
    return doc


@transaction.atomic
def document_approve(*, actor: Any, document: OutgoingDocument) -> OutgoingDocument:
    """The leader approves and becomes the signer (Art. 13); the name printed is theirs unless
    the draft named the signer already."""
    doc = _lock(document)
    require_role(actor, APPROVE_ROLES, doc.agency)
    require_status(doc, (OutgoingStatus.IN_REVIEW,), "duyệt")
    doc.status = OutgoingStatus.APPROVED
    doc.signer = actor
    doc.signer_name = doc.signer_name or (actor.full_name or actor.username)[:50]
    doc.approved_by, doc.approved_at = actor, timezone.now()
    doc.save(update_fields=["status", "signer", "signer_name", "approved_by", "approved_at"])
    _record(doc, actor, "document.approved", {"signer": actor.pk})
    return doc


def document_issue(*, actor: Any, document: OutgoingDocument) -> OutgoingDocument:
    """The clerk issues an approved document (Art. 15, Art. 18), in one transaction: the next
    number of (agency, Vietnam calendar year of now, series) under the counter lock, the symbol,
    the date, the PDF rendered and signed with the agency's credential (`sign_for_agency`;
    refused with `no_credential` when the agency has none usable: an electronic document is
    valid only signed, Decree 30/2020 Art. 8), stored with its SHA-256. Any failure — signing
    included — rolls the number back (no gap) and removes the stored file."""
    stored: list[OutgoingDocument] = []
    try:
        with transaction.atomic():
            return _issue(actor, document, stored)
    except BaseException:
        for doc in stored:
            if doc.pdf.name:
                doc.pdf.storage.delete(doc.pdf.name)
        raise


def _issue(actor: Any, document: OutgoingDocument, stored: list[OutgoingDocument]) -> Any:
    doc = _lock(document)
    require_role(actor, CLERK_ROLES, doc.agency)
    require_status(doc, (OutgoingStatus.APPROVED,), "ban hành")
    now = timezone.now()
    day = now.astimezone(LOCAL_TZ).date()
    doc.year = day.year
    doc.number = numbering.allocate(agency_id=doc.agency_id, year=doc.year, series=doc.series)
    doc.symbol = symbol_for(
        doc.doc_type, doc.number, issuer=doc.issuer_abbreviation, unit=doc.drafting_unit
    )
    doc.document_date, doc.issued_at, doc.issued_by = day, now, actor
    doc.status = OutgoingStatus.ISSUED
    unsigned, seal = render_document(doc, day=day)
    pdf = sign_for_agency(
        unsigned, agency=doc.agency, verify_url=verify_page_url(), seal_over=seal, required=True
    )
    doc.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    doc.pdf.save("document.pdf", ContentFile(pdf), save=False)
    stored.append(doc)
    fields = ["year", "number", "symbol", "document_date", "issued_at", "issued_by", "status"]
    doc.save(update_fields=[*fields, "pdf", "pdf_sha256"])
    payload = {"number": doc.number, "year": doc.year, "series": doc.series, "symbol": doc.symbol}
    _record(doc, actor, "document.issued", {**payload, "sha256": doc.pdf_sha256})
    deliveries_queue(doc)  # to recipients on other platforms, through the outbox
    return doc


def _refuse_duplicate(agency: Agency, year: int, series: str, number: int, symbol: str) -> None:
    """Annex VI Part I §III: a number, symbol and issuing body already registered that year."""
    same = Q(number=number) | Q(symbol=symbol)
    taken = OutgoingDocument.objects.filter(same, agency=agency, year=year, series=series).first()
    if taken is not None:
        raise DomainError(
            f"Số, ký hiệu {symbol} của {agency.name} đã được đăng ký trong năm {year} "
            f"(văn bản “{taken.subject[:80]}”, số {taken.symbol}). Không đăng ký trùng số.",
            code="duplicate_number",
        )


@transaction.atomic
def document_register_paper(
    *,
    actor: Any,
    agency: Agency,
    data: DocumentData,
    document_date: date,
    number: int | None = None,
) -> OutgoingDocument:
    """Register a paper document dated by hand (Art. 15: one sequence for paper and electronic
    documents, with no gap). It takes the next number of its register; a number written on
    the paper must be that one. A number or symbol of that year and series already registered,
    or one that would leave a gap, is refused and nothing changes."""
    require_role(actor, CLERK_ROLES, agency)
    fields = _clean(data)
    if number is not None and number < 1:
        raise DomainError("Số văn bản phải lớn hơn 0.", code="invalid_number")
    if document_date > timezone.now().astimezone(LOCAL_TZ).date():
        raise DomainError("Ngày ban hành không được sau hôm nay.", code="future_date")
    year, series = document_date.year, fields["series"]
    counter = numbering.lock_counter(agency_id=agency.pk, year=year, series=series)
    following = counter.last + 1
    number = following if number is None else number
    symbol = symbol_for(
        data.doc_type, number, issuer=fields["issuer_abbreviation"], unit=data.drafting_unit
    )
    _refuse_duplicate(agency, year, series, number, symbol)
    if number != following:
        raise DomainError(
            f"Số tiếp theo của sổ văn bản đi năm {year} là {number_text(following)}; văn bản "
            f"giấy không mang số {number_text(number)} được (sổ không được trống hay lặp số).",
            code="number_gap",
        )
    numbering.allocate(agency_id=agency.pk, year=year, series=series)
    doc = OutgoingDocument.objects.create(
        agency=agency,
        created_by=actor,
        medium=Medium.PAPER,
        status=OutgoingStatus.ISSUED,
        number=number,
        year=year,
        symbol=symbol,
        document_date=document_date,
        issued_at=timezone.now(),
        issued_by=actor,
        **fields,
    )
    _add_recipients(doc, data.recipients)
    _record(doc, actor, "document.paper_registered", {"number": number, "symbol": symbol})
    return doc


@transaction.atomic
def document_recall(*, actor: Any, document: OutgoingDocument, reason: str) -> OutgoingDocument:
    """The leader recalls an issued document (Annex VI Part I §III: frozen on recall). Its number
    stays used; receivers are not told here (docs/documents.md: missing)."""
    doc = _lock(document)
    require_role(actor, APPROVE_ROLES, doc.agency)
    require_status(doc, (OutgoingStatus.ISSUED,), "thu hồi")
    reason = required_text(reason, label="lý do thu hồi", limit=2000, code="reason_required")
    refuse_control_chars(lines={"reason": reason}, single={})
    doc.status, doc.recalled_at, doc.recall_reason = OutgoingStatus.RECALLED, timezone.now(), reason
    doc.save(update_fields=["status", "recalled_at", "recall_reason"])
    _record(doc, actor, "document.recalled", {"reason": reason})
    return doc
